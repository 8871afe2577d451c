"""A feed's ETag moves whenever its bytes do (it is their digest): one test per kind of row that reaches a feed,
changed the way users change it (the app's own forms), then asked for as a subscriber does,
with If-None-Match. And the converse: what does not reach a feed leaves its ETag alone."""

from datetime import datetime
from types import SimpleNamespace

import pytest

from meetings.extensions import db
from meetings.feeds import scopes, tokens
from meetings.models import AgendaItemKind, MeetingStatus, UserRole
from meetings.scheduling import services as scheduling
from tests.feeds.webforms import form_fields, submit


@pytest.fixture
def world(client, auth, build):
    """One meeting with its venue, a room and a chair, made through the services; the feeds it is in."""
    organizer = auth.login(UserRole.ORGANIZER)
    venue = scheduling.save_venue(None, scheduling.VenueInput(name_en="Baku Congress Center", city_en="Baku",
                                                              timezone="Asia/Baku"), user=organizer)
    room = scheduling.save_room(venue, None, scheduling.RoomInput(name="Plenary Hall", capacity=600), user=organizer)
    chair = build.person(given_names="Aida", family_name="Bekova")
    bystander = build.person(given_names="Omar", family_name="Bystander")
    kz = build.party("KZ")
    meeting = scheduling.create_meeting(scheduling.MeetingInput(
        title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц",
        type_id=build.meeting_type("SOC").id, timezone="Asia/Baku", status=MeetingStatus.PLANNED,
        local_start=datetime(2027, 3, 10, 9), local_end=datetime(2027, 3, 10, 18),
        city_en="Baku", host_party_id=kz.id, venue_id=venue.id,
    ), user=organizer, accept_warnings=True)
    item = scheduling.add_agenda_item(meeting, scheduling.ItemInput(
        title_en="Opening plenary", kind=AgendaItemKind.PLENARY, room_id=room.id, chair_id=chair.id,
        local_start=datetime(2027, 3, 10, 10), local_end=datetime(2027, 3, 10, 12),
    ), user=organizer, accept_warnings=True)
    token = tokens.issue_token(party_id=kz.id)
    urls = SimpleNamespace(public="/calendar.ics", by_type="/calendar.ics?type=SOC", by_party="/calendar.ics?party=KZ",
                           meeting=f"/meetings/{meeting.id}.ics", party_token=f"/feeds/{token}.ics")
    return SimpleNamespace(organizer=organizer, venue=venue, room=room, chair=chair, bystander=bystander, kz=kz,
                           meeting=meeting, item=item, urls=urls, all=list(vars(urls).values()))


def text(response) -> str:
    return response.data.replace(b"\r\n ", b"").decode()  # lines unfolded


def fetch(client, urls) -> dict:
    responses = {url: client.get(url) for url in urls}
    assert {r.status_code for r in responses.values()} == {200}
    return responses


def assert_refetched(client, before: dict, *, changed: list[str], showing: str | None = None,
                     maybe: tuple[str, ...] = ()) -> None:
    """Each feed asked again with the ETag its subscriber holds: a changed one answers 200 with a
    new ETag (and the new text), every other one 304 with the same ETag. ``maybe``: feeds whose
    bytes change only if the clock passed a second (LAST-MODIFIED is in whole seconds)."""
    for url, previous in before.items():
        if url in maybe:
            continue
        again = client.get(url, headers={"If-None-Match": previous.headers["ETag"]})
        if url in changed:
            assert again.status_code == 200, url
            assert again.headers["ETag"] != previous.headers["ETag"], url
            if showing is not None:
                assert showing in text(again), url
        else:
            assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", previous.headers["ETag"]), url


def test_unchanged_feeds_answer_304_with_the_same_etag(client, world):
    before = fetch(client, world.all)
    assert_refetched(client, before, changed=[])
    assert fetch(client, world.all)["/calendar.ics"].data == before["/calendar.ics"].data


def test_renaming_the_venue_in_its_form(client, world):
    before = fetch(client, world.all)
    assert "Baku Congress Center" in text(before[world.urls.public])
    submit(client, f"/manage/venues/{world.venue.id}", {"name_en": "Baku Expo Center"})
    assert_refetched(client, before, changed=world.all, showing="Baku Expo Center")


def test_renaming_a_room_in_its_form(client, world):
    before = fetch(client, world.all)
    submit(client, f"/manage/rooms/{world.room.id}/edit", {"name": "Hall of Nations"})
    # Rooms show only in feeds with sessions; the public feeds hold meetings alone and keep their ETag.
    assert_refetched(client, before, changed=[world.urls.meeting, world.urls.party_token], showing="Hall of Nations")


def test_renaming_the_chair_in_the_person_form(client, world):
    before = fetch(client, world.all)
    assert "Chair: Aida Bekova" in text(before[world.urls.meeting])
    submit(client, f"/people/{world.chair.id}/edit", {"family_name": "Nurlanova"})
    assert_refetched(client, before, changed=[world.urls.meeting, world.urls.party_token],
                     showing="Chair: Aida Nurlanova")


def test_editing_someone_who_chairs_nothing_in_the_feed_keeps_every_etag(client, world):
    before = fetch(client, world.all)
    submit(client, f"/people/{world.bystander.id}/edit", {"family_name": "Renamed", "passport_number": "N1234567"})
    assert_refetched(client, before, changed=[])


