"""Check-in at the door: the badge's signed code (or its typed number) read for a day and a
session, the answers on screen, attendance counted once (also by the database under concurrency),
and the live counts per delegation in protocol order with the quorum."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import Signer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    Attendance,
    AuditEntry,
    DelegationReply,
    Meeting,
    Registration,
    User,
    UserRole,
)
from meetings.participants import services as participants
from meetings.participants.photos import save_photo
from meetings.printing.services import badge_code
from meetings.protocol import checkin
from meetings.protocol.badge_code import SALT, make_code
from tests.conftest import requires_postgres
from tests.images import image_bytes

S = AccreditationStatus
START = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)  # 08:00 in Baku
DAY1, DAY2 = "2026-12-09", "2026-12-10"


@pytest.fixture
def meeting(build):
    return build.meeting(title_en="Senior Officials Committee", starts_at=START, ends_at=START + timedelta(days=1, hours=8))


def page(meeting, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/meetings/{meeting.id}/protocol/checkin" + (f"?{query}" if query else "")


def scan(client, meeting, code, day=DAY1, session=""):
    return client.post(f"/meetings/{meeting.id}/protocol/checkin", data={"code": code, "day": day, "session": session})


def attendances() -> int:
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_a_badge_is_accepted_then_counted_once_per_session(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED, printed_name="Aigerim Sadykova")
    plenary = build.item(meeting, START + timedelta(hours=1), "Opening plenary")
    afternoon = build.item(meeting, START + timedelta(hours=5), "Working session")
    auth.login(UserRole.STAFF)

    first = scan(client, meeting, badge_code(holder), session=plenary.id)
    assert first.status_code == 200
    assert "Accepted" in first.text and "Aigerim Sadykova" in first.text and "Kazakhstan" in first.text
    assert "Delegate" in first.text or "DELEGATE" in first.text.upper()

    again = scan(client, meeting, badge_code(holder), session=plenary.id)
    assert "Already checked in" in again.text and "counted once" in again.text and "Accepted" not in again.text
    # The typed number is the same badge: still once.
    typed = scan(client, meeting, str(holder.badge_number), session=plenary.id)
    assert "Already checked in" in typed.text
    assert attendances() == 1

    # Another session of the day, the day as a whole, and the next day: each counted on its own.
    assert "Accepted" in scan(client, meeting, badge_code(holder), session=afternoon.id).text
    assert "Accepted" in scan(client, meeting, badge_code(holder)).text
    assert "Already checked in" in scan(client, meeting, badge_code(holder)).text
    assert "Accepted" in scan(client, meeting, str(holder.badge_number), day=DAY2).text
    rows = db.session.scalars(select(Attendance).order_by(Attendance.id)).all()
    assert [(str(r.day), r.agenda_item_id) for r in rows] == [
        (DAY1, plenary.id), (DAY1, afternoon.id), (DAY1, None), (DAY2, None)]
    staff = db.session.scalar(select(User).where(User.role == UserRole.STAFF))
    assert {r.checked_in_by_id for r in rows} == {staff.id}
    # The registration's status is left to the accreditation workflow (organizers).
    assert holder.status is S.ACCREDITED


def test_a_typed_badge_number_checks_in(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED, printed_name="Typed Number")
    auth.login(UserRole.ORGANIZER)

    answer = scan(client, meeting, f"  {holder.badge_number}\n")

    assert "Accepted" in answer.text and "Typed Number" in answer.text
    assert "Refused" in scan(client, meeting, "999").text
    assert "No badge with this number at this meeting." in scan(client, meeting, "999").text


def _flip(value: str, index: int) -> str:
    return value[:index] + ("A" if value[index] != "A" else "B") + value[index + 1:]


FORGED = "Forged or altered code: this is not a badge issued by the Secretariat."


@pytest.mark.parametrize("forge", [
    lambda code, r: code.replace(f"{r.id}-", f"{r.id + 1}-", 1),  # the registration id altered
    lambda code, r: code.replace(f"-{r.badge_number}.", f"-{r.badge_number + 1}."),  # the number altered
    lambda code, r: _flip(code, len(code) - 5),  # the signature altered (not its last character: padding bits)
    lambda code, r: make_code(r.id, r.badge_number, secret_key="another-secret"),
    lambda code, r: Signer("test-secret", salt="another-salt").sign(f"{r.id}-{r.badge_number}").decode(),
    lambda code, r: code[:-3],
], ids=["id", "number", "signature", "other secret", "other salt", "truncated"])
def test_forged_or_altered_codes_are_refused(client, auth, build, meeting, forge):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    value = forge(badge_code(holder), holder)
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, value)

    assert answer.status_code == 200
    assert "Refused" in answer.text and FORGED in answer.text and "Accepted" not in answer.text
    assert attendances() == 0
    refused = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "checkin.refused")).all()
    assert [(e.meeting_id, e.changes["refusal"]) for e in refused] == [(meeting.id, [None, "forged"])]


NOT_A_BADGE = "Not a badge number or code: scan the badge's QR code or type the number printed on it."


@pytest.mark.parametrize("value", [
    "abc", "-1", "4.0", "1e1", "+7", "1 2", "garbage", "https://example.org/?badge=1", "Ünïcödé.☃", "\x00\x01",
    "١٢", "x" * 100_000,
    Signer("test-secret", salt=SALT).sign("not a badge").decode(),  # signed here, not a badge's payload
    "1-1.", "1-1.abc.def", "0-1.abc",
], ids=["letters", "negative", "decimal", "exponent", "plus", "space", "garbage", "url", "unicode", "control",
        "arabic digits", "huge", "payload", "no signature", "two dots", "id zero"])
def test_values_that_are_no_badge_code_are_not_called_forged(client, auth, build, meeting, value):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, value)

    assert answer.status_code == 200
    assert "Refused" in answer.text and NOT_A_BADGE in answer.text
    assert "Forged" not in answer.text and "Accepted" not in answer.text
    assert attendances() == 0
    refused = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "checkin.refused")).all()
    assert [(e.meeting_id, e.changes["refusal"]) for e in refused] == [(meeting.id, [None, "not_a_badge"])]
    assert len(refused[0].summary) < 120  # the huge value is not copied into the trail
    # The doubled code (a scanner typing it twice) is no code either; the real one still comes in.
    assert NOT_A_BADGE in scan(client, meeting, badge_code(holder) * 2).text
    assert "Accepted" in scan(client, meeting, badge_code(holder)).text


@pytest.mark.parametrize("value", ["1000000000", "99999999999999999999999"])
def test_a_number_too_large_for_a_badge_is_no_such_badge(client, auth, build, meeting, value):
    build.registration(meeting, "KZ", status=S.ACCREDITED)
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, value)

    assert "No badge with this number at this meeting." in answer.text and "Forged" not in answer.text
    assert attendances() == 0


def test_empty_and_missing_values_are_refused(client, auth, build, meeting):
    auth.login(UserRole.STAFF)
    for data in ({"code": "", "day": DAY1}, {"code": "   ", "day": DAY1}, {"day": DAY1}):
        answer = client.post(f"/meetings/{meeting.id}/protocol/checkin", data=data)
        assert answer.status_code == 200 and "Refused" in answer.text and "Nothing was read" in answer.text
    assert attendances() == 0


def test_a_badge_of_another_meeting_is_refused(client, auth, build, meeting):
    other = build.meeting(title_en="Special Working Group", starts_at=START)
    elsewhere = build.registration(other, "KZ", status=S.ACCREDITED)
    build.registration(meeting, "KZ", status=S.ACCREDITED)  # same badge number 1 here
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, badge_code(elsewhere))

    assert elsewhere.badge_number == 1
    assert "Refused" in answer.text and "This badge is for another meeting." in answer.text
    assert attendances() == 0


@pytest.mark.parametrize(("status", "reason"), [
    (S.DECLINED, "The registration was declined."),
    (S.CANCELLED, "The registration was cancelled."),
    (S.REGISTERED, "Not accredited yet"),
])
def test_declined_cancelled_and_not_accredited_are_refused_on_screen(client, auth, build, meeting, status, reason):
    registration = build.registration(meeting, "KZ", status=S.ACCREDITED, printed_name="Turned Away")
    code = badge_code(registration)  # the badge printed while accredited
    build.move(registration, status)
    auth.login(UserRole.STAFF)

    for value in (code, str(registration.badge_number)):
        answer = scan(client, meeting, value)
        assert "Refused" in answer.text and reason in answer.text and "Turned Away" in answer.text
    assert attendances() == 0


def test_attended_registrations_come_in(client, auth, build, meeting):
    registration = build.registration(meeting, "KZ", status=S.ATTENDED)
    auth.login(UserRole.STAFF)
    assert "Accepted" in scan(client, meeting, badge_code(registration)).text


MOMENT_REFUSED = "nothing is counted until they are right"


@pytest.mark.parametrize(("day", "session", "message"), [
    ("2026-12-20", "", "Choose a day of the meeting."),
    ("2026-12-08", "", "Choose a day of the meeting."),
    ("09/12/2026", "", "Choose a day of the meeting."),
    (DAY2, "first", "Choose a session of that day."),  # an item on day 1 sent with day 2
    (DAY1, "other", "Choose a session of that day."),  # an item of another meeting
    (DAY1, "abc", "Choose a session of that day."),
    (DAY1, "9" * 30, "Choose a session of that day."),
    ("2099-01-01", "abc", "Choose a day of the meeting."),  # both wrong: the day is said first
], ids=["after", "before", "not iso", "other day", "other meeting", "not a number", "huge", "both wrong"])
def test_a_wrong_day_or_session_is_refused_not_replaced(client, auth, build, meeting, day, session, message):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    items = {"first": build.item(meeting, START + timedelta(hours=1), "Opening plenary").id,
             "other": build.item(build.meeting(title_en="Special Working Group", starts_at=START)).id}
    session = str(items.get(session, session))
    code = badge_code(holder)
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, code, day=day, session=session)

    assert answer.status_code == 400
    assert message in answer.text and MOMENT_REFUSED in answer.text and "Accepted" not in answer.text
    assert attendances() == 0
    assert f'value="{code}"' in answer.text  # the badge kept, sent again with the day and session chosen
    assert 'aria-invalid="true"' in answer.text and "checkin-counts" not in answer.text
    # The same on the page and for the counts: never another moment's.
    shown = client.get(page(meeting, day=day, session=session))
    assert shown.status_code == 400 and message in shown.text and "checkin-counts" not in shown.text
    counts = f"/meetings/{meeting.id}/protocol/checkin/counts.json?day={day}&session={session}"
    assert client.get(counts).status_code == 404
    with pytest.raises(checkin.RuleError):
        checkin.check_in(meeting, code, datetime(2026, 12, 10).date(), items["first"], user=None)
    with pytest.raises(checkin.RuleError):
        checkin.check_in(meeting, code, datetime(2026, 12, 20).date(), None, user=None)


def test_a_day_not_sent_is_the_default_and_a_session_of_the_day_is_taken(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    item = build.item(meeting, START + timedelta(days=1, hours=1))
    auth.login(UserRole.STAFF)

    assert "Accepted" in client.post(f"/meetings/{meeting.id}/protocol/checkin", data={"code": badge_code(holder)}).text
    assert "Accepted" in scan(client, meeting, badge_code(holder), day=DAY2, session=item.id).text
    rows = db.session.scalars(select(Attendance).order_by(Attendance.id)).all()
    assert [(str(r.day), r.agenda_item_id) for r in rows] == [(DAY1, None), (DAY2, item.id)]  # the first day: not yet
    assert client.get(f"/meetings/{meeting.id}/protocol/checkin/counts.json").get_json()["day"] == DAY1
    assert client.get(page(meeting)).status_code == 200


def test_breaks_and_the_photo_are_not_offered_as_sessions(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    build.item(meeting, START + timedelta(hours=1), "Opening plenary")
    lunch = build.item(meeting, START + timedelta(hours=3), "Lunch break", kind=AgendaItemKind.BREAK)
    photo = build.item(meeting, START + timedelta(hours=4), "Family photo", kind=AgendaItemKind.PHOTO)
    build.item(meeting, START + timedelta(hours=5), "Bilateral meetings", kind=AgendaItemKind.BILATERAL)
    build.item(meeting, START + timedelta(hours=10), "Official reception", kind=AgendaItemKind.RECEPTION)
    auth.login(UserRole.STAFF)

    html = client.get(page(meeting, day=DAY1)).text

    assert "Opening plenary" in html and "Bilateral meetings" in html and "Official reception" in html
    assert "Lunch break" not in html and "Family photo" not in html
    for item in (lunch, photo):
        answer = scan(client, meeting, badge_code(holder), session=item.id)
        assert answer.status_code == 400 and "Choose a session of that day." in answer.text
    assert attendances() == 0


def test_the_database_counts_a_badge_once_per_session(app_context, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    item = build.item(meeting, START + timedelta(hours=1))
    day = datetime(2026, 12, 9).date()
    for session_id in (item.id, None):
        db.session.add(Attendance(meeting_id=meeting.id, registration_id=holder.id, day=day, agenda_item_id=session_id))
        db.session.commit()
        db.session.add(Attendance(meeting_id=meeting.id, registration_id=holder.id, day=day, agenda_item_id=session_id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert attendances() == 2


@pytest.mark.parametrize("session", [True, False], ids=["session", "whole day"])
@requires_postgres
def test_two_doors_scanning_the_same_badge_at_once_count_it_once(app, build, meeting, session):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    item_id = build.item(meeting, START + timedelta(hours=1)).id if session else None
    code, meeting_id, staff_id = badge_code(holder), meeting.id, build.user(UserRole.STAFF).id
    db.session.remove()
    doors = 8
    barrier = threading.Barrier(doors)

    def door(_n):
        with app.app_context():
            try:
                user, there = db.session.get(User, staff_id), db.session.get(Meeting, meeting_id)
                barrier.wait()
                return checkin.check_in(there, code, datetime(2026, 12, 9).date(), item_id, user=user).outcome
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=doors) as pool:
        outcomes = list(pool.map(door, range(doors)))  # an exception in a door is raised here
    assert sorted(outcomes) == sorted([checkin.Outcome.ACCEPTED] + [checkin.Outcome.ALREADY] * (doors - 1))
    assert attendances() == 1


def test_counts_per_delegation_in_protocol_order_and_the_quorum(client, auth, build, meeting):
    # Four Member States take part (Afghanistan declined), with an observer State and the Secretariat.
    people = {code: [build.registration(meeting, code, status=S.ACCREDITED) for _ in range(n)]
              for code, n in (("KZ", 3), ("AZ", 2), ("CN", 1), ("IN", 1), ("JP", 2))}
    build.registration(meeting, "KZ", status=S.REGISTERED)  # registered: counts as registered, not present
    build.registration(meeting, "KZ", status=S.DECLINED)  # not counted at all
    secretariat = build.registration(meeting, "CICA", status=S.ACCREDITED)
    afghanistan = build.delegation(meeting, "AF")
    participants.update_delegation(meeting, afghanistan, DelegationReply.DECLINED, None, build.secretariat)
    auth.login(UserRole.STAFF)

    def counts():
        return client.get(f"/meetings/{meeting.id}/protocol/checkin/counts.json?day={DAY1}").get_json()

    empty = counts()
    assert [d["party"] for d in empty["delegations"]] == ["AZ", "CN", "IN", "KZ", "JP"]  # protocol order, AF out
    assert {d["party"]: d["registered"] for d in empty["delegations"]} == {"AZ": 2, "CN": 1, "IN": 1, "KZ": 4, "JP": 2}
    assert empty["member_states"] == {"present": 0, "taking_part": 4, "needed": 3} and empty["quorum"] is False

    for registration in (*people["KZ"][:2], people["JP"][0], people["JP"][1], secretariat, people["AZ"][0]):
        assert "Accepted" in scan(client, meeting, badge_code(registration)).text
    scan(client, meeting, badge_code(people["KZ"][0]))  # twice: once
    two = counts()
    assert {d["party"]: d["present"] for d in two["delegations"]} == {"AZ": 1, "CN": 0, "IN": 0, "KZ": 2, "JP": 2}
    # Two of four Member States: half is no majority (observers do not count towards it).
    assert two["member_states"] == {"present": 2, "taking_part": 4, "needed": 3} and two["quorum"] is False
    assert (two["present"], two["registered"]) == (6, 11)  # the Secretariat's one of each included

    scan(client, meeting, str(people["CN"][0].badge_number))
    three = counts()
    assert three["member_states"]["present"] == 3 and three["quorum"] is True
    html = client.get(page(meeting, day=DAY1)).text
    assert "Quorum reached" in html and "more than half of the Member States" in html
    # The next day nobody is there yet.
    next_day = client.get(f"/meetings/{meeting.id}/protocol/checkin/counts.json?day={DAY2}").get_json()
    assert next_day["member_states"]["present"] == 0 and next_day["quorum"] is False


def test_counts_answer_304_while_nothing_changes(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    auth.login(UserRole.STAFF)
    url = f"/meetings/{meeting.id}/protocol/checkin/counts.json?day={DAY1}"

    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.mimetype == "application/json"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    scan(client, meeting, badge_code(holder))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["present"] == 1


def test_the_page_in_both_languages(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED, printed_name="Aigerim Sadykova",
                                printed_name_ru="Айгерим Садыкова")
    build.item(meeting, START + timedelta(hours=1), "Opening plenary", "Пленарное заседание открытия")
    auth.login(UserRole.ORGANIZER)

    en = client.get(page(meeting))
    assert en.status_code == 200
    assert "Check-in at the door" in en.text and "Opening plenary" in en.text and "Whole day" in en.text
    assert "9 December 2026" in en.text and "10 December 2026" in en.text
    assert 'name="csrf_token"' in en.text and "js/checkin" in en.text and "<script>" not in en.text

    ru = client.get(page(meeting, lang="ru"))
    assert "Регистрация при входе" in ru.text and "Пленарное заседание открытия" in ru.text and "Кворум" in ru.text
    answer = client.post(f"/meetings/{meeting.id}/protocol/checkin?lang=ru",
                         data={"code": badge_code(holder), "day": DAY1})
    assert "Допущен" in answer.text and "Айгерим Садыкова" in answer.text and "Казахстан" in answer.text
    forged = make_code(holder.id, holder.badge_number, secret_key="another-secret")
    refused = client.post(f"/meetings/{meeting.id}/protocol/checkin?lang=ru", data={"code": forged, "day": DAY1})
    assert "Отказано" in refused.text and "Поддельный или изменённый код" in refused.text
    garbage = client.post(f"/meetings/{meeting.id}/protocol/checkin?lang=ru", data={"code": "garbage", "day": DAY1})
    assert "Отказано" in garbage.text and "Это не номер и не код бейджа" in garbage.text
    wrong_day = client.post(f"/meetings/{meeting.id}/protocol/checkin?lang=ru", data={"code": "1", "day": "2026-12-20"})
    assert "Выберите день мероприятия." in wrong_day.text and "Выберите день и заседание для отметки" in wrong_day.text


def test_the_photo_is_shown_when_there_is_one(client, auth, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    save_photo(build.secretariat, holder.person, image_bytes())
    auth.login(UserRole.STAFF)

    answer = scan(client, meeting, badge_code(holder))

    assert f"/people/{holder.person_id}/photo?v=" in answer.text


def test_a_registration_without_badge_number_cannot_be_typed(client, auth, build, meeting):
    build.registration(meeting, "KZ", status=S.REGISTERED)
    auth.login(UserRole.STAFF)
    assert "No badge with this number" in scan(client, meeting, "1").text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


@pytest.mark.parametrize("role", [UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_focal_points_and_delegates_may_not_check_in(client, auth, build, meeting, role):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    auth.login(role, party_id=build.party("KZ").id) if role is UserRole.FOCAL_POINT else auth.login(role)

    assert client.get(page(meeting)).status_code == 403
    assert scan(client, meeting, badge_code(holder)).status_code == 403
    assert client.get(f"/meetings/{meeting.id}/protocol/checkin/counts.json").status_code == 403
    assert attendances() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, build, meeting):
    holder = build.registration(meeting, "KZ", status=S.ACCREDITED)
    for answer in (client.get(page(meeting)), scan(client, meeting, badge_code(holder))):
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert attendances() == 0
