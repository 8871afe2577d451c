"""Accommodation: hotels, room blocks, assignments and the rooming list (meetings/logistics/hotels)."""

import io
import threading
from datetime import UTC, date, datetime

import openpyxl
import pypdf
import pytest
from flask import current_app
from sqlalchemy import func, select

from meetings.domain import ConflictError, RuleError, WarningsPending
from meetings.extensions import db
from meetings.logistics.hotels import occupancy, services
from meetings.models import AccreditationStatus, AuditEntry, Hotel, HotelAssignment, HotelBlock, Person, User, UserRole
from tests.conftest import requires_postgres

D = date  # the default meeting of the builders: 9 December 2026 in Baku (local dates 9-9 December)


@pytest.fixture
def stay(build):
    """A meeting, a hotel and a two-room block for the nights of 8, 9 and 10 December."""

    class Stay:
        organizer = build.secretariat
        meeting = build.meeting(title_en="SOC")
        hotel = services.save_hotel(None, services.HotelInput(name_en="Hilton Baku", name_ru="Хилтон Баку",
                                                              city="Baku"), user=organizer)
        block = services.save_block(meeting, None, services.BlockInput(
            hotel_id=hotel.id, room_type="Standard single", rooms=2, check_in=D(2026, 12, 8),
            check_out=D(2026, 12, 11), release_date=D(2026, 12, 1)), user=organizer)

        made = iter(range(1, 1000))

        def person(self, family_name=None, given_names="Guest", party="KZ", status=AccreditationStatus.ACCREDITED):
            return build.registration(self.meeting, party, family_name=family_name or f"Person{next(self.made)}",
                                      given_names=given_names, status=status)

        def assign(self, registration, check_in, check_out, *, block=None, accept=False, **more):
            return services.assign(block or self.block, services.AssignmentInput(
                registration_id=registration.id, check_in=check_in, check_out=check_out, **more),
                user=self.organizer, accept_warnings=accept)

    return Stay()


# --- the rules ----------------------------------------------------------------------------------


def test_every_night_holds_at_most_the_block_s_rooms_also_with_partial_overlaps(stay):
    a, b, c, d, e = (stay.person(f"Guest{n}") for n in "ABCDE")
    stay.assign(a, D(2026, 12, 8), D(2026, 12, 10))  # nights 8, 9
    stay.assign(b, D(2026, 12, 9), D(2026, 12, 11))  # nights 9, 10
    stay.assign(c, D(2026, 12, 10), D(2026, 12, 11))  # night 10: two rooms used
    with pytest.raises(ConflictError) as full:
        stay.assign(d, D(2026, 12, 9), D(2026, 12, 10))  # night 9: A and B
    assert "2026-12-09" in str(full.value) and full.value.field == "check_in"
    with pytest.raises(ConflictError):
        stay.assign(d, D(2026, 12, 8), D(2026, 12, 11))  # night 8 free, 9 and 10 full
    stay.assign(d, D(2026, 12, 8), D(2026, 12, 9))  # night 8: A and D
    with pytest.raises(ConflictError):
        stay.assign(e, D(2026, 12, 8), D(2026, 12, 9))
    use = occupancy.block_use(stay.block, list(db.session.scalars(select(HotelAssignment))), D(2026, 12, 2))
    assert [(n.day.day, n.used) for n in use.nights] == [(8, 2), (9, 2), (10, 2)]


def test_editing_an_assignment_counts_the_others_not_itself(stay):
    a, b = stay.person("A"), stay.person("B")
    first = stay.assign(a, D(2026, 12, 8), D(2026, 12, 9))
    stay.assign(b, D(2026, 12, 8), D(2026, 12, 11))
    services.update_assignment(first, services.AssignmentInput(check_in=D(2026, 12, 8), check_out=D(2026, 12, 11),
                                                               room_number="301"), user=stay.organizer)
    assert (first.check_out, first.room_number) == (D(2026, 12, 11), "301")


