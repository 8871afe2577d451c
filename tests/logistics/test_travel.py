"""Arrivals and departures: the drivers' schedule by local day, place and time window, its PDF in
English and Russian, who may see and change whose travel, bad input, the dashboard's section, and
query counts that do not grow with the participants."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.logistics.travel import services
from meetings.logistics.travel.schedule import ScheduleEntry, group_schedule
from meetings.models import AccreditationStatus, AuditEntry, Travel, TravelDirection, UserRole
from tests.printing.helpers import in_order, read_pdf

ARRIVAL, DEPARTURE = TravelDirection.ARRIVAL, TravelDirection.DEPARTURE
# The meeting of these tests: Baku (UTC+4), 9 December 2026, 08:00-16:00 local.
START = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)


def entry(at: datetime, place: str = "GYD", name: str = "A", direction=ARRIVAL, **more) -> ScheduleEntry:
    return ScheduleEntry(at=at, direction=direction, place=place, name=name, **more)


def shape(days) -> list:
    return [(d.day, [(p.name, [(w.label, [(line.time.strftime("%H:%M"), line.entry.name) for line in w.lines])
                               for w in p.windows]) for p in d.places]) for d in days]


# --- the schedule, pure -------------------------------------------------------------------------

def test_local_days_across_midnight_on_the_same_utc_day():
    # 23:30 on 8 December and 00:40 on 9 December in Baku are both 8 December in UTC.
    late, after_midnight = datetime(2026, 12, 8, 19, 30, tzinfo=UTC), datetime(2026, 12, 8, 20, 40, tzinfo=UTC)
    days = group_schedule([entry(after_midnight, name="Second"), entry(late, name="First")], "Asia/Baku")
    assert shape(days) == [
        (date(2026, 12, 8), [("GYD", [("22:00–24:00", [("23:30", "First")])])]),
        (date(2026, 12, 9), [("GYD", [("00:00–02:00", [("00:40", "Second")])])]),
    ]


def test_the_same_instants_fall_on_other_days_in_another_zone():
    # 02:30 UTC on 9 December: the 9th in Baku, still the 8th in New York.
    instant = datetime(2026, 12, 9, 2, 30, tzinfo=UTC)
    assert shape(group_schedule([entry(instant)], "Asia/Baku")) == [
        (date(2026, 12, 9), [("GYD", [("06:00–08:00", [("06:30", "A")])])])]
    assert shape(group_schedule([entry(instant)], "America/New_York")) == [
        (date(2026, 12, 8), [("GYD", [("20:00–22:00", [("21:30", "A")])])])]


def test_places_and_time_windows():
    day = datetime(2026, 12, 8, tzinfo=UTC) - timedelta(hours=4)  # midnight of 8 December in Baku
    entries = [
        entry(day + timedelta(hours=7, minutes=50), "GYD", "Late window"),
        entry(day + timedelta(hours=6, minutes=10), " gyd ", "Early window"),
        entry(day + timedelta(hours=8), "GYD", "Next window", direction=DEPARTURE),
        entry(day + timedelta(hours=6, minutes=10), "Baku railway  station", "Train"),
        entry(day + timedelta(hours=9), "", "Nowhere"),
    ]
    assert shape(group_schedule(entries, "Asia/Baku")) == [(date(2026, 12, 8), [
        ("Baku railway station", [("06:00–08:00", [("06:10", "Train")])]),
        ("gyd", [("06:00–08:00", [("06:10", "Early window"), ("07:50", "Late window")]),
                 ("08:00–10:00", [("08:00", "Next window")])]),
        ("", [("08:00–10:00", [("09:00", "Nowhere")])]),
    ])]
    days = group_schedule(entries, "Asia/Baku")
    assert (days[0].arrivals, days[0].departures) == (4, 1)
    assert [w.label for w in group_schedule(entries, "Asia/Baku", window_hours=3)[0].places[1].windows] == [
        "06:00–09:00"]


# --- through the pages --------------------------------------------------------------------------

@pytest.fixture
def meeting(build):
    return build.meeting(starts_at=START, timezone="Asia/Baku")


def leg_values(prefix: str, day: str = "", at: str = "", flight: str = "", airport: str = "", pickup: str = "",
               note: str = "") -> dict:
    return {f"{prefix}_date": day, f"{prefix}_time": at, f"{prefix}_flight": flight, f"{prefix}_airport": airport,
            f"{prefix}_pickup": pickup, f"{prefix}_note": note}


def form(arrival: dict | None = None, departure: dict | None = None) -> dict:
    return leg_values("arrival", **(arrival or {})) | leg_values("departure", **(departure or {}))


def url(meeting, registration=None, tail="") -> str:
    base = f"/meetings/{meeting.id}/logistics/travel"
    return f"{base}/{registration.id}" if registration is not None else base + tail


def legs_of(registration) -> dict:
    db.session.expire_all()
    return {t.direction: t for t in db.session.scalars(select(Travel).where(Travel.registration_id == registration.id))}


def test_organizer_saves_changes_and_clears_travel(client, auth, build, meeting):
    registration = build.registration(meeting, "CN", family_name="Zhang", given_names="Wei")
    auth.login(UserRole.ORGANIZER)
    response = client.post(url(meeting, registration), data=form(
        {"day": "2026-12-08", "at": "23:30", "flight": "J2 8", "airport": "GYD", "pickup": "yes"},
        {"day": "2026-12-11", "at": "06:15", "flight": "CZ 6026", "airport": "GYD", "pickup": "no", "note": "Hotel 05:00"}))
    assert response.status_code == 302
    saved = legs_of(registration)
    assert saved[ARRIVAL].at == datetime(2026, 12, 8, 19, 30, tzinfo=UTC)  # stored in UTC
    assert (saved[ARRIVAL].flight, saved[ARRIVAL].pickup, saved[DEPARTURE].pickup) == ("J2 8", True, False)
    page = client.get(url(meeting)).get_data(as_text=True)
    assert "8 December, 23:30" in page and "CZ 6026" in page and "Hotel 05:00" in page
    form_page = client.get(url(meeting, registration)).get_data(as_text=True)
    assert 'value="2026-12-08"' in form_page and 'value="23:30"' in form_page  # local, as typed

    # The flight changes: the schedule moves at once, to the other local day.
    client.post(url(meeting, registration), data=form(
        {"day": "2026-12-09", "at": "00:40", "flight": "J2 10", "airport": "GYD"},
        {"day": "2026-12-11", "at": "06:15", "flight": "CZ 6026", "airport": "GYD", "pickup": "no"}))
    schedule = client.get(url(meeting, tail="/schedule")).get_data(as_text=True)
    assert in_order(schedule, "Wednesday, 9 December 2026", "00:00–02:00", "00:40", "J2 10", "Wei Zhang")
    assert "J2 8<" not in schedule and "Not decided yet" in schedule

    # Clearing the departure's fields removes it.
    client.post(url(meeting, registration), data=form({"day": "2026-12-09", "at": "00:40", "flight": "J2 10"}))
    assert set(legs_of(registration)) == {ARRIVAL}
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "travel")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["travel.added", "travel.added", "travel.edited", "travel.edited", "travel.edited",
                       "travel.removed"]


def test_schedule_only_pickups_and_not_for_the_cancelled(client, auth, build, meeting):
    needs, walks = (build.registration(meeting, "KZ", family_name=n, given_names="X") for n in ("Needs", "Walks"))
    gone = build.registration(meeting, "KZ", family_name="Gone", given_names="X")
    auth.login(UserRole.ORGANIZER)
    for registration, pickup in ((needs, "yes"), (walks, "no"), (gone, "yes")):
        assert client.post(url(meeting, registration), data=form(
            {"day": "2026-12-08", "at": "10:00", "airport": "GYD", "pickup": pickup})).status_code == 302
    build.move(gone, AccreditationStatus.CANCELLED)
    everyone = client.get(url(meeting, tail="/schedule")).get_data(as_text=True)
    row = '<th scope="row">{}</th>'.format
    assert row("X Needs") in everyone and row("X Walks") in everyone and row("X Gone") not in everyone
    pickups = client.get(url(meeting, tail="/schedule?pickup=1")).get_data(as_text=True)
    assert row("X Needs") in pickups and row("X Walks") not in pickups


def test_no_travel_is_entered_for_someone_not_coming(client, auth, build, meeting):
    gone = build.registration(meeting, "KZ", family_name="Gone", given_names="X")
    build.move(gone, AccreditationStatus.CANCELLED)
    auth.login(UserRole.ORGANIZER)
    response = client.post(url(meeting, gone), data=form({"day": "2026-12-08", "at": "10:00", "flight": "J2 8"}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "not coming (declined or cancelled)" in page and 'value="J2 8"' in page
    assert legs_of(gone) == {}


def test_schedule_pdf_in_english_and_russian(client, auth, build, meeting):
    registration = build.registration(meeting, "CN", family_name="Zhang", given_names="Wei", phone="+86 10 1234")
    other = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan")
    auth.login(UserRole.ORGANIZER)
    client.post(url(meeting, registration), data=form(
        {"day": "2026-12-08", "at": "23:30", "flight": "J2 8", "airport": "GYD", "pickup": "yes"}))
    client.post(url(meeting, other), data=form(
        {"day": "2026-12-09", "at": "00:40", "flight": "KC 951", "airport": "GYD"},
        {"day": "2026-12-10", "at": "19:05", "flight": "KC 952", "airport": "GYD", "pickup": "no"}))
    english = client.get(url(meeting, tail="/schedule.pdf"))
    assert english.headers["Cache-Control"] == "private, no-store"
    text = read_pdf(english.data).words
    assert in_order(text, "ARRIVALS AND DEPARTURES", "Tuesday, 8 December 2026", "GYD", "22:00–24:00", "23:30",
                    "ARRIVAL", "J2 8", "Wei Zhang", "CHINA", "Yes", "+86 10 1234",
                    "Wednesday, 9 December 2026", "00:00–02:00", "00:40", "KC 951", "Nurlan Abenov",
                    "Not decided yet", "Thursday, 10 December 2026", "18:00–20:00", "19:05", "DEPARTURE", "KC 952")
    russian = read_pdf(client.get(url(meeting, tail="/schedule.pdf?lang=ru")).data).words
    assert in_order(russian, "ПРИБЫТИЕ И ОТЪЕЗД", "Вторник, 8 декабря 2026 г.", "GYD", "23:30", "ПРИБЫТИЕ",
                    "J2 8", "КИТАЙ", "Да", "Среда, 9 декабря 2026 г.", "Не решено", "ОТЪЕЗД", "KC 952")


# --- who may see and change whose travel ---------------------------------------------------------

def test_focal_point_sees_and_edits_only_their_delegation(client, auth, build, meeting):
    own = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan")
    other = build.registration(meeting, "CN", family_name="Zhang", given_names="Wei")
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    page = client.get(url(meeting)).get_data(as_text=True)
    assert "Nurlan Abenov" in page and "Wei Zhang" not in page
    assert "Drivers&#39; schedule" not in page and "Drivers' schedule" not in page
    assert client.get(url(meeting, other)).status_code == 404
    assert client.post(url(meeting, other), data=form({"day": "2026-12-08", "at": "10:00"})).status_code == 404
    assert client.get(url(meeting, tail="/schedule")).status_code == 403
    assert client.get(url(meeting, tail="/schedule.pdf")).status_code == 403
    response = client.post(url(meeting, own), data=form({"day": "2026-12-08", "at": "10:00", "flight": "KC 951",
                                                         "airport": "NQZ"}))
    assert response.status_code == 302
    assert legs_of(own)[ARRIVAL].flight == "KC 951" and legs_of(other) == {}
    # The meeting's page links the focal point to the travel of their delegation.
    assert url(meeting) in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert url(meeting) in client.get(f"/meetings/{meeting.id}/participants").get_data(as_text=True)


def test_focal_point_of_a_party_not_invited_delegates_and_staff(client, auth, build, meeting):
    registration = build.registration(meeting, "KZ")
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("CN").id)
    assert client.get(url(meeting)).status_code == 404
    auth.logout()
    auth.login(UserRole.DELEGATE)
    assert client.get(url(meeting)).status_code == 403
    assert client.get(url(meeting, registration)).status_code == 403
    auth.logout()
    auth.login(UserRole.STAFF)
    assert client.get(url(meeting)).status_code == 200
    assert client.get(url(meeting, tail="/schedule")).status_code == 200
    assert client.get(url(meeting, registration)).status_code == 403
    assert client.post(url(meeting, registration), data=form({"day": "2026-12-08", "at": "10:00"})).status_code == 403
    assert legs_of(registration) == {}


def test_focal_point_may_change_travel_until_the_meetings_last_day(client, auth, build):
    past = build.meeting(starts_at=datetime.now(UTC) - timedelta(days=3), timezone="Asia/Baku")
    registration = build.registration(past, "KZ")
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    response = client.get(url(past, registration))
    assert response.status_code == 302 and response.headers["Location"].endswith(url(past))
    assert "read-only" in client.get(url(past)).get_data(as_text=True)
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    day = (datetime.now(UTC) - timedelta(days=4)).date().isoformat()
    assert client.post(url(past, registration), data=form({"day": day, "at": "10:00"})).status_code == 302
    assert ARRIVAL in legs_of(registration)


# --- bad input: the message beside the field, the input kept, nothing saved ---------------------

@pytest.mark.parametrize(("values", "field", "message", "kept"), [
    (form({"flight": "J2 8"}), "arrival_date", "Give the date.", 'value="J2 8"'),
    (form({"day": "2026-12-08"}), "arrival_time", "Give the time.", 'value="2026-12-08"'),
    (form({"day": "2026-02-30", "at": "10:00"}), "arrival_date", "Not a valid date", 'value="2026-02-30"'),
    (form({"day": "tomorrow", "at": "25:99"}), "arrival_time", "Not a valid time", 'value="25:99"'),
    (form({"day": "2026-11-24", "at": "10:00"}), "arrival_date", "from 25 November 2026 to 23 December 2026",
     'value="2026-11-24"'),
    (form(departure={"day": "2027-01-30", "at": "10:00"}), "departure_date", "two weeks around the meeting",
     'value="2027-01-30"'),
    (form({"day": "2026-12-10", "at": "10:00"}, {"day": "2026-12-10", "at": "09:59"}), "departure_date",
     "The departure must come after the arrival.", 'value="09:59"'),
    (form({"day": "2026-12-08", "at": "10:00", "flight": "<script>"}), "arrival_flight",
     "flight or train number only", 'value="&lt;script&gt;"'),
    (form({"day": "2026-12-08", "at": "10:00", "flight": "J2 8" * 10}), "arrival_flight", "20", "J2 8J2 8"),
    (form({"day": "2026-12-08", "at": "10:00", "airport": "GYD\x07"}), "arrival_airport", "control characters",
     'value="GYD'),
    (form({"day": "2026-12-08", "at": "10:00", "note": "x\x00y"}), "arrival_note", "control characters", "x"),
    (form({"day": "2026-12-08", "at": "10:00", "pickup": "maybe"}), "arrival_pickup", "Not a valid choice", ""),
])
def test_bad_input_is_shown_beside_the_field_and_kept(client, auth, build, meeting, values, field, message, kept):
    registration = build.registration(meeting, "KZ")
    auth.login(UserRole.ORGANIZER)
    response = client.post(url(meeting, registration), data=values)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    _before, _marker, errors = body.partition(f'<ul class="errors" id="{field}-errors">')
    assert message in errors.split("</ul>")[0], body
    assert kept in body
    assert db.session.scalar(select(func.count(Travel.id))) == 0



def test_a_time_the_clocks_skip_is_refused_not_moved_an_hour(client, auth, build):
    # Berlin moves from 02:00 to 03:00 on 29 March 2026: 02:30 was stored as 03:30 without a word.
    meeting = build.meeting(starts_at=datetime(2026, 3, 30, 7, 0, tzinfo=UTC), timezone="Europe/Berlin")
    registration = build.registration(meeting, "KZ")
    auth.login(UserRole.ORGANIZER)
    response = client.post(url(meeting, registration), data=form({"day": "2026-03-29", "at": "02:30",
                                                                   "flight": "LH 7"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = body.partition('<ul class="errors" id="arrival_time-errors">')[2].split("</ul>")[0]
    assert "29 March 2026, 02:30 does not exist in Berlin" in errors
    assert 'value="02:30"' in body and 'value="LH 7"' in body
    assert db.session.scalar(select(func.count(Travel.id))) == 0
    assert client.post(url(meeting, registration), data=form({"day": "2026-03-29", "at": "03:30"})).status_code == 302
    assert legs_of(registration)[ARRIVAL].at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_hostile_note_is_kept_as_text(client, auth, build, meeting):
    registration = build.registration(meeting, "KZ")
    auth.login(UserRole.ORGANIZER)
    note = '<script>alert("x")</script> =cmd|\' /C calc\'!A0'
    client.post(url(meeting, registration), data=form({"day": "2026-12-08", "at": "10:00", "note": note}))
    assert legs_of(registration)[ARRIVAL].note == note
    page = client.get(url(meeting)).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


# --- the dashboard and query counts -------------------------------------------------------------

def test_summary_counts_and_attention(app, build, meeting):
    coming = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan",
                                status=AccreditationStatus.ACCREDITED)
    undecided = build.registration(meeting, "CN", family_name="Zhang", given_names="Wei")
    build.registration(meeting, "CN", family_name="Li", given_names="Na", status=AccreditationStatus.ACCREDITED)
    access = services.travel_access(build.secretariat, meeting.id)
    services.save_travel(access, coming, services.TravelInput(
        arrival=services.LegInput(datetime(2026, 12, 8, 23, 30), flight="J2 8", airport="GYD", pickup=True),
        departure=services.LegInput(datetime(2026, 12, 11, 6, 0), flight="J2 9", airport="GYD", pickup=True)))
    services.save_travel(access, undecided, services.TravelInput(
        arrival=services.LegInput(datetime(2026, 12, 12, 9, 0), flight="CZ 6025", airport="GYD")))
    with app.test_request_context():
        section = services.summary(meeting, datetime(2026, 12, 8, 0, 0, tzinfo=UTC))
    assert [(c.label, c.value) for c in section.counts] == [
        ("Arrivals known", 2), ("Departures known", 1), ("Pick-ups needed", 2)]
    assert [(a.label, a.count, a.examples, a.level) for a in section.attention] == [
        ("1 arrival without a pick-up decision", 1, ["Wei Zhang"], "warning"),
        ("1 arrival in the next 48 hours", 1, ["Nurlan Abenov — J2 8, 8 December, 23:30"], "info"),
        ("1 accredited participant without an arrival", 1, ["Na Li"], "warning"),
    ]
    assert section.attention[0].url.endswith("/logistics/travel?direction=arrival&pickup=undecided")


def test_queries_do_not_grow_with_the_participants(app, client, auth, build, meeting, count_queries):
    auth.login(UserRole.ORGANIZER)
    access = services.travel_access(build.secretariat, meeting.id)

    def add(n: int) -> None:
        for i in range(n):
            registration = build.registration(meeting, ("KZ", "CN", "IN")[i % 3], status=AccreditationStatus.ACCREDITED)
            services.save_travel(access, registration, services.TravelInput(
                arrival=services.LegInput(datetime(2026, 12, 8, 6 + i % 12, 0), flight=f"J2 {i}", airport="GYD"),
                departure=services.LegInput(datetime(2026, 12, 11, 6 + i % 12, 0), airport="GYD", pickup=True)))
        build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED)  # no travel

    def measure() -> list[int]:
        counts = []
        for path in (url(meeting), url(meeting, tail="/schedule"), url(meeting, tail="?direction=arrival&pickup=yes")):
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            counts.append(counter.count)
        with app.test_request_context(), count_queries() as counter:
            services.summary(meeting, START)
        return [*counts, counter.count]

    add(2)
    small = measure()
    add(9)
    assert measure() == small
