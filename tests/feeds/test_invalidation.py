"""Every kind of change that reaches a feed reaches its next fetch through the cache: one case per
kind of row, made through the app's forms or services, then the feed asked for again with the
ETag its subscriber holds, and the new text (not only a new ETag) checked."""

from datetime import datetime

import pytest

from meetings.extensions import db
from meetings.feeds import tokens
from meetings.models import AgendaItemKind, MeetingStatus
from meetings.scheduling import services as scheduling
from tests.feeds.test_freshness import text, world  # noqa: F401  (world: the fixture)
from tests.feeds.webforms import submit

GONE = object()  # the feed's address answers 404 after the change


def uid(meeting) -> str:
    return f"UID:meeting-{meeting.id}@meetings.s-cica.org"


def meeting_fields(w, client, build):
    return w.urls.public, lambda: submit(client, f"/manage/meetings/{w.meeting.id}/edit",
                                         {"title_en": "Special Working Group"}), "SUMMARY:Special Working Group", None


def status_change(w, client, build):
    return w.urls.by_type, lambda: scheduling.change_status(
        w.meeting, MeetingStatus.CONFIRMED, user=w.organizer, expected_version=w.meeting.version,
    ), "STATUS:CONFIRMED", "STATUS:TENTATIVE"


def cancellation(w, client, build):
    return w.urls.public, lambda: scheduling.cancel_meeting(
        w.meeting, reason="The host withdrew.", user=w.organizer, expected_version=w.meeting.version,
    ), "STATUS:CANCELLED", None


def postponement(w, client, build):
    return w.urls.meeting, lambda: scheduling.postpone_meeting(w.meeting, scheduling.PostponeInput(
        new_start=datetime(2027, 4, 14, 9), new_end=datetime(2027, 4, 14, 18), reason="The host asked for it.",
    ), user=w.organizer, expected_version=w.meeting.version, accept_warnings=True), "Rescheduled from", None


def agenda_item_added(w, client, build):
    return w.urls.party_token, lambda: scheduling.add_agenda_item(w.meeting, scheduling.ItemInput(
        title_en="Closing plenary", kind=AgendaItemKind.PLENARY,
        local_start=datetime(2027, 3, 10, 16), local_end=datetime(2027, 3, 10, 17),
    ), user=w.organizer, accept_warnings=True), "SUMMARY:Closing plenary", None


def agenda_item_edited(w, client, build):
    return w.urls.meeting, lambda: build.edit_item(w.item, title_en="Opening ceremony"), \
        "SUMMARY:Opening ceremony", "SUMMARY:Opening plenary"


def agenda_item_deleted(w, client, build):
    return w.urls.meeting, lambda: scheduling.delete_agenda_item(w.item, user=w.organizer), \
        None, f"UID:agenda-item-{w.item.id}@"


def room_renamed(w, client, build):
    return w.urls.meeting, lambda: submit(client, f"/manage/rooms/{w.room.id}/edit", {"name": "Hall of Nations"}), \
        "Hall of Nations", "Plenary Hall"


def venue_renamed(w, client, build):
    return w.urls.public, lambda: submit(client, f"/manage/venues/{w.venue.id}", {"name_en": "Baku Expo Center"}), \
        "Baku Expo Center", "Baku Congress Center"


def chair_renamed(w, client, build):
    return w.urls.party_token, lambda: submit(client, f"/people/{w.chair.id}/edit", {"family_name": "Nurlanova"}), \
        "Chair: Aida Nurlanova", "Chair: Aida Bekova"


def meeting_type_renamed(w, client, build):
    def rename():  # meeting types have no form (they come from the seed): renamed with the ORM
        w.meeting.type.name_en = "Committee of Senior Officials"
        db.session.commit()
    return w.urls.by_type, rename, "X-WR-CALNAME:CICA meetings: Committee of Senior Officials", None


def party_renamed(w, client, build):
    return w.urls.by_party, lambda: submit(client, f"/parties/{w.kz.id}/edit", {"name_en": "Republic of Kazakhstan"}), \
        "X-WR-CALNAME:CICA meetings: Republic of Kazakhstan", None


def delegation_added(w, client, build):
    url = f"/feeds/{tokens.issue_token(party_id=build.party('TJ').id)}.ics"
    return url, lambda: build.delegation(w.meeting, "TJ"), uid(w.meeting), None


def registration_made(w, client, build):
    person = build.person()
    url = f"/feeds/{tokens.issue_token(person_id=person.id)}.ics"
    return url, lambda: build.registration(w.meeting, person=person), uid(w.meeting), None


def token_revoked(w, client, build):
    token = tokens.issue_token(user_id=w.organizer.id)
    row = tokens.find_token(token)
    return f"/feeds/{token}.ics", lambda: tokens.revoke_token(row.id, by=w.organizer), GONE, None


CASES = [meeting_fields, status_change, cancellation, postponement, agenda_item_added, agenda_item_edited,
         agenda_item_deleted, room_renamed, venue_renamed, chair_renamed, meeting_type_renamed, party_renamed,
         delegation_added, registration_made, token_revoked]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_the_next_fetch_shows_the_change(client, world, build, case):  # noqa: F811
    url, change, shown, gone = case(world, client, build)
    before = client.get(url)
    assert before.status_code == 200
    assert client.get(url, headers={"If-None-Match": before.headers["ETag"]}).status_code == 304  # cached
    if isinstance(shown, str):
        assert shown not in text(before)
    if gone is not None:
        assert gone in text(before)
    change()
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    if shown is GONE:
        assert after.status_code == 404
        return
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    if shown is not None:
        assert shown in text(after)
    if gone is not None:
        assert gone not in text(after)