@pytest.mark.parametrize(("check_in", "check_out", "field"), [
    (D(2026, 12, 7), D(2026, 12, 9), "check_in"),  # before the block's first night
    (D(2026, 12, 9), D(2026, 12, 12), "check_out"),  # after the block's check-out
    (D(2026, 12, 10), D(2026, 12, 10), "check_out"),  # no night
    (D(2026, 12, 10), D(2026, 12, 9), "check_out"),
    (None, D(2026, 12, 9), "check_in"),
])
def test_an_assignment_lies_within_the_block_s_nights(stay, check_in, check_out, field):
    with pytest.raises(RuleError) as refused:
        stay.assign(stay.person(), check_in, check_out)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(HotelAssignment)) == 0


def test_one_room_per_participant_and_only_of_the_block_s_meeting(stay, build):
    guest = stay.person()
    stay.assign(guest, D(2026, 12, 8), D(2026, 12, 9))
    with pytest.raises(RuleError) as twice:
        stay.assign(guest, D(2026, 12, 9), D(2026, 12, 10))
    assert twice.value.field == "registration_id"
    elsewhere = build.registration(build.meeting(title_en="Other"), "CN")
    with pytest.raises(RuleError):
        stay.assign(elsewhere, D(2026, 12, 8), D(2026, 12, 9))
    declined = stay.person("Declined", party="CN", status=AccreditationStatus.DECLINED)
    with pytest.raises(RuleError):
        stay.assign(declined, D(2026, 12, 8), D(2026, 12, 9))


def _block_input(block, **changes):
    values = {name: getattr(block, name) for name in
              ("hotel_id", "room_type", "rooms", "check_in", "check_out", "rate", "release_date", "note")}
    return services.BlockInput(**(values | changes))


def test_a_block_never_shrinks_below_what_is_assigned(stay):
    stay.assign(stay.person("A"), D(2026, 12, 8), D(2026, 12, 10))
    stay.assign(stay.person("B"), D(2026, 12, 9), D(2026, 12, 11))
    with pytest.raises(RuleError) as fewer:
        services.save_block(stay.meeting, stay.block, _block_input(stay.block, rooms=1), user=stay.organizer)
    assert fewer.value.field == "rooms"
    with pytest.raises(RuleError) as shorter:
        services.save_block(stay.meeting, stay.block, _block_input(stay.block, check_out=D(2026, 12, 10)),
                            user=stay.organizer)
    assert shorter.value.field == "check_in"
    with pytest.raises(RuleError):
        services.delete_block(stay.block, user=stay.organizer)
    db.session.expire_all()
    assert stay.block.rooms == 2
    services.save_block(stay.meeting, stay.block, _block_input(stay.block, rooms=3), user=stay.organizer)
    assert stay.block.rooms == 3


def test_dates_more_than_two_days_from_the_meeting_are_a_warning_to_confirm(stay):
    far = _block_input(stay.block, check_in=D(2026, 12, 6), check_out=D(2026, 12, 11))  # meeting: 9 December
    with pytest.raises(WarningsPending) as pending:
        services.save_block(stay.meeting, None, far, user=stay.organizer)
    assert "2026-12-06" in pending.value.warnings[0]
    late = _block_input(stay.block, check_in=D(2026, 12, 8), check_out=D(2026, 12, 12))  # 3 days after
    with pytest.raises(WarningsPending) as pending:
        services.save_block(stay.meeting, None, late, user=stay.organizer)
    assert "2026-12-12" in pending.value.warnings[0]
    near = _block_input(stay.block, check_in=D(2026, 12, 7), check_out=D(2026, 12, 11))
    services.save_block(stay.meeting, None, near, user=stay.organizer)  # no warning: within two days
    wide = services.save_block(stay.meeting, None, far, user=stay.organizer, accept_warnings=True)
    with pytest.raises(WarningsPending):
        stay.assign(stay.person(), D(2026, 12, 6), D(2026, 12, 8), block=wide)
    stay.assign(stay.person(), D(2026, 12, 6), D(2026, 12, 8), block=wide, accept=True)


