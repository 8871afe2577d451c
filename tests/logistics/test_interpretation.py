"""Interpretation and room capacity: languages per agenda item (EN/RU by default), interpreters,
booth and double-booking checks, capacity warnings (interpretation page, dashboard, timetable
form), access, bad input and query counts."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.logistics.interpretation import checks, services
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    Interpretation,
    Interpreter,
    Meeting,
    User,
    UserRole,
)
from tests.conftest import requires_postgres


def interpreter(build, name="Anna Petrova", languages="en, ru") -> Interpreter:
    return services.save_interpreter(None, InterpreterInput(name=name, languages=languages), user=build.secretariat)


def book(build, item, languages, **interpreters) -> None:
    services.set_item_languages(item, ItemLanguagesInput(languages, {k: [i.id for i in v] for k, v in
                                                                     interpreters.items()}), user=build.secretariat)


def page(client, meeting, **args) -> str:
    response = client.get(f"/meetings/{meeting.id}/logistics/interpretation", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def dashboard(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.id}/logistics")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(item) -> dict[str, list[str]]:
    db.session.expire_all()
    found = db.session.scalars(select(Interpretation).where(Interpretation.agenda_item_id == item.id)).all()
    return {r.language: [i.name for i in r.interpreters] for r in found}


# --- defaults ---------------------------------------------------------------------------------


def test_english_and_russian_are_needed_by_default_and_applied_in_one_click(client, auth, build):
    meeting = build.meeting()
    plenary = build.item(meeting, title_en="Opening plenary")
    working = build.item(meeting, timedelta(hours=1), "Working session", kind=AgendaItemKind.WORKING_SESSION)
    coffee = build.item(meeting, timedelta(hours=2), "Coffee break", kind=AgendaItemKind.BREAK)
    auth.login(UserRole.ORGANIZER)
    body = page(client, meeting)
    assert body.count("EN, RU <span class=\"muted\">(default)</span>") == 2
    assert "Apply English and Russian to all sessions" in body
    response = client.post(f"/meetings/{meeting.id}/logistics/interpretation/defaults")
    assert response.status_code == 302
    assert "applied to 2 sessions" in client.get(response.location).get_data(as_text=True)
    assert rows(plenary) == rows(working) == {"en": [], "ru": []}
    assert rows(coffee) == {}
    assert "Apply English and Russian to all sessions" not in page(client, meeting)
    client.post(f"/meetings/{meeting.id}/logistics/interpretation/defaults")  # nothing more to do
    assert db.session.scalar(select(func.count()).select_from(Interpretation)) == 4
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "interpretation.defaults_applied")) == 1


def test_languages_and_interpreters_are_chosen_per_item(client, auth, build):
    meeting = build.meeting()
    item = build.item(meeting, title_en="Opening plenary")
    anna, li = interpreter(build), interpreter(build, "Li Wei", "zh, en")
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{meeting.id}/logistics/interpretation/{item.id}"
    form = client.get(url).get_data(as_text=True)
    assert re.search(r'<input checked id="languages-\d" name="languages" type="checkbox" value="en">', form)
    assert re.search(r'<input id="languages-\d" name="languages" type="checkbox" value="zh">', form)
    response = client.post(url, data={"languages": ["en", "ru", "zh"], "interpreters_ru": [str(anna.id)],
                                      "interpreters_zh": [str(li.id)], "other": "fa"})
    assert response.status_code == 302
    assert rows(item) == {"en": [], "ru": ["Anna Petrova"], "zh": ["Li Wei"], "fa": []}
    body = page(client, meeting)
    assert "Li Wei" in body and "No interpreter for: EN, FA" in body
    # a language no longer needed goes with its bookings
    client.post(url, data={"languages": ["ru"], "interpreters_ru": [str(anna.id)]})
    assert rows(item) == {"ru": ["Anna Petrova"]}


# --- booths, missing interpreters, double booking ----------------------------------------------


def test_a_room_with_fewer_booths_than_languages_is_a_warning(client, auth, build):
    venue = build.venue(rooms=[{"name": "Small room", "interpretation_booths": 1},
                               {"name": "Hall", "interpretation_booths": 2}])
    small, hall = venue.rooms[1], venue.rooms[0]
    assert (small.name, hall.name) == ("Small room", "Hall")
    meeting = build.meeting(venue=venue)
    short = build.item(meeting, title_en="In the small room", room=small)
    fine = build.item(meeting, timedelta(hours=1), "In the hall", room=hall)
    plan = checks.plan(meeting)
    assert [p.booth_shortage for p in plan.items] == [True, False]
    book(build, fine, ["en", "ru", "zh"])
    assert [p.booth_shortage for p in checks.plan(meeting).items] == [True, True]
    auth.login(UserRole.STAFF)
    body = page(client, meeting, show="booths")
    assert "Small room has 1 interpretation booths for 2 languages." in body
    assert "Hall has 2 interpretation booths for 3 languages." in body
    assert "2 sessions with fewer interpretation booths than languages" in dashboard(client, meeting)
    assert short.id and "sessions missing interpretation" in dashboard(client, meeting)


def test_a_language_without_an_interpreter_is_missing_interpretation(build):
    meeting = build.meeting()
    item = build.item(meeting)
    anna = interpreter(build)
    assert checks.plan(meeting).items[0].missing == ["en", "ru"]  # the defaults, nobody booked
    book(build, item, ["en", "ru"], en=[anna], ru=[anna])
    assert checks.plan(meeting).items[0].missing == []
    book(build, item, ["en", "ru", "zh"], en=[anna], ru=[anna])
    assert checks.plan(meeting).items[0].missing == ["zh"]


def test_an_interpreter_in_two_rooms_at_once_is_a_warning_but_end_to_start_is_not(client, auth, build):
    venue = build.venue(rooms=["Hall A", "Hall B"])
    hall_a, hall_b = venue.rooms
    meeting = build.meeting(venue=venue)
    first = build.item(meeting, title_en="Plenary in A", room=hall_a, minutes=60)
    touching = build.item(meeting, timedelta(minutes=60), "Next in B", room=hall_b, minutes=60)
    anna = interpreter(build)
    book(build, first, ["en", "ru"], ru=[anna], en=[anna])  # both languages of one item: fine
    book(build, touching, ["ru"], ru=[anna])
    assert [p.clashes for p in checks.plan(meeting).items] == [[], []]
    overlapping = build.item(meeting, timedelta(minutes=30), "Side event in B", room=hall_b, minutes=20,
                             kind=AgendaItemKind.WORKING_SESSION)
    book(build, overlapping, ["ru"], ru=[anna])
    clashes = {p.item.title_en: [c.other.item_title for c in p.clashes] for p in checks.plan(meeting).items}
    assert clashes == {"Plenary in A": ["Side event in B"], "Side event in B": ["Plenary in A"], "Next in B": []}
    auth.login(UserRole.ORGANIZER)
    assert "Anna Petrova is also booked then for “Side event in B”" in page(client, meeting, show="double")
    # In Russian the other booking is a programme item, not «на мероприятии», and the zone follows a semicolon.
    russian = page(client, meeting, show="double", lang="ru")
    assert re.search(r'<span lang="en">Anna Petrova</span> в это время также занят\(а\): пункт программы «[^»]+» '
                     r"\([^;()]+, \d\d:\d\d; [^()]+, UTC[+−-]\d+\)\.", russian)
    assert "1 interpreter booked in two rooms at once" in dashboard(client, meeting)


def test_the_same_room_is_no_clash():
    item = AgendaItem(id=1, room_id=7, starts_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
                      ends_at=datetime(2026, 1, 1, 10, tzinfo=UTC))
    anna = Interpreter(id=3, name="Anna")

    def other(room_id):
        return checks.Booking(3, 2, "Other", "Meeting", "Asia/Baku", datetime(2026, 1, 1, 9, 30, tzinfo=UTC),
                              datetime(2026, 1, 1, 11, tzinfo=UTC), room_id)

    assert checks.clashes_of(item, {3: anna}, [other(7)]) == []
    assert [c.other.room_id for c in checks.clashes_of(item, {3: anna}, [other(8), other(None)])] == [8, None]


def test_double_booking_is_seen_across_meetings(client, auth, build):
    venue = build.venue(rooms=["Hall A", "Hall B"])
    hall_a, hall_b = venue.rooms
    soc = build.meeting(title_en="SOC", venue=venue)
    swg = build.meeting(title_en="SWG", venue=venue, type_code="SWG")
    anna = interpreter(build)
    book(build, build.item(soc, title_en="SOC plenary", room=hall_a), ["ru"], ru=[anna])
    book(build, build.item(swg, title_en="SWG plenary", room=hall_b), ["ru"], ru=[anna])
    auth.login(UserRole.ORGANIZER)
    assert "also booked then for “SWG plenary” (SWG," in page(client, soc)
    assert "also booked then for “SOC plenary” (SOC," in page(client, swg)


# --- capacity ---------------------------------------------------------------------------------


def _crowd(build, meeting, n, status=AccreditationStatus.REGISTERED):
    for _ in range(n):
        build.registration(meeting, "KZ", status=status)


def test_a_room_smaller_than_the_expected_attendance_is_a_warning(client, auth, build):
    venue = build.venue(rooms=[{"name": "Small room", "capacity": 2, "interpretation_booths": 2},
                               {"name": "Unknown size", "capacity": 0, "interpretation_booths": 2}])
    small, unknown = venue.rooms
    meeting = build.meeting(venue=venue)
    build.item(meeting, title_en="Plenary", room=small)
    build.item(meeting, timedelta(hours=1), "Other", room=unknown)
    _crowd(build, meeting, 2, AccreditationStatus.ACCREDITED)
    _crowd(build, meeting, 3, AccreditationStatus.INVITED)  # not expected
    assert [p.under_capacity for p in checks.plan(meeting).items] == [False, False]
    _crowd(build, meeting, 1)
    assert [p.under_capacity for p in checks.plan(meeting).items] == [True, False]
    auth.login(UserRole.STAFF)
    assert "Small room holds 2 people, but 3 participants are expected" in page(client, meeting, show="capacity")
    body = dashboard(client, meeting)
    assert "1 room under capacity for the expected attendance" in body
    assert "Small room" in body


def test_the_timetable_form_warns_when_the_room_is_too_small(client, auth, build):
    room = build.room("Small room", capacity=1)
    meeting = build.meeting(venue=room.venue)
    _crowd(build, meeting, 2, AccreditationStatus.ACCREDITED)
    auth.login(UserRole.ORGANIZER)
    data = {"version": str(meeting.version), "day": "2026-12-09", "start_time": "09:00", "end_time": "10:00",
            "title_en": "Plenary", "kind": "plenary", "room_id": str(room.id), "position": "0"}
    body = client.post(f"/manage/meetings/{meeting.id}/timetable", data=data).get_data(as_text=True)
    assert "Small room holds 1 people, but 2 participants are expected" in body
    assert 'name="confirm_warnings"' in body
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0
    response = client.post(f"/manage/meetings/{meeting.id}/timetable", data=dict(data, confirm_warnings="y"))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 1


# --- access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, build):
    meeting = build.meeting()
    for url in (f"/meetings/{meeting.id}/logistics/interpretation", "/logistics/interpreters"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("role", [UserRole.DELEGATE, UserRole.FOCAL_POINT])
def test_delegates_and_focal_points_are_refused(client, auth, build, role):
    meeting = build.meeting()
    item = build.item(meeting)
    auth.login(role)
    for url in (f"/meetings/{meeting.id}/logistics/interpretation", "/logistics/interpreters",
                f"/meetings/{meeting.id}/logistics/interpretation/{item.id}"):
        assert client.get(url).status_code == 403
    assert client.post(f"/meetings/{meeting.id}/logistics/interpretation/defaults").status_code == 403


def test_staff_look_but_do_not_change(client, auth, build):
    meeting = build.meeting()
    item = build.item(meeting)
    anna = interpreter(build)
    auth.login(UserRole.STAFF)
    body = page(client, meeting)
    assert "EN, RU" in body and "Apply English and Russian" not in body
    assert f"/logistics/interpretation/{item.id}" not in body
    listing = client.get("/logistics/interpreters").get_data(as_text=True)
    assert "Anna Petrova" in listing and f"/logistics/interpreters/{anna.id}/edit" not in listing
    assert client.get(f"/meetings/{meeting.id}/logistics/interpretation/{item.id}").status_code == 403
    assert client.post(f"/meetings/{meeting.id}/logistics/interpretation/defaults").status_code == 403
    assert client.get("/logistics/interpreters/new").status_code == 403
    assert client.post(f"/logistics/interpreters/{anna.id}/edit", data={"name": "X"}).status_code == 403
    assert rows(item) == {}


def test_an_item_of_another_meeting_is_not_found(client, auth, build):
    item = build.item(build.meeting())
    other = build.meeting()
    auth.login(UserRole.ORGANIZER)
    assert client.get(f"/meetings/{other.id}/logistics/interpretation/{item.id}").status_code == 404
    assert client.get("/logistics/interpreters/999999/edit").status_code == 404


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("values", "message"), [
    ({"name": "", "languages": "en"}, "This field is required."),
    ({"name": "Anna", "languages": ""}, "This field is required."),
    ({"name": "Anna", "languages": "en, klingon"}, "“klingon” is not a language code"),
    ({"name": "Anna", "languages": "xx"}, "“xx” is not a language code"),
    ({"name": "Anna\x07", "languages": "en"}, "Remove the invisible control characters"),
    ({"name": "A" * 201, "languages": "en"}, "Field cannot be longer than 200 characters."),
    ({"name": "Anna", "languages": "en", "email": "not an address"}, "Invalid email address."),
])
def test_bad_interpreters_are_refused_beside_the_field(client, auth, build, values, message):
    auth.login(UserRole.ORGANIZER)
    response = client.post("/logistics/interpreters/new", data=values)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body
    assert db.session.scalar(select(func.count()).select_from(Interpreter)) == 0
    if values["name"] and "\x07" not in values["name"]:
        assert f'value="{values["name"]}"' in body


def test_hostile_text_is_kept_as_text(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    response = client.post("/logistics/interpreters/new", data={
        "name": "<script>alert(1)</script>", "languages": "EN, ru ,zh-hans", "note": "=cmd|' /C calc'!A0"})
    assert response.status_code == 302
    saved = db.session.scalar(select(Interpreter))
    assert (saved.name, saved.languages) == ("<script>alert(1)</script>", "en, ru, zh-Hans")
    body = client.get("/logistics/interpreters").get_data(as_text=True)
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    edit = client.post(f"/logistics/interpreters/{saved.id}/edit", data={"name": "Anna", "languages": "ru"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(Interpreter, saved.id).name == "Anna"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"languages": []}, "languages", "Choose at least one language"),
    ({"languages": ["en"], "other": "klingon"}, "other", "“klingon” is not a language code"),
    ({"languages": ["en"], "other": "ok\x00"}, "other", "Remove the invisible control characters"),
    ({"languages": ["qq"]}, "languages", "is not a valid choice"),
    ({"languages": ["en"], "interpreters_en": ["999999"]}, "interpreters_en", "is not a valid choice"),
])
def test_bad_languages_are_refused_and_nothing_is_written(client, auth, build, data, field, message):
    meeting = build.meeting()
    item = build.item(meeting)
    auth.login(UserRole.ORGANIZER)
    response = client.post(f"/meetings/{meeting.id}/logistics/interpretation/{item.id}", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body
    assert rows(item) == {}
    if field == "other" and "\x00" not in data["other"]:
        assert f'value="{data["other"]}"' in body


def test_language_codes_are_checked_by_the_service_too(build):
    meeting = build.meeting()
    item = build.item(meeting)
    with pytest.raises(services.RuleError):
        services.set_item_languages(item, ItemLanguagesInput(["en", "<script>"]), user=build.secretariat)
    assert rows(item) == {}


# --- queries ----------------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_items_and_participants(client, auth, build, count_queries):
    venue = build.venue(rooms=[{"name": "Hall", "capacity": 3, "interpretation_booths": 1}, "Room 2"])
    meeting = build.meeting(venue=venue)
    anna, li = interpreter(build), interpreter(build, "Li Wei", "zh, en")
    auth.login(UserRole.ORGANIZER)

    def grow(n):
        for k in range(2):
            item = build.item(meeting, timedelta(minutes=40 * (2 * n + k)), f"Item {n}.{k}", minutes=30,
                              room=venue.rooms[k])
            book(build, item, ["en", "ru", "zh"], ru=[anna], zh=[li])
        _crowd(build, meeting, 2)

    def measure():
        counts = []
        for url in (f"/meetings/{meeting.id}/logistics", f"/meetings/{meeting.id}/logistics/interpretation"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    grow(0)
    small = measure()
    for n in range(1, 4):
        grow(n)
    assert measure() == small


@requires_postgres
def test_saves_and_the_defaults_at_once_take_turns(app, build):
    # Two at once both added English and Russian: the second failed on the unique (item, language),
    # an IntegrityError (a 500).
    meeting = build.meeting()
    item_id, meeting_id, user_id = build.item(meeting).id, meeting.id, build.secretariat.id
    db.session.commit()
    barrier = threading.Barrier(3)
    errors = []

    def run(work):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                item, meeting = db.session.get(AgendaItem, item_id), db.session.get(Meeting, meeting_id)
                barrier.wait(timeout=10)
                work(item, meeting, user)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    def save(item, _meeting, user):
        services.set_item_languages(item, ItemLanguagesInput(["en", "ru"], {}), user=user)

    def defaults(_item, meeting, user):
        services.apply_defaults(meeting, user=user)

    threads = [threading.Thread(target=run, args=(work,)) for work in (save, save, defaults)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(db.session.scalars(select(Interpretation.language)
                                     .where(Interpretation.agenda_item_id == item_id))) == ["en", "ru"]