def test_renaming_the_meeting_type(client, world):
    before = fetch(client, world.all)
    # Meeting types have no form (they come from the seed): renamed here with the ORM.
    world.meeting.type.name_en = "Committee of Senior Officials"
    db.session.commit()
    assert_refetched(client, before, changed=world.all, showing="CATEGORIES:Committee of Senior Officials")
    renamed = client.get(world.urls.by_type)
    assert "X-WR-CALNAME:CICA meetings: Committee of Senior Officials" in text(renamed)


def test_renaming_the_party_in_its_form(client, world):
    before = fetch(client, world.all)
    assert "X-WR-CALNAME:CICA meetings: Kazakhstan" in text(before[world.urls.by_party])
    submit(client, f"/parties/{world.kz.id}/edit", {"name_en": "Republic of Kazakhstan"})
    # Only the feeds named after the party change; the others are built again, to the same bytes.
    assert_refetched(client, before, changed=[world.urls.by_party, world.urls.party_token])
    for url in (world.urls.by_party, world.urls.party_token):
        assert "X-WR-CALNAME:CICA meetings: Republic of Kazakhstan" in text(client.get(url))


def test_editing_the_meeting_in_its_form(client, world):
    before = fetch(client, world.all)
    submit(client, f"/manage/meetings/{world.meeting.id}/edit", {"title_en": "Special Working Group"})
    assert_refetched(client, before, changed=world.all, showing="SUMMARY:Special Working Group")


def test_editing_an_agenda_item_in_its_form(client, world):
    before = fetch(client, world.all)
    submit(client, f"/manage/meetings/{world.meeting.id}/timetable/{world.item.id}/edit",
           {"title_en": "Opening ceremony"})
    # The meeting is a new version too: its public entry changes as well if its LAST-MODIFIED,
    # in whole seconds, moved.
    public = (world.urls.public, world.urls.by_type, world.urls.by_party)
    assert_refetched(client, before, changed=world.all, maybe=public)
    assert "SUMMARY:Opening ceremony" in text(client.get(world.urls.meeting))


def test_deleting_an_agenda_item_in_the_timetable(client, world):
    before = fetch(client, world.all)
    uid = f"UID:agenda-item-{world.item.id}@meetings.s-cica.org"
    assert uid in text(before[world.urls.meeting])
    timetable = f"/manage/meetings/{world.meeting.id}/timetable"
    submit(client, timetable, {}, action=f"{timetable}/{world.item.id}/delete")
    assert_refetched(client, before, changed=world.all, maybe=(world.urls.public, world.urls.by_type, world.urls.by_party))
    assert uid not in text(client.get(world.urls.meeting))


def test_deleting_a_chair_who_is_gone_from_the_feed(client, world):
    """A person deleted in the database leaves items without a chair (ON DELETE SET NULL) and
    without touching them: the count of chairs still moves the ETag."""
    before = fetch(client, [world.urls.meeting])
    db.session.delete(world.chair)
    db.session.commit()
    assert_refetched(client, before, changed=[world.urls.meeting])
    assert "Chair:" not in text(client.get(world.urls.meeting))


def test_language_host_and_breaks_give_other_etags(client, world):
    url = world.urls.meeting
    english = client.get(url)
    russian = client.get(f"{url}?lang=ru")
    other_host = client.get(url, base_url="https://meetings.example.org")
    with_breaks = client.get(f"{url}?breaks=1")
    etags = [r.headers["ETag"] for r in (english, russian, other_host)]
    assert len(set(etags)) == 3
    # The ETag is the digest of the bytes: this meeting has no break, so ?breaks=1 changes nothing.
    assert (with_breaks.headers["ETag"], with_breaks.data) == (english.headers["ETag"], english.data)
    assert "https://meetings.example.org/meetings/" in text(other_host)
    assert client.get(url, headers={"If-None-Match": english.headers["ETag"]}).status_code == 304


def test_the_compiled_catalogues_are_part_of_the_format(app_context, tmp_path):
    catalogue = tmp_path / "ru" / "LC_MESSAGES" / "messages.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_bytes(b"one")
    first = scopes._catalogues_digest((str(tmp_path),))
    catalogue.write_bytes(b"two")
    scopes._catalogues_digest.cache_clear()
    assert scopes._catalogues_digest((str(tmp_path),)) != first
    scopes._catalogues_digest.cache_clear()
    from flask_babel import get_babel

    real = scopes._catalogues_digest(tuple(get_babel().translation_directories))
    assert real in scopes.format_version() and scopes.format_version().startswith(scopes.FORMAT_VERSION + "+")


def test_a_304_costs_at_most_two_queries(client, world, count_queries):
    client.post("/logout")
    for url in world.all:
        etag = client.get(url).headers["ETag"]
        with count_queries() as cached:
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert cached.count <= 2, (url, cached.statements)


def test_the_form_helper_sends_what_the_page_shows(client, world):
    fields = form_fields(client, f"/manage/venues/{world.venue.id}")
    assert (fields["name_en"], fields["city_en"], fields["timezone"]) == ("Baku Congress Center", "Baku", "Asia/Baku")