def test_pick_up_and_release(stay):
    stay.assign(stay.person("A"), D(2026, 12, 8), D(2026, 12, 11))
    stay.assign(stay.person("B"), D(2026, 12, 9), D(2026, 12, 10))
    [use] = occupancy.accommodation(stay.meeting, datetime(2026, 11, 27, 12, tzinfo=UTC))
    assert (use.room_nights, use.used_nights, use.pickup, use.unused_nights) == (6, 4, 67, 2)
    assert [n.percent for n in use.nights] == [50, 100, 50]
    assert (use.days_to_release, use.release_soon, use.released) == (4, True, False)
    # 20:00 UTC on 1 December is already 2 December in Baku (UTC+4): the release date is past.
    [later] = occupancy.accommodation(stay.meeting, datetime(2026, 12, 1, 20, tzinfo=UTC))
    assert (later.days_to_release, later.released) == (-1, True)


def test_summary_counts_and_attention(stay, app):
    housed = stay.person("Housed")
    stay.person("Waiting", "Wanda")
    stay.person("Registered", party="CN", status=AccreditationStatus.REGISTERED)  # not accredited: not counted
    stay.assign(housed, D(2026, 12, 8), D(2026, 12, 9))
    with app.test_request_context():
        section = services.summary(stay.meeting, datetime(2026, 12, 2, 8, tzinfo=UTC))
    assert [(c.label, c.value) for c in section.counts] == [
        ("Room blocks", 1), ("Rooms", 2), ("People with a room", 1), ("Pick-up", "17 %")]
    homeless, released = section.attention
    assert (homeless.count, homeless.examples) == (1, ["Wanda Waiting"])
    assert (released.count, released.examples) == (1, ["Hilton Baku, Standard single"])


def test_summary_queries_do_not_grow_with_participants(stay, app, count_queries):
    def measure():
        with app.test_request_context(), count_queries() as counter:
            services.summary(stay.meeting, datetime(2026, 12, 2, tzinfo=UTC))
        return counter.count

    stay.assign(stay.person("First"), D(2026, 12, 8), D(2026, 12, 9))
    small = measure()
    stay.block.rooms = 20
    db.session.commit()
    for n in range(8):
        guest = stay.person(f"Guest{n}", party=("CN", "IN", "TR")[n % 3])
        if n % 2:
            stay.assign(guest, D(2026, 12, 8), D(2026, 12, 10))
    assert measure() == small


# --- pages --------------------------------------------------------------------------------------


def _url(stay, tail=""):
    return f"/meetings/{stay.meeting.id}/logistics/hotels{tail}"


def test_the_organizer_adds_a_block_with_a_warning_then_assigns_and_edits(stay, auth, client):
    auth.login(stay.organizer)
    page = client.get(_url(stay))
    assert page.status_code == 200 and "Standard single" in page.text
    values = {"hotel_id": stay.hotel.id, "room_type": "Suite", "rooms": "3", "check_in": "2026-12-01",
              "check_out": "2026-12-10", "rate": "USD 400", "release_date": "", "note": ""}
    warned = client.post(_url(stay, "/blocks/new"), data=values)
    assert warned.status_code == 200 and "more than two days away" in warned.text and "confirm_warnings" in warned.text
    assert db.session.scalar(select(func.count()).select_from(HotelBlock)) == 1
    saved = client.post(_url(stay, "/blocks/new"), data=values | {"confirm_warnings": "y"})
    assert saved.status_code == 302
    suite = db.session.scalar(select(HotelBlock).where(HotelBlock.room_type == "Suite"))
    guest = stay.person("Zhang", "Wei", party="CN")
    form = client.get(_url(stay, f"/blocks/{suite.id}/assign?registration_id={guest.id}"))
    assert 'value="2026-12-01"' in form.text and f'<option selected value="{guest.id}"' in form.text
    done = client.post(_url(stay, f"/blocks/{suite.id}/assign"), data={
        "registration_id": guest.id, "check_in": "2026-12-08", "check_out": "2026-12-10", "room_number": "1204"})
    assert done.status_code == 302
    assignment = db.session.scalar(select(HotelAssignment))
    edited = client.post(_url(stay, f"/assignments/{assignment.id}/edit"), data={
        "check_in": "2026-12-08", "check_out": "2026-12-09", "room_number": "1205", "note": "Vegetarian"})
    assert edited.status_code == 302
    db.session.expire_all()
    assert (assignment.check_out, assignment.room_number) == (D(2026, 12, 9), "1205")
    assert client.post(_url(stay, f"/assignments/{assignment.id}/delete")).status_code == 302
    assert client.post(_url(stay, f"/blocks/{suite.id}/delete")).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(HotelBlock)) == 1
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type.like("hotel%"))))
    assert {"hotel_block.created", "hotel_block.deleted", "hotel_assignment.created", "hotel_assignment.edited",
            "hotel_assignment.deleted", "hotel.created"} <= actions


