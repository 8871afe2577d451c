"""The speakers list of a plenary entry on the real 28 Member States (tests/protocol/test_order.py's
summit): the protocol order of the statements, rights of reply last, who may inscribe whom, the
refusals of bad input, the live view of the floor seen by two clients at once, the print version."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from meetings.domain import NotAllowedError, RuleError
from meetings.extensions import db
from meetings.models import AgendaItemKind, AuditEntry, DelegationLevel, SpeakerKind, UserRole
from meetings.protocol import services
from meetings.protocol import speakers as rules
from tests.conftest import PASSWORD as PASSWORD_LOGIN
from tests.printing.helpers import read_pdf
from tests.protocol.test_order import ENGLISH_FROM_RUSSIA, RUSSIAN_FROM_PALESTINE, set_level, summit  # noqa: F401

L = DelegationLevel


def party_id(build, code: str) -> int:
    return build.party(code).id


def secretariat(meeting, build):
    return rules.SpeakersAccess(meeting, build.secretariat)


def listed(item) -> tuple[list[str], list[str]]:
    listing = rules.speakers_list(item)
    return ([s.inscription.party.code for s in listing.statements], [s.inscription.party.code for s in listing.replies])


@pytest.fixture
def plenary(summit, build):  # noqa: F811 - the fixture imported above
    return build.item(summit, title_en="General debate", title_ru="Общие прения")


def test_inscriptions_made_in_any_order_come_out_in_protocol_order_and_follow_it(summit, plenary, build):  # noqa: F811
    user = build.secretariat
    services.draw_first_party(summit, user=user, seed=19)
    access = secretariat(summit, build)
    scrambled = list(ENGLISH_FROM_RUSSIA)
    random.Random(3).shuffle(scrambled)
    rules.inscribe(access, plenary.id, party_id(build, "CN"), SpeakerKind.RIGHT_OF_REPLY)
    for code in scrambled:
        rules.inscribe(access, plenary.id, party_id(build, code), "statement")
    rules.inscribe(access, plenary.id, party_id(build, "AZ"), SpeakerKind.RIGHT_OF_REPLY)
    rules.inscribe(access, plenary.id, party_id(build, "CN"), SpeakerKind.RIGHT_OF_REPLY)
    assert listed(plenary) == (ENGLISH_FROM_RUSSIA, ["CN", "AZ", "CN"])
    numbers = [s.number for s in rules.speakers_list(plenary).speakers]
    assert numbers == list(range(1, len(ENGLISH_FROM_RUSSIA) + 4))

    # Kazakhstan's President sends the minister: Kazakhstan goes down among the ministers at once.
    set_level(summit, "KZ", L.MINISTER, user)
    expected = [c for c in ENGLISH_FROM_RUSSIA if c != "KZ"]
    expected.insert(expected.index("KW"), "KZ")
    assert listed(plenary)[0] == expected

    # A redraw and the Russian alphabet: the list follows the order written out by hand.
    services.draw_first_party(summit, user=user, seed=5)
    services.set_alphabet(summit, "ru", user=user)
    set_level(summit, "RU", L.HEAD_OF_STATE, user)
    assert listed(plenary) == (RUSSIAN_FROM_PALESTINE, ["CN", "AZ", "CN"])

    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "speaker")).all()
    assert actions == ["speaker.inscribed"] * (len(ENGLISH_FROM_RUSSIA) + 3)


def test_what_the_rules_refuse(summit, plenary, build):  # noqa: F811
    access = secretariat(summit, build)
    kz = party_id(build, "KZ")
    rules.inscribe(access, plenary.id, kz, "statement")
    photo = build.item(summit, timedelta(hours=2), title_en="Family photo", kind=AgendaItemKind.PHOTO)
    other = build.person(party_id=party_id(build, "CN"))
    wrong = [
        ({"party_id": kz}, "party_id"),  # a second statement
        ({"party_id": party_id(build, "AF")}, "party_id"),  # declined
        ({"party_id": None}, "party_id"),
        ({"party_id": 10**9}, "party_id"),
        ({"item_id": photo.id}, "item_id"),
        ({"item_id": 10**9}, "item_id"),
        ({"seconds": -60}, "seconds"),
        ({"seconds": 0}, "seconds"),
        ({"seconds": 10**6}, "seconds"),
        ({"note": "on behalf\x07 of"}, "note"),
        ({"note": "x" * 301}, "note"),
        ({"person_id": other.id}, "person_id"),  # not in Kazakhstan's delegation
        ({"kind": "filibuster"}, "kind"),
    ]
    for change, field in wrong:
        arguments = {"item_id": plenary.id, "party_id": kz, "kind": "statement", "seconds": None, "note": "",
                     "person_id": None, **change}
        with pytest.raises(RuleError) as refused:
            rules.inscribe(access, arguments.pop("item_id"), arguments.pop("party_id"), arguments.pop("kind"),
                           **arguments)
        assert refused.value.field == field, (change, refused.value.field)
    # Rights of reply: as many as asked.
    rules.inscribe(access, plenary.id, kz, SpeakerKind.RIGHT_OF_REPLY)
    rules.inscribe(access, plenary.id, kz, SpeakerKind.RIGHT_OF_REPLY, seconds=120)
    assert listed(plenary) == (["KZ"], ["KZ", "KZ"])
    # A focal point inscribes their own party only.
    focal = build.user(UserRole.FOCAL_POINT, party_id=party_id(build, "CN"))
    with pytest.raises(NotAllowedError):
        rules.inscribe(rules.SpeakersAccess(summit, focal, focal.party_id), plenary.id, kz, "statement")


def test_the_focal_point_inscribes_their_party_only(client, auth, summit, plenary, build):  # noqa: F811
    kz = party_id(build, "KZ")
    speaker = build.registration(summit, "KZ", family_name="Tokayev", given_names="Kassym-Jomart")
    auth.login(UserRole.FOCAL_POINT, party_id=kz)
    page = client.get(f"/meetings/{summit.id}/protocol/speakers")
    assert page.status_code == 200 and "General debate" in page.text and "Protocol order" not in page.text
    form = {"item_id": plenary.id, "party_id": kz, "kind": "statement", "person_id": speaker.person_id,
            "minutes": "", "note": ""}
    done = client.post(f"/meetings/{summit.id}/protocol/speakers", data=form, follow_redirects=True)
    assert "Kazakhstan is on the speakers list of General debate" in done.text and "Tokayev" in done.text
    assert client.post(f"/meetings/{summit.id}/protocol/speakers",
                       data={**form, "party_id": party_id(build, "CN"), "person_id": ""}).status_code == 403
    # Bad input: a clear message, what was typed kept.
    for change, message, kept in [
        ({"kind": "right_of_reply", "note": "bell\x07"}, "Remove the invisible control characters", "bell"),
        ({"kind": "right_of_reply", "item_id": "abc"}, "Choose a plenary entry of this meeting", ""),
        ({"kind": "right_of_reply", "party_id": "999999"}, "", ""),
        ({"kind": "statement"}, "already on this list", ""),
    ]:
        answer = client.post(f"/meetings/{summit.id}/protocol/speakers", data={**form, **change})
        if change.get("party_id"):  # another party than one's own: refused
            assert answer.status_code == 403
            continue
        assert answer.status_code == 200 and message in answer.text and kept in answer.text, (change, answer.text)
    inscription = rules.speakers_list(plenary).speakers[0].inscription
    other = build.item(summit, timedelta(hours=3), title_en="Closed session", kind=AgendaItemKind.CLOSED_SESSION)
    refused = client.post(f"/meetings/{summit.id}/protocol/speakers", data={**form, "item_id": other.id})
    assert "Choose a plenary entry of this meeting" in refused.text
    # Russian page.
    assert "Списки ораторов" in client.get(f"/meetings/{summit.id}/protocol/speakers?lang=ru").text
    # Withdrawn by the focal point; the Secretariat's pages stay the Secretariat's.
    withdraw = f"/meetings/{summit.id}/protocol/speakers/inscriptions/{inscription.id}/withdraw"
    gone = client.post(withdraw, follow_redirects=True)
    assert "Kazakhstan was taken off the speakers list" in gone.text
    again = client.post(withdraw, follow_redirects=True)  # a double click: said, not a bare 404
    assert again.status_code == 200 and "That inscription was already withdrawn." in again.text
    assert client.get(f"/meetings/{summit.id}/protocol/speakers/{plenary.id}/print").status_code == 403
    auth.logout()
    # A party that declined (Afghanistan) or is not invited: the meeting's lists are not theirs.
    for code in ("AF", "TM"):
        auth.login(UserRole.FOCAL_POINT, party_id=party_id(build, code))
        assert client.get(f"/meetings/{summit.id}/protocol/speakers").status_code == 404
        auth.logout()


def test_the_secretariat_sets_the_time_and_prints_in_both_languages(client, auth, summit, plenary, build):  # noqa: F811
    access = secretariat(summit, build)
    services.draw_first_party(summit, user=build.secretariat, seed=19)
    chair = build.person(family_name="Sultanov", given_names="Kairat")
    chaired = build.item(summit, timedelta(hours=4), title_en="Closing plenary", title_ru="Заключительное заседание",
                         chair=chair)
    kz = build.registration(summit, "KZ", family_name="Vassilenko", given_names="Roman")
    for code in ("CN", "KZ", "TJ"):
        rules.inscribe(access, chaired.id, party_id(build, code), "statement",
                       person_id=kz.person_id if code == "KZ" else None, seconds=180 if code == "CN" else None)
    rules.inscribe(access, chaired.id, party_id(build, "IN"), SpeakerKind.RIGHT_OF_REPLY)
    auth.login(UserRole.STAFF)
    refused = client.post(f"/meetings/{summit.id}/protocol/speakers/{chaired.id}/time", data={f"t{chaired.id}-minutes": "4"})
    assert refused.status_code == 403
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{summit.id}/protocol/speakers/{chaired.id}/time"
    bad = client.post(url, data={f"t{chaired.id}-minutes": "-1"})
    assert bad.status_code == 200 and 'value="-1"' in bad.text and "Enter a whole number from 1 to 60" in bad.text
    assert client.post(f"/meetings/{summit.id}/protocol/speakers/{summit.id + 1000}/time",
                       data={f"t{summit.id + 1000}-minutes": "4"}).status_code == 404
    set_time = client.post(url, data={f"t{chaired.id}-minutes": "4"}, follow_redirects=True)
    assert "Each speaker now has 4 minutes" in set_time.text
    page = client.get(f"/meetings/{summit.id}/protocol/speakers/{chaired.id}/print")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    # The heads of State from Russia round the alphabet: Tajikistan, China, Kazakhstan; the right of reply after them.
    assert text.index("Tajikistan") < text.index("China") < text.index("Kazakhstan") < text.index("India")
    assert "VASSILENKO" in text.upper()
    pdf = read_pdf(client.get(f"/meetings/{summit.id}/protocol/speakers/{chaired.id}/print.pdf?lang=ru").data)
    words = pdf.words.upper()
    assert "СПИСОК ОРАТОРОВ" in words and "ЗАКЛЮЧИТЕЛЬНОЕ ЗАСЕДАНИЕ" in words
    assert words.index("ТАДЖИКИСТАН") < words.index("КИТАЙ") < words.index("КАЗАХСТАН") < words.index("ИНДИЯ")
    assert "3 МИН" in words and "4 МИН" in words and "ПРАВО НА ОТВЕТ" in words
    english = read_pdf(client.get(f"/meetings/{summit.id}/protocol/speakers/{chaired.id}/print.pdf?lang=en").data)
    assert all(w in english.words.upper() for w in ("LIST OF SPEAKERS", "RIGHTS OF REPLY", "SULTANOV", "VASSILENKO"))


def test_two_viewers_see_the_chairs_start_and_only_the_chairs_side_may_start(app, summit, plenary, build):  # noqa: F811
    chair = build.person(family_name="Sultanov", given_names="Kairat")
    item = build.item(summit, timedelta(hours=4), title_en="Closing plenary", chair=chair)
    access = secretariat(summit, build)
    for code in ("CN", "KZ"):
        rules.inscribe(access, item.id, party_id(build, code), "statement")
    users = {"chair": build.user(UserRole.DELEGATE, person_id=chair.id), "staff": build.user(UserRole.STAFF),
             "focal": build.user(UserRole.FOCAL_POINT, party_id=party_id(build, "KZ")),
             "organizer": build.user(UserRole.ORGANIZER)}
    clients = {}
    for name, user in users.items():
        clients[name] = app.test_client()
        assert clients[name].post("/login", data={"email": user.email, "password": PASSWORD_LOGIN}).status_code == 302
    live = f"/meetings/{summit.id}/protocol/speakers/{item.id}/live"
    anonymous = app.test_client().get(f"{live}.json")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert clients["focal"].get(f"{live}.json").status_code == 403
    first = {name: clients[name].get(f"{live}.json") for name in ("chair", "staff")}
    assert all(r.status_code == 200 and r.json["running"] is False for r in first.values())
    etags = {name: r.headers["ETag"] for name, r in first.items()}
    assert clients["staff"].get(f"{live}.json", headers={"If-None-Match": etags["staff"]}).status_code == 304

    assert clients["staff"].post(live, data={"action": "start"}).status_code == 403
    assert clients["focal"].post(live, data={"action": "start"}).status_code == 403
    staff_page = clients["staff"].get(live).text
    assert "Closing plenary" in staff_page and 'data-action="start"' not in staff_page
    assert 'data-action="start"' in clients["chair"].get(live).text

    china = first["chair"].json["current"]["id"]
    assert clients["chair"].post(live, data={"action": "start", "current": china}).status_code == 302
    for name in ("chair", "staff"):
        seen = clients[name].get(f"{live}.json", headers={"If-None-Match": etags[name]})
        assert seen.status_code == 200 and seen.json["running"] is True
        assert seen.json["current"]["party"] == "China" and seen.json["current"]["since"]
        assert [n["party"] for n in seen.json["next"]] == ["Kazakhstan"]
    # The organizer at the console for the chair: the next speaker.
    assert clients["organizer"].post(live, data={"action": "next", "current": china}).status_code == 302
    state = clients["staff"].get(f"{live}.json").json
    assert state["running"] is False and state["current"]["party"] == "Kazakhstan" and state["done"] == 1
    assert clients["organizer"].post(live, data={"action": "dance"}, follow_redirects=True).status_code == 200
    russian = clients["staff"].get(f"{live}.json?lang=ru").json
    assert russian["current"]["party"] == "Казахстан"
    # Not a plenary entry, or another meeting's: 404.
    photo = build.item(summit, timedelta(hours=6), title_en="Photo", kind=AgendaItemKind.PHOTO)
    assert clients["staff"].get(f"/meetings/{summit.id}/protocol/speakers/{photo.id}/live.json").status_code == 404


def test_the_clock_counts_what_was_spoken(summit, plenary, build):  # noqa: F811
    chair = build.user(UserRole.ORGANIZER)
    access = secretariat(summit, build)
    rules.inscribe(access, plenary.id, party_id(build, "KZ"), "statement", seconds=120)
    start = rules.utcnow()
    kz = rules.speakers_list(plenary).current.inscription.id
    rules.control(chair, summit, plenary, "start", kz, now=start)
    rules.control(chair, summit, plenary, "stop", kz, now=start + timedelta(seconds=50))
    rules.control(chair, summit, plenary, "start", kz, now=start + timedelta(seconds=60))
    listing = rules.speakers_list(plenary)
    assert listing.current.used(start + timedelta(seconds=200)) == 190  # 70 seconds over its 2 minutes
    rules.control(chair, summit, plenary, "next", kz, now=start + timedelta(seconds=200))
    assert rules.speakers_list(plenary).current is None
    with pytest.raises(RuleError):
        rules.control(chair, summit, plenary, "start", None)
    staff = build.user(UserRole.STAFF)
    with pytest.raises(NotAllowedError):
        rules.control(staff, summit, plenary, "start", kz)


def test_a_double_tap_on_next_moves_one_speaker_and_says_so(client, auth, summit, plenary, build):  # noqa: F811
    """The chair's form carries the speaker it showed: a second "next" meant for that speaker is
    refused and nothing moves; a "next" from a page brought up to date is taken."""
    access = secretariat(summit, build)
    for code in ("CN", "KZ", "TJ"):
        rules.inscribe(access, plenary.id, party_id(build, code), "statement")
    first, second, third = (s.inscription.id for s in rules.speakers_list(plenary).speakers)
    auth.login(UserRole.ORGANIZER)
    live = f"/meetings/{summit.id}/protocol/speakers/{plenary.id}/live"
    page = client.get(live).text
    assert f'name="current" value="{first}"' in page
    assert client.post(live, data={"action": "next", "current": first}).status_code == 302
    twice = client.post(live, data={"action": "next", "current": first}, follow_redirects=True)
    current = rules.speakers_list(plenary).current
    assert current.inscription.id == second  # one speaker moved on, not two
    shown = " ".join(twice.text.split())
    assert f"The list has moved on: the current speaker is now {current.inscription.party.name_en}" in shown
    assert f'name="current" value="{second}"' in twice.text  # the page reloaded shows the new speaker
    # The script's request (JSON asked): the refusal is its answer, 409, for the page to show.
    refused = client.post(live, data={"action": "start", "current": first}, headers={"Accept": "application/json"})
    assert refused.status_code == 409 and "The list has moved on" in refused.json["message"]
    assert rules.speakers_list(plenary).current.speaking is False
    # The page's field refreshed (what the poll does): taken.
    taken = client.post(live, data={"action": "start", "current": second}, headers={"Accept": "application/json"})
    assert taken.status_code == 200 and taken.json["running"] is True and taken.json["current"]["id"] == second
    again = client.post(live, data={"action": "start", "current": second}, follow_redirects=True)
    assert "is already speaking" in again.text
    assert client.post(live, data={"action": "next", "current": second}).status_code == 302
    assert rules.speakers_list(plenary).current.inscription.id == third
    # Nothing shown, or a stale page from before anyone was inscribed: refused as well.
    assert "The list has moved on" in client.post(live, data={"action": "next"}, follow_redirects=True).text
    for odd in ("²", "①", "-1", "9" * 40, "\x00"):  # digits Python reads as digits but int() does not, and worse
        assert "The list has moved on" in client.post(live, data={"action": "next", "current": odd},
                                                      follow_redirects=True).text, odd
    assert rules.speakers_list(plenary).current.inscription.id == third
    russian = client.post(f"{live}?lang=ru", data={"action": "next", "current": first},
                          headers={"Accept": "application/json"})
    assert russian.status_code == 409 and "Список" in russian.json["message"]


def test_only_the_chairs_side_gives_a_speaker_their_own_time(client, auth, summit, plenary, build):  # noqa: F811
    kz = party_id(build, "KZ")
    form = {"item_id": plenary.id, "party_id": kz, "kind": "statement", "person_id": "", "minutes": "60", "note": ""}
    focal = build.user(UserRole.FOCAL_POINT, party_id=kz)
    # The service: a focal point's time is not taken; the entry's time per speaker applies.
    made = rules.inscribe(rules.SpeakersAccess(summit, focal, kz), plenary.id, kz, "right_of_reply", seconds=3600)
    assert made.seconds is None and rules.speakers_list(plenary).speakers[0].limit == rules.DEFAULT_SECONDS
    # The page: no time field for the focal point, and a time posted all the same is not taken.
    auth.login(UserRole.FOCAL_POINT, party_id=kz)
    page = client.get(f"/meetings/{summit.id}/protocol/speakers").text
    assert 'name="minutes"' not in page and "Time limit in minutes" not in page
    assert "is on the speakers list" in client.post(f"/meetings/{summit.id}/protocol/speakers", data=form,
                                                    follow_redirects=True).text
    assert [s.limit for s in rules.speakers_list(plenary).statements] == [rules.DEFAULT_SECONDS]
    auth.logout()
    # An organizer gives a time, and a bad one is refused on the form.
    auth.login(UserRole.ORGANIZER)
    assert 'name="minutes"' in client.get(f"/meetings/{summit.id}/protocol/speakers").text
    for minutes in ("-5", "100000"):
        bad = client.post(f"/meetings/{summit.id}/protocol/speakers",
                          data={**form, "party_id": party_id(build, "CN"), "minutes": minutes})
        assert bad.status_code == 200 and "Enter a whole number from 1 to 60" in bad.text and f'value="{minutes}"' in bad.text
    client.post(f"/meetings/{summit.id}/protocol/speakers", data={**form, "party_id": party_id(build, "CN"), "minutes": "7"})
    limits = {s.inscription.party.code: s.limit for s in rules.speakers_list(plenary).statements}
    assert limits == {"KZ": rules.DEFAULT_SECONDS, "CN": 420}
