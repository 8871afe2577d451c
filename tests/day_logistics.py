"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""

from datetime import timedelta

from meetings.extensions import db
from meetings.models import Hotel, HotelAssignment, HotelBlock, Meeting
from meetings.timeutil import local_dates


def _meeting_dates(t, meeting_id: int):
    with t.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)


def save_with_warnings(t, role: str, url: str, values: dict) -> None:
    """A form whose answer comes back with warnings: read, accepted with the box the answer adds, saved."""
    browser = t[role]
    form = browser.page(url).form(url)
    values = {k: (v(form) if callable(v) else v) for k, v in values.items()}
    answer = browser.submit(form, values, expect_redirect=False)
    assert answer.status == 200 and "confirm_warnings" in answer.form(url).names(), f"{url}: no warning to accept"
    again = browser.submit(answer.form(url), {"confirm_warnings": True}, expect_redirect=False)
    assert again.status in (302, 303), f"[{t.day.step}] {url} was refused: {again.errors}"


def hotels(t, soc: int) -> None:
    """Accommodation: a hotel added and corrected, room blocks added, edited and one deleted, people
    given rooms, one moved, one taken back; the pages, rooming lists and dashboard looked at."""
    first, last = _meeting_dates(t, soc)
    page = f"/meetings/{soc}/logistics/hotels"
    t.step("organizer adds a hotel")
    t.save("organizer", "/logistics/hotels/new", {
        "name_en": "Hilton Astana", "name_ru": "Хилтон Астана", "city": "Astana",
        "address_en": "Sauran Street 46", "phone": "+7 7172 64 6400", "email": "astana@hilton.example.com"})
    hotel = t.id_of(Hotel, name_en="Hilton Astana")
    t.step("organizer adds the hotel's address in Russian")
    t.save("organizer", f"/logistics/hotels/{hotel}/edit", {"address_ru": "улица Сауран, 46"})
    t.look(pages=["/logistics/hotels"], roles=["organizer", "staff"])
    for room_type, rooms in (("Standard single", "10"), ("Suite", "2")):
        t.step(f"organizer books a block of {room_type} rooms")
        t.save("organizer", f"{page}/blocks/new", {
            "hotel_id": lambda form: form.option("hotel_id", "Hilton Astana"), "room_type": room_type,
            "rooms": rooms, "check_in": (first - timedelta(days=1)).isoformat(),
            "check_out": (last + timedelta(days=1)).isoformat(), "rate": "KZT 75000 per night",
            "release_date": (first - timedelta(days=14)).isoformat()})
    singles = t.id_of(HotelBlock, meeting_id=soc, room_type="Standard single")
    suites = t.id_of(HotelBlock, meeting_id=soc, room_type="Suite")
    t.step("organizer adds rooms to the block")
    t.save("organizer", f"{page}/blocks/{singles}/edit", {"rooms": "12", "note": "Quiet side, high floors"})
    t.step("organizer gives Mr Zhang a room (a stay of dates the form proposes)")
    t.save("organizer", f"{page}/blocks/{singles}/assign", {
        "registration_id": lambda form: form.option("registration_id", "Zhang")})
    t.step("organizer gives Mr Abenov a suite from three days before the meeting (a warning, accepted)")
    save_with_warnings(t, "organizer", f"{page}/blocks/{suites}/edit",
                       {"check_in": (first - timedelta(days=3)).isoformat()})
    save_with_warnings(t, "organizer", f"{page}/blocks/{suites}/assign", {
        "registration_id": lambda form: form.option("registration_id", "Abenov"),
        "check_in": (first - timedelta(days=3)).isoformat()})
    zhang = t.id_of(HotelAssignment, hotel_block_id=singles)
    abenov = t.id_of(HotelAssignment, hotel_block_id=suites)
    t.step("organizer writes down the room number the hotel gave")
    t.save("organizer", f"{page}/assignments/{zhang}/edit", {"room_number": "1204", "note": "Vegetarian"})
    t.look(manage=[page, f"/meetings/{soc}/logistics", f"{page}/{hotel}/rooming-list",
                   f"{page}/{hotel}/rooming-list?lang=ru", f"{page}/{hotel}/rooming-list.xlsx",
                   f"{page}/{hotel}/rooming-list.pdf?lang=ru"], pages=[page], roles=["organizer", "staff"])
    t.step("organizer takes back Mr Abenov's suite and deletes the empty block")
    t.click("organizer", page, f"{page}/assignments/{abenov}/delete")
    t.click("organizer", page, f"{page}/blocks/{suites}/delete")
    t.look(manage=[page, f"/meetings/{soc}/logistics", f"{page}/{hotel}/rooming-list.xlsx"])


def travel(t, soc: int) -> None:
    """Arrivals and departures: TODO(#14)."""


def interpretation(t, soc: int) -> None:
    """Interpretation: TODO(#14)."""


def visas(t, soc: int) -> None:
    """Visa support letters: TODO(#14)."""


def tasks(t, soc: int) -> None:
    """Tasks: TODO(#14)."""


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: TODO(#14)."""
