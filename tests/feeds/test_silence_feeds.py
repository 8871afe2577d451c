"""Silence deadlines in the calendar feeds: in the meeting's zone, for those who may see the
document only, one UID per document whose SEQUENCE follows its changes, and cached feeds rebuilt
when a deadline is set, moved, decided or lifted. Read with the real parsers."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from meetings.documents import silence
from meetings.extensions import db
from meetings.feeds.tokens import issue_token
from meetings.models import SilenceOutcome, UserRole, Visibility
from tests.calendar_export.parsers import assert_parses_everywhere
from tests.documents.silence_rows import document, under_silence

DOMAIN = "meetings.s-cica.org"


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.status_code
    assert_parses_everywhere(response.data)
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT")}


def uid(doc) -> str:
    return f"silence-{doc.uid}@{DOMAIN}"


@pytest.fixture
def deadline(future):
    """18:00 local, five days after the meeting's first day."""
    return datetime.combine(future.date() + timedelta(days=5), time(18, 0))


def _meeting(build, future, timezone="Asia/Almaty", **fields):
    return build.meeting(title_en="Senior Officials Committee", timezone=timezone, city_en="Astana", city_ru="Астана",
                         starts_at=future, **fields)


@pytest.mark.parametrize(("timezone", "offset"), [("Asia/Almaty", 5), ("Europe/Istanbul", 3), ("Asia/Tehran", 3.5)])
def test_the_deadline_is_a_short_event_at_the_meetings_local_time(client, build, future, deadline, timezone, offset):
    meeting = _meeting(build, future, timezone)
    doc = document(meeting, "CICA/SOC/2030/DEC.7", title_en="Draft Astana Declaration")
    under_silence(doc, deadline, build.secretariat)
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics").data)
    assert timezone in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    event = events(client.get("/calendar.ics"))[uid(doc)]
    assert event["DTSTART"].params["TZID"] == timezone
    assert event["DTSTART"].dt.replace(tzinfo=None) == deadline  # the wall time as typed
    assert event["DTSTART"].dt == deadline.replace(tzinfo=ZoneInfo(timezone))
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=offset)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=15)
    assert str(event["SUMMARY"]) == "Silence procedure ends: CICA/SOC/2030/DEC.7 Draft Astana Declaration"
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}/documents/{doc.id}"
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == doc.sequence == 1
    assert "Under silence until" in str(event["DESCRIPTION"])
    assert uid(doc) != f"meeting-{meeting.id}@{DOMAIN}"


def test_the_entry_speaks_the_feeds_language(client, build, future, deadline):
    doc = document(_meeting(build, future), "CICA/SOC/2030/DEC.8")
    under_silence(doc, deadline, build.secretariat)
    event = events(client.get("/calendar.ics?lang=ru"))[uid(doc)]
    assert str(event["SUMMARY"]) == "Окончание процедуры умолчания: CICA/SOC/2030/DEC.8 Проект решения о мерах доверия"


def test_only_public_issued_documents_of_public_meetings_reach_the_public_feed(client, build, future, deadline):
    public_meeting = _meeting(build, future)
    members_meeting = _meeting(build, future, visibility=Visibility.MEMBERS)
    shown = document(public_meeting)
    hidden = [document(public_meeting, distribution=Visibility.MEMBERS),
              document(public_meeting, distribution=Visibility.RESTRICTED),
              document(members_meeting)]
    for doc in [shown, *hidden]:
        under_silence(doc, deadline, build.secretariat)
    not_issued = document(public_meeting, issued=False)
    not_issued.silence_until = shown.silence_until  # a row the service refuses to make: still never shown
    db.session.commit()
    uids = set(events(client.get("/calendar.ics")))
    assert uid(shown) in uids
    assert not {uid(doc) for doc in [*hidden, not_issued]} & uids
    # The public feed's filters hold for the deadlines as for their meetings.
    assert uid(shown) in set(events(client.get("/calendar.ics?type=SOC")))
    assert uid(shown) not in set(events(client.get("/calendar.ics?type=SWG")))


def _feed(client, token: str):
    return set(events(client.get(f"/feeds/{token}.ics")))