def test_a_full_night_is_refused_beside_the_field_with_the_input_kept(stay, auth, client):
    stay.assign(stay.person("A"), D(2026, 12, 8), D(2026, 12, 11))
    stay.assign(stay.person("B"), D(2026, 12, 8), D(2026, 12, 9))
    late = stay.person("Late", party="CN")
    auth.login(stay.organizer)
    answer = client.post(_url(stay, f"/blocks/{stay.block.id}/assign"), data={
        "registration_id": late.id, "check_in": "2026-12-08", "check_out": "2026-12-10", "room_number": "R-77"})
    assert answer.status_code == 200
    assert 'id="check_in-errors"' in answer.text and "2026-12-08" in answer.text and 'value="R-77"' in answer.text


HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize(("tail", "values", "field"), [
    ("/blocks/new", {"room_type": ""}, "room_type"),
    ("/blocks/new", {"room_type": "x" * 101}, "room_type"),
    ("/blocks/new", {"room_type": "Single\x07"}, "room_type"),
    ("/blocks/new", {"rooms": "-1"}, "rooms"),
    ("/blocks/new", {"rooms": "many"}, "rooms"),
    ("/blocks/new", {"hotel_id": "999999"}, "hotel_id"),
    ("/blocks/new", {"hotel_id": "abc"}, "hotel_id"),
    ("/blocks/new", {"check_in": "2026-02-31"}, "check_in"),
    ("/blocks/new", {"check_out": "2026-12-08"}, "check_out"),
    ("/blocks/new", {"release_date": "2026-12-20"}, "release_date"),
    # absurd years: kept (a year-1 release date silently; year 9999 after a mere warning)
    ("/blocks/new", {"release_date": "0001-01-01"}, "release_date"),
    ("/blocks/new", {"check_in": "0001-01-01", "check_out": "0001-01-03"}, "check_in"),
    ("/blocks/new", {"check_in": "9999-12-29", "check_out": "9999-12-31"}, "check_in"),
    ("/blocks/new", {"rate": "=cmd|' /C calc'!A0\x00"}, "rate"),
    ("/blocks/BLOCK/assign", {"registration_id": ""}, "registration_id"),
    ("/blocks/BLOCK/assign", {"registration_id": "999999"}, "registration_id"),
    ("/blocks/BLOCK/assign", {"check_in": "tomorrow"}, "check_in"),
    ("/blocks/BLOCK/assign", {"check_in": "2026-12-01"}, "check_in"),
    ("/blocks/BLOCK/assign", {"check_out": "2026-12-20"}, "check_out"),
    ("/blocks/BLOCK/assign", {"room_number": "x" * 21}, "room_number"),
    ("/blocks/BLOCK/assign", {"note": "x" * 2001}, "note"),
    ("/blocks/BLOCK/assign", {"note": "bell\x07"}, "note"),
])
def test_bad_input_is_refused_beside_its_field(stay, auth, client, tail, values, field):
    guest = stay.person()
    auth.login(stay.organizer)
    base = {"hotel_id": stay.hotel.id, "room_type": "Suite", "rooms": "3", "check_in": "2026-12-08",
            "check_out": "2026-12-10", "rate": "", "release_date": "", "note": HOSTILE,
            "registration_id": guest.id, "room_number": ""}
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    answer = client.post(_url(stay, tail.replace("BLOCK", str(stay.block.id))), data=base | values)
    assert answer.status_code == 200, answer.status_code
    assert f'id="{field}-errors"' in answer.text
    if field != "note":
        assert HOSTILE not in answer.text and "&lt;script&gt;" in answer.text  # kept, escaped
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


