"""The organizer's desk: its counts, deadlines and focal points' changes in a world whose numbers
are known, the links straight to the work, the filters, who sees what, and its cost in queries."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import pytest

from meetings.audit import record
from meetings.desks import overview
from meetings.extensions import db
from meetings.logistics.hotels import services as hotels
from meetings.logistics.tasks import services as tasks
from meetings.models import (
    AccreditationStatus,
    DelegationReply,
    Meeting,
    MeetingStatus,
    RegistrationRole,
    TaskStatus,
    UserRole,
    utcnow,
)
from meetings.participants import services as participants
from meetings.timeutil import from_local, local_today

S = AccreditationStatus


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _hrefs(fragment: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', fragment)]


@dataclass
class DeskPage:
    """What the desk shows, read from its HTML: each meeting's counts (text and link), the
    deadlines and the changes (kind, text, links), in the order shown."""

    html: str

    def meeting_ids(self) -> list[int]:
        return [int(i) for i in re.findall(r'id="desk-meeting-(\d+)"', self.html)]

    def card(self, meeting_id: int) -> str:
        start = self.html.index(f'id="desk-meeting-{meeting_id}"')
        end = self.html.find('id="desk-meeting-', start + 1)
        return self.html[start:end if end != -1 else self.html.index("</section>", start)]

    def counts(self, meeting_id: int) -> dict[str, tuple[str, list[str]]]:
        return {name: (_text(body), _hrefs(body)) for name, body in
                re.findall(r'<dd data-count="(\w+)">(.*?)</dd>', self.card(meeting_id), re.S)}

    def _items(self, attribute: str) -> list[tuple[str, str, list[str]]]:
        return [(kind, _text(body), _hrefs(body)) for kind, body in
                re.findall(rf'<li[^>]*{attribute}="([\w.]+)">(.*?)</li>', self.html, re.S)]

    def deadlines(self):
        return self._items("data-deadline")

    def changes(self):
        return self._items("data-change")


def desk(client, query: str = "") -> DeskPage:
    response = client.get(f"/desk/secretariat{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    return DeskPage(response.get_data(as_text=True))


def at_local(meeting_zone: str, day: date, hour: int = 9) -> datetime:
    return from_local(datetime.combine(day, time(hour)), meeting_zone)


@dataclass
class World:
    soc: Meeting  # in 20 days: every count, deadline and change below
    summit: Meeting  # in 60 days
    later: Meeting  # in 200 days: beyond the default horizon
    organizer: object
    staff: object
    focal_point: object
    today: date  # in Baku, where the SOC is held


@pytest.fixture
def world(build) -> World:
    now = utcnow()
    tz = "Asia/Baku"
    today = local_today(tz, now)
    organizer, staff = build.user(UserRole.ORGANIZER, name="Olga Organizer"), build.user(UserRole.STAFF)
    soc = build.meeting(starts_at=at_local(tz, today + timedelta(days=20)), title_en="Senior Officials Committee",
                        registration_deadline=today + timedelta(days=5))
    summit = build.meeting(starts_at=at_local(tz, today + timedelta(days=60)), type_code="SUMMIT",
                           title_en="Seventh Summit")
    later = build.meeting(starts_at=at_local(tz, today + timedelta(days=200)), title_en="Far away meeting")
    # Neither cancelled nor held meetings, nor past ones, need the Secretariat any more.
    build.meeting(starts_at=at_local(tz, today + timedelta(days=10)), status=MeetingStatus.CANCELLED,
                  title_en="Cancelled meeting", registration_deadline=today + timedelta(days=3))
    build.meeting(starts_at=at_local(tz, today - timedelta(days=30)), status=MeetingStatus.CONFIRMED,
                  title_en="Past meeting")

    # Replies at the SOC: KZ accepted, CN declined, JP and IN pending (4 invited).
    for code, reply in (("KZ", DelegationReply.ACCEPTED), ("CN", DelegationReply.DECLINED),
                        ("JP", DelegationReply.PENDING), ("IN", DelegationReply.PENDING)):
        delegation = build.delegation(soc, code)
        if reply is not DelegationReply.PENDING:
            participants.update_delegation(soc, delegation, reply, None, build.secretariat)
    # Registrations at the SOC: 3 waiting for accreditation, 2 accredited (one of them attended), 1 declined.
    for code, status in (("KZ", S.REGISTERED), ("KZ", S.REGISTERED), ("JP", S.REGISTERED), ("KZ", S.ACCREDITED),
                         ("IN", S.ACCREDITED), ("JP", S.DECLINED)):
        build.registration(soc, code, status=status)
    # The summit: one party invited, no reply yet; one registration waiting.
    build.registration(summit, "TR", status=S.REGISTERED)

    # Tasks of the SOC: overdue (shown, marked), due in 3 days (the organizer's), in 4 days (the
    # staff's), in 20 days (beyond 14), done in 2 days (finished: not shown).
    for title, days, owner, status in (("Book interpreters", -2, None, TaskStatus.OPEN),
                                       ("Print badges", 3, organizer, TaskStatus.IN_PROGRESS),
                                       ("Plan pick-ups", 4, staff, TaskStatus.OPEN),
                                       ("Rehearse the opening", 20, organizer, TaskStatus.OPEN),
                                       ("Send the agenda", 2, organizer, TaskStatus.DONE)):
        tasks.create_task(soc, tasks.TaskInput(title_en=title, owner_id=owner.id if owner else None,
                                               due_date=today + timedelta(days=days), status=status), user=organizer)
    hotel = hotels.save_hotel(None, hotels.HotelInput(name_en="Hilton Baku", city="Baku"), user=organizer)
    first_day = today + timedelta(days=20)
    for room_type, release in (("Single", today + timedelta(days=6)), ("Suite", today + timedelta(days=16))):
        hotels.save_block(soc, None, hotels.BlockInput(hotel_id=hotel.id, room_type=room_type, rooms=5,
                                                        check_in=first_day, check_out=first_day + timedelta(days=2),
                                                        release_date=release), user=organizer, accept_warnings=True)

    # The focal point of Kazakhstan registers someone and edits them; the organizer's own changes
    # and a focal point's change of 8 days ago are not "recent changes by focal points".
    focal_point = build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id, name="Focal KZ")
    access = participants.participants_access(focal_point, soc.id)
    registration = participants.register(access, participants.RegistrationInput(
        role=RegistrationRole.ADVISER, ministerial_level=False, family_name="Abenov",
        given_names="Nurlan", email="n.abenov@mfa.kz"), party_id=build.party("KZ").id)
    old = record(focal_point, "registration", "edited", object_id=registration.id, meeting_id=soc.id,
                 summary="an old change")
    old.at = now - timedelta(days=8)
    db.session.commit()
    return World(soc, summit, later, organizer, staff, focal_point, today)


def test_each_meetings_replies_and_registrations_waiting_are_counted_and_linked(client, auth, world):
    auth.login(world.organizer)
    page = desk(client)
    assert page.meeting_ids() == [world.soc.id, world.summit.id]  # soonest first, within 90 days
    soc = world.soc.id
    delegations = f"/meetings/{soc}/delegations"
    # The focal point's registration (registered) is the fourth waiting.
    assert page.counts(soc) == {
        "pending": ("2 of 4 invited", [delegations]), "accepted": ("1", [delegations]),
        "declined": ("1", [delegations]),
        "waiting": ("4", [f"/meetings/{soc}/participants?status=registered"]),
        "accredited": ("2", [f"/meetings/{soc}/participants?status=accredited"]),
    }
    assert page.counts(world.summit.id)["pending"] == ("1 of 1 invited", [f"/meetings/{world.summit.id}/delegations"])
    assert page.counts(world.summit.id)["waiting"][0] == "1"
    links = _hrefs(page.card(soc))
    for link in (f"/meetings/{soc}", f"/meetings/{soc}/participants", f"/meetings/{soc}/logistics",
                 f"/manage/meetings/{soc}/timetable"):
        assert link in links


def test_the_links_lead_to_lists_that_show_those_numbers(client, auth, world):
    auth.login(world.organizer)
    waiting = client.get(f"/meetings/{world.soc.id}/participants?status=registered").get_data(as_text=True)
    assert "4 participants" in waiting


def test_deadlines_of_the_next_14_days_soonest_first_in_the_meetings_zone(client, auth, world):
    auth.login(world.organizer)
    deadlines = desk(client).deadlines()
    soc = world.soc.id
    assert [(kind, text) for kind, text, _links in deadlines] == [
        ("task", f"{_day(world.today - timedelta(days=2))} 2 days overdue Task due: Book interpreters "
                 "Senior Officials Committee"),
        ("task", f"{_day(world.today + timedelta(days=3))} in 3 days Task due: Print badges (Olga Organizer) "
                 "Senior Officials Committee"),
        ("task", f"{_day(world.today + timedelta(days=4))} in 4 days Task due: Plan pick-ups ({world.staff.email}) "
                 "Senior Officials Committee"),
        ("registration", f"{_day(world.today + timedelta(days=5))} in 5 days Registration deadline "
                         "Senior Officials Committee"),
        ("release", f"{_day(world.today + timedelta(days=6))} in 6 days Hotel rooms released: Hilton Baku, Single "
                    "Senior Officials Committee"),
    ]
    assert [links for _kind, _text, links in deadlines] == [
        [f"/meetings/{soc}/logistics/tasks"]] * 3 + [
        [f"/meetings/{soc}/participants?status=registered"], [f"/meetings/{soc}/logistics/hotels"]]


def _day(day: date) -> str:
    return day.strftime("%A, ") + f"{day.day} " + day.strftime("%B %Y")


def test_recent_changes_by_focal_points_newest_first_with_party_and_link(client, auth, world):
    auth.login(world.organizer)
    changes = desk(client).changes()
    participants_of_kz = f"/meetings/{world.soc.id}/participants?party={world.focal_point.party_id}"
    assert [(action, links) for action, _text, links in changes] == [
        ("registration.registered", [participants_of_kz]), ("person.created", [participants_of_kz])]
    text = changes[0][1]
    assert "Kazakhstan" in text and "Registered: Nurlan Abenov" in text and "Focal KZ" in text
    assert "Senior Officials Committee" in text


def test_filters_type_horizon_and_own_tasks(client, auth, world):
    auth.login(world.organizer)
    assert desk(client, "?days=365").meeting_ids() == [world.soc.id, world.summit.id, world.later.id]
    assert desk(client, "?days=30").meeting_ids() == [world.soc.id]
    summit_only = desk(client, "?type=SUMMIT")
    assert summit_only.meeting_ids() == [world.summit.id]
    assert summit_only.deadlines() == [] and summit_only.changes() == []
    mine = [text for kind, text, _links in desk(client, "?mine=1").deadlines() if kind == "task"]
    assert len(mine) == 1 and "Print badges" in mine[0]
    links = [links for kind, _text, links in desk(client, "?mine=1").deadlines() if kind == "task"]
    assert links == [[f"/meetings/{world.soc.id}/logistics/tasks?owner={world.organizer.id}"]]
    # What cannot be read is no filter (the horizon) or matches nothing (a type).
    assert desk(client, "?days=7&mine=maybe").meeting_ids() == [world.soc.id, world.summit.id]
    assert desk(client, "?type=NOPE").meeting_ids() == []


def test_staff_see_the_same_counts_without_organizer_only_actions(client, auth, world):
    auth.login(world.staff)
    page = desk(client)
    soc = world.soc.id
    counts = page.counts(soc)
    assert counts["pending"] == ("2 of 4 invited", []) and counts["waiting"][0] == "4"
    links = _hrefs(page.card(soc))
    assert f"/meetings/{soc}/delegations" not in links and f"/manage/meetings/{soc}/timetable" not in links
    assert f"/meetings/{soc}/participants?status=registered" in links
    assert all(f"/meetings/{soc}/delegations" not in links for _a, _t, links in page.changes())
    # Their own tasks: those the staff member owns.
    mine = [text for kind, text, _links in desk(client, "?mine=1").deadlines() if kind == "task"]
    assert len(mine) == 1 and "Plan pick-ups" in mine[0]


@pytest.mark.parametrize("role", [UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_the_desk_is_the_secretariats(client, auth, build, role):
    fields = {"party_id": build.party("KZ").id} if role is UserRole.FOCAL_POINT else {}
    auth.login(role, **fields)
    assert client.get("/desk/secretariat").status_code == 403


def test_logistics_needing_attention_of_the_soonest_meetings(client, auth, world):
    auth.login(world.organizer)
    html = desk(client).html
    section = html[html.index('id="logistics-heading"'):]
    assert f'href="/meetings/{world.soc.id}/logistics"' in section
    assert "1 overdue task" in _text(section)
    assert f"/meetings/{world.soc.id}/logistics/tasks?overdue=1" in _hrefs(section)


def test_a_russian_desk_counts_the_same(client, auth, world):
    auth.login(world.organizer)
    page = desk(client, "?lang=ru")
    assert page.counts(world.soc.id)["pending"][0] == "2 из 4 приглашённых"
    assert [kind for kind, _t, _l in page.deadlines()] == ["task", "task", "task", "registration", "release"]


def test_the_query_count_does_not_grow_with_meetings_delegations_registrations_or_changes(
        client, auth, build, world, count_queries):
    auth.login(world.organizer)

    def measure() -> int:
        with count_queries() as counter:
            desk(client, "?days=365")
        return counter.count

    before = measure()
    tz = "Asia/Baku"
    access = participants.participants_access(world.focal_point, world.soc.id)
    for n in range(12):  # more meetings than the desk shows, each with replies and registrations
        meeting = build.meeting(starts_at=at_local(tz, world.today + timedelta(days=30 + n)),
                                registration_deadline=world.today + timedelta(days=7))
        for code in ("CN", "IN", "RU"):
            build.registration(meeting, code, status=S.REGISTERED)
        tasks.create_task(meeting, tasks.TaskInput(title_en=f"Task {n}", owner_id=world.organizer.id,
                                                   due_date=world.today + timedelta(days=1), status=TaskStatus.OPEN),
                          user=world.organizer)
    for n in range(5):  # more changes by the focal point
        participants.register(access, participants.RegistrationInput(
            role=RegistrationRole.DELEGATE, ministerial_level=False, family_name=f"Delegate{n}",
            given_names="Aidar", email=f"d{n}@mfa.kz"), party_id=world.focal_point.party_id)
    db.session.commit()
    page = desk(client, "?days=365")
    assert len(page.meeting_ids()) == 10 and "All upcoming meetings" in page.html
    assert measure() == before


def test_today_is_each_meetings_own_day(app, build):
    """At 17:00 UTC it is already tomorrow in Tokyo but still today in Istanbul: a task due today
    is overdue at the Tokyo meeting and due today at the Istanbul one."""
    now = datetime(2026, 12, 9, 17, 0, tzinfo=UTC)
    organizer = build.user(UserRole.ORGANIZER)
    for tz, title in (("Asia/Tokyo", "Tokyo"), ("Europe/Istanbul", "Istanbul")):
        meeting = build.meeting(starts_at=at_local(tz, date(2026, 12, 20)), timezone=tz, title_en=title)
        tasks.create_task(meeting, tasks.TaskInput(title_en=f"Due in {title}", owner_id=None, due_date=date(2026, 12, 9),
                                                   status=TaskStatus.OPEN), user=organizer)
    with app.test_request_context():
        deadlines = overview.secretariat_desk(organizer, overview.DeskQuery(), now).deadlines
    assert [(d.what, d.days_left) for d in deadlines] == [("Due in Tokyo", -1), ("Due in Istanbul", 0)]