def test_party_feeds_hold_the_deadlines_of_the_documents_the_party_may_see(client, build, future, deadline):
    meeting = _meeting(build, future)
    for party in ("KZ", "SCO"):
        build.delegation(meeting, party)
    members_doc = document(meeting, distribution=Visibility.MEMBERS)
    restricted_doc = document(meeting, distribution=Visibility.RESTRICTED)
    for doc in (members_doc, restricted_doc):
        under_silence(doc, deadline, build.secretariat)
    member_focal_point = build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    partner_focal_point = build.user(UserRole.FOCAL_POINT, party_id=build.party("SCO").id)
    outsider = build.user(UserRole.FOCAL_POINT, party_id=build.party("AZ").id)  # not invited
    # A member State's focal point: members' documents; and the restricted ones of a meeting their party is invited to.
    assert {uid(members_doc), uid(restricted_doc)} <= _feed(client, issue_token(user_id=member_focal_point.id))
    # A partner organisation is no member: the restricted document of its meeting, not the members' one.
    partner = _feed(client, issue_token(user_id=partner_focal_point.id))
    assert uid(restricted_doc) in partner and uid(members_doc) not in partner
    assert _feed(client, issue_token(party_id=build.party("SCO").id)) == partner  # the party's own address alike
    assert not {uid(members_doc), uid(restricted_doc)} & _feed(client, issue_token(user_id=outsider.id))


def test_a_participants_feed_holds_the_deadlines_of_their_meetings_documents(client, build, future, deadline):
    meeting = _meeting(build, future, visibility=Visibility.RESTRICTED)
    other = _meeting(build, future, visibility=Visibility.RESTRICTED)
    registration = build.registration(meeting, "KZ")
    theirs, not_theirs = document(meeting, distribution=Visibility.RESTRICTED), document(other)
    for doc in (theirs, not_theirs):
        under_silence(doc, deadline, build.secretariat)
    uids = _feed(client, issue_token(person_id=registration.person_id))
    assert uid(theirs) in uids and uid(not_theirs) not in uids
    assert uid(theirs) not in set(events(client.get("/calendar.ics")))


def test_a_meetings_file_holds_the_deadlines_its_reader_may_see(client, auth, build, future, deadline):
    meeting = _meeting(build, future)
    public_doc, members_doc = document(meeting), document(meeting, distribution=Visibility.MEMBERS)
    restricted_doc = document(meeting, distribution=Visibility.RESTRICTED)
    for doc in (public_doc, members_doc, restricted_doc):
        under_silence(doc, deadline, build.secretariat)
    url = f"/meetings/{meeting.id}.ics"
    anonymous = set(events(client.get(url)))
    assert uid(public_doc) in anonymous and not {uid(members_doc), uid(restricted_doc)} & anonymous
    registration = build.registration(build.meeting(), "KZ")  # a delegate of a member State, not at this meeting
    auth.login(UserRole.DELEGATE, person_id=registration.person_id)
    delegate = set(events(client.get(url)))
    assert {uid(public_doc), uid(members_doc)} <= delegate and uid(restricted_doc) not in delegate
    auth.logout()
    assert set(events(client.get(url))) == anonymous  # one reader's file is never another's
    auth.login(UserRole.STAFF)
    assert {uid(public_doc), uid(members_doc), uid(restricted_doc)} <= set(events(client.get(url)))


def test_every_change_of_the_procedure_rebuilds_the_feeds(client, build, future, deadline):
    meeting = _meeting(build, future)
    doc, withdrawn = document(meeting), document(meeting)
    first = client.get("/calendar.ics")
    assert uid(doc) not in events(first)

    under_silence(doc, deadline, build.secretariat)
    under_silence(withdrawn, deadline, build.secretariat)
    second = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert events(second)[uid(doc)]["SEQUENCE"] == 1

    under_silence(doc, deadline + timedelta(days=1), build.secretariat)
    silence.lift_silence(withdrawn, user=build.secretariat)
    third = events(client.get("/calendar.ics", headers={"If-None-Match": second.headers["ETag"]}))
    assert third[uid(doc)]["DTSTART"].dt.replace(tzinfo=None) == deadline + timedelta(days=1)
    assert third[uid(doc)]["SEQUENCE"] == 2
    assert uid(withdrawn) not in third  # lifted: the deadline leaves the calendars

    party = build.party("IN")
    silence.record_outcome(doc, silence.OutcomeInput(SilenceOutcome.BROKEN, party.id), user=build.secretariat)
    broken = events(client.get("/calendar.ics"))[uid(doc)]
    assert (str(broken["STATUS"]), broken["SEQUENCE"]) == ("CANCELLED", 3)
    assert str(broken["SUMMARY"]).startswith("Silence broken: ")


def test_an_adopted_document_keeps_its_entry_and_says_so(client, build, future, deadline):
    doc = document(_meeting(build, future))
    under_silence(doc, deadline, build.secretariat)
    silence.record_outcome(doc, silence.OutcomeInput(SilenceOutcome.ADOPTED), user=build.secretariat,
                           now=doc.silence_until)
    event = events(client.get("/calendar.ics"))[uid(doc)]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CONFIRMED", 2)
    assert str(event["SUMMARY"]).startswith("Adopted under the silence procedure: ")