@pytest.mark.parametrize(("values", "field"), [
    ({"name_en": ""}, "name_en"), ({"city": ""}, "city"), ({"name_en": "x" * 201}, "name_en"),
    ({"name_ru": "Отель\x1b"}, "name_ru"), ({"email": "not an address"}, "email"), ({"phone": "1" * 51}, "phone"),
    ({"name_en": "Hilton Baku"}, "name_en"),  # exists already in Baku
])
def test_bad_hotels_are_refused_beside_the_field(stay, auth, client, values, field):
    auth.login(stay.organizer)
    base = {"name_en": "Fairmont", "name_ru": "Фэрмонт", "city": "Baku", "address_en": HOSTILE, "address_ru": "",
            "phone": "+994 12 565 4848", "email": "baku@fairmont.example.com"}
    answer = client.post("/logistics/hotels/new", data=base | values)
    assert answer.status_code == 200 and f'id="{field}-errors"' in answer.text
    assert "&lt;script&gt;" in answer.text


def test_hotels_are_added_and_edited_by_organizers_and_listed_in_russian(stay, auth, client):
    auth.login(stay.organizer)
    client.post("/logistics/hotels/new", data={"name_en": "Fairmont Baku", "name_ru": "Фэрмонт Баку", "city": "Baku",
                                               "address_ru": "улица Мехди Гусейна, 1А"})
    listed = client.get("/logistics/hotels?lang=ru")
    assert "Фэрмонт Баку" in listed.text and "улица Мехди Гусейна, 1А" in listed.text
    answer = client.post(f"/logistics/hotels/{stay.hotel.id}/edit", data={"name_en": "Hilton Baku Hotel",
                                                                          "city": "Baku"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert stay.hotel.name_en == "Hilton Baku Hotel"


def test_access(stay, auth, client, build):
    pages = [_url(stay), "/logistics/hotels", _url(stay, f"/{stay.hotel.id}/rooming-list.xlsx")]
    changes = [_url(stay, "/blocks/new"), "/logistics/hotels/new", _url(stay, f"/blocks/{stay.block.id}/assign")]
    for url in pages + changes:
        answer = client.get(url)
        assert answer.status_code == 302 and "/login" in answer.headers["Location"], url
    for role, fields in ((UserRole.DELEGATE, {}), (UserRole.FOCAL_POINT, {"party_id": build.party("KZ").id})):
        auth.login(role, **fields)
        assert {client.get(url).status_code for url in pages + changes} == {403}
        auth.logout()
    auth.login(UserRole.STAFF)
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 200 and answer.headers["Cache-Control"].startswith("private"), url
    assert "Assign a room" not in client.get(_url(stay)).text
    for url in changes:
        assert client.get(url).status_code == 403
        assert client.post(url, data={}).status_code == 403
    assert client.post(_url(stay, f"/blocks/{stay.block.id}/delete")).status_code == 403
    assert db.session.get(HotelBlock, stay.block.id) is not None


# --- the rooming list ---------------------------------------------------------------------------


@pytest.fixture
def guests(stay, build):
    """Four guests: arriving on the 9th (Zhang, then Abenov after him?) no: by date, then family name."""
    fairmont = services.save_hotel(None, services.HotelInput(name_en="Fairmont", city="Baku"), user=stay.organizer)
    suites = services.save_block(stay.meeting, None, services.BlockInput(
        hotel_id=fairmont.id, room_type="Suite", rooms=5, check_in=D(2026, 12, 8), check_out=D(2026, 12, 11)),
        user=stay.organizer)
    stay.block.rooms = 5
    db.session.commit()
    stay.assign(stay.person("Zhang", "Wei", "CN"), D(2026, 12, 9), D(2026, 12, 11), room_number="412")
    stay.assign(stay.person("Abenov", "Nurlan", "KZ"), D(2026, 12, 9), D(2026, 12, 10), note="Late arrival")
    stay.assign(stay.person("Volkov", "Sergey", "RU"), D(2026, 12, 8), D(2026, 12, 10))
    stay.assign(stay.person("Mehta", "Rahul", "IN"), D(2026, 12, 8), D(2026, 12, 9), block=suites)  # elsewhere
    return stay


def _sheet(data: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def test_the_rooming_list_xlsx_is_ordered_by_arrival_then_family_name(guests, auth, client):
    auth.login(guests.organizer)
    answer = client.get(_url(guests, f"/{guests.hotel.id}/rooming-list.xlsx"))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"
    header, *rows = _sheet(answer.data)
    assert header == ("Name", "Party", "Check-in", "Check-out", "Nights", "Room type",
                      "Room number", "Note")
    assert [(r[0], r[1], r[2].date(), r[4], r[6], r[7]) for r in rows] == [
        ("VOLKOV, Sergey", "Russia", D(2026, 12, 8), 2, None, None),
        ("ABENOV, Nurlan", "Kazakhstan", D(2026, 12, 9), 1, None, "Late arrival"),
        ("ZHANG, Wei", "China", D(2026, 12, 9), 2, "412", None),
    ]
    # In Russian: the Cyrillic name where there is one, the Latin one otherwise, in Russian order.
    for family, family_ru, given_ru in (("Abenov", "Абенов", "Нурлан"), ("Zhang", "Чжан", "Вэй")):
        person = db.session.scalar(select(Person).where(Person.family_name == family))
        person.family_name_ru, person.given_names_ru = family_ru, given_ru
    db.session.commit()
    russian = _sheet(client.get(_url(guests, f"/{guests.hotel.id}/rooming-list.xlsx?lang=ru")).data)
    assert russian[0][0] == "Имя" and russian[1][1] == "Россия"
    assert [r[0] for r in russian[1:]] == ["VOLKOV, Sergey", "АБЕНОВ, Нурлан", "ЧЖАН, Вэй"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("lang", "title", "party"), [("en", "ROOMING LIST", "Kazakhstan"),
                                                      ("ru", "СПИСОК РАЗМЕЩЕНИЯ", "Казахстан")])
def test_the_rooming_list_pdf_in_both_languages(guests, auth, client, lang, title, party):
    auth.login(UserRole.STAFF)
    answer = client.get(_url(guests, f"/{guests.hotel.id}/rooming-list.pdf?lang={lang}"))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Cache-Control"] == "private, no-store"
    text = _pdf_text(answer.data)
    assert title in text.upper() and party in text
    order = [text.index(name) for name in ("VOLKOV", "ABENOV", "ZHANG")]
    assert order == sorted(order) and "MEHTA" not in text


def test_a_rooming_list_of_a_hotel_without_a_block_at_the_meeting_is_not_found(guests, auth, client):
    other = services.save_hotel(None, services.HotelInput(name_en="Elsewhere", city="Baku"), user=guests.organizer)
    auth.login(guests.organizer)
    assert client.get(_url(guests, f"/{other.id}/rooming-list")).status_code == 404


def test_page_and_rooming_list_queries_do_not_grow_with_participants(stay, auth, client, count_queries):
    auth.login(stay.organizer)
    pages = [_url(stay), _url(stay, f"/{stay.hotel.id}/rooming-list"), _url(stay, f"/{stay.hotel.id}/rooming-list.xlsx")]

    def measure():
        counts = []
        for url in pages:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    stay.assign(stay.person("First"), D(2026, 12, 8), D(2026, 12, 9))
    stay.person("Waiting", party="CN")
    small = measure()
    stay.block.rooms = 30
    db.session.commit()
    for n in range(10):
        guest = stay.person(f"Guest{n}", party=("CN", "IN", "TR", "RU")[n % 4])
        if n % 3:
            stay.assign(guest, D(2026, 12, 8), D(2026, 12, 10), room_number=str(n))
    assert measure() == small


# --- concurrency (PostgreSQL) -------------------------------------------------------------------


@requires_postgres
def test_two_requests_taking_the_last_room_at_once_let_exactly_one_through(stay):
    app = current_app._get_current_object()
    stay.assign(stay.person("First"), D(2026, 12, 8), D(2026, 12, 11))  # one of two rooms left
    guests = [stay.person(f"Racer{n}", party=("CN", "IN")[n]).id for n in range(2)]
    block_id, user_id = stay.block.id, stay.organizer.id
    db.session.commit()
    barrier = threading.Barrier(len(guests))
    outcomes: list[str] = []

    def take(registration_id: int) -> None:
        with app.app_context():
            try:
                block = db.session.get(HotelBlock, block_id)
                user = db.session.get(User, user_id)
                barrier.wait(timeout=10)
                services.assign(block, services.AssignmentInput(
                    registration_id=registration_id, check_in=D(2026, 12, 9), check_out=D(2026, 12, 10)), user=user)
                outcomes.append("assigned")
            except ConflictError:
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take, args=(rid,)) for rid in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["assigned", "full"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(HotelAssignment)) == 2


@requires_postgres
def test_the_same_hotel_added_twice_at_once_is_one_hotel(build):
    """A double click on "Add hotel": the second request is told the hotel exists (the unique index
    decides when both passed the check for a duplicate before either was written)."""
    app = current_app._get_current_object()
    organizer_id = build.secretariat.id
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def add() -> None:
        with app.app_context():
            try:
                user = db.session.get(User, organizer_id)
                barrier.wait(timeout=10)
                services.save_hotel(None, services.HotelInput(name_en="Hilton Baku", city="Baku"), user=user)
                outcomes.append("added")
            except RuleError as refused:
                outcomes.append(refused.field)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["added", "name_en"]
    assert db.session.scalar(select(func.count()).select_from(Hotel)) == 1


def test_the_hotels_page_writes_dates_as_ranges_and_counts_nights_in_russian(stay, auth, client):
    stay.assign(stay.person("Abenov"), D(2026, 12, 8), D(2026, 12, 11))
    auth.login(stay.organizer)
    page = client.get(_url(stay) + "?lang=ru").text
    for expected in ("Даты мероприятия: 9 декабря 2026\u00a0г.;",  # one day: no range
                     "8–11 декабря 2026\u00a0г. (3 ночи)", "<dd>\n          1 декабря 2026\u00a0г.\n",
                     "50&nbsp;% (номеро-ночи: 3 из 6)"):
        assert expected in page, expected
    # No weekday inside a line: the nights' table alone names days, as row headings.
    assert "Вторник, 8 декабря 2026\u00a0г. –" not in page and "Вторник, 1 декабря" not in page
    english = client.get(_url(stay) + "?lang=en").text
    assert "8–11 December 2026 (3 nights)" in english and "50&nbsp;% (3 of 6 room-nights)" in english


def test_the_rooming_list_prints_the_city_once_and_marks_typed_text(guests, auth, client):
    hotel = guests.hotel
    hotel.address_en, hotel.address_ru = "1B Azadliq Avenue, Baku AZ1000", "проспект Азадлыг, 1Б, Баку AZ1000"
    guests.block.room_type = "Стандартный одноместный номер"
    db.session.commit()
    auth.login(guests.organizer)
    russian = client.get(_url(guests, f"/{hotel.id}/rooming-list?lang=ru")).text
    assert "проспект Азадлыг, 1Б, Баку AZ1000</p>" in russian and "Baku" not in russian
    english = client.get(_url(guests, f"/{hotel.id}/rooming-list?lang=en")).text
    assert '<span lang="ru">Стандартный одноместный номер</span>' in english
    assert '<span lang="en">Late arrival</span>' in russian
