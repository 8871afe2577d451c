"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""

from datetime import timedelta

from sqlalchemy import select

from meetings.extensions import db
from meetings.logistics.tasks.templates import template_for
from meetings.models import (
    AgendaItem,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpreter,
    Meeting,
    Person,
    Registration,
    Task,
    TaskStatus,
    VisaLetter,
)
from meetings.timeutil import local_dates, to_local


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
    """Arrivals and departures: the focal point of Kazakhstan gives a delegate's arrival (after
    midnight) and departure; an organizer gives China's head of delegation's, then the flight
    changes; the drivers' schedule follows at once."""
    with t.app.app_context():
        meeting = db.session.get(Meeting, soc)
        first = to_local(meeting.starts_at, meeting.timezone).date()
    seitkali = t.id_of(Registration, meeting_id=soc, person_id=t.id_of(Person, family_name="Seitkali"))
    zhang = t.id_of(Registration, meeting_id=soc, person_id=t.id_of(Person, family_name="Zhang"))
    before, after = (first - timedelta(days=1)).isoformat(), (first + timedelta(days=2)).isoformat()
    travel_list, schedule = f"/meetings/{soc}/logistics/travel", f"/meetings/{soc}/logistics/travel/schedule"
    looks = {"pages": [travel_list], "manage": [schedule, f"{schedule}?pickup=1", f"{schedule}.pdf?lang=ru"]}

    t.step("focal point of Kazakhstan gives a delegate's arrival and departure")
    t.save("focal_point", f"{travel_list}/{seitkali}", {
        "arrival_date": first.isoformat(), "arrival_time": "00:40", "arrival_flight": "KC 951",
        "arrival_airport": "NQZ", "arrival_pickup": "yes", "departure_date": after, "departure_time": "19:05",
        "departure_flight": "KC 952", "departure_airport": "NQZ", "departure_pickup": "",
        "departure_note": "Leaves from the hotel at 16:30"})
    t.look(**looks)
    t.step("organizer gives the arrival of China's head of delegation")
    t.save("organizer", f"{travel_list}/{zhang}", {
        "arrival_date": before, "arrival_time": "23:30", "arrival_flight": "CZ 6025", "arrival_airport": "NQZ",
        "arrival_pickup": "yes"})
    t.look(**looks)
    t.step("organizer changes the flight of China's head of delegation")
    page = t.save("organizer", f"{travel_list}/{zhang}", {"arrival_date": first.isoformat(), "arrival_time": "06:10",
                                                       "arrival_flight": "CZ 6027"})
    assert "CZ 6027" in page.text
    assert "06:10" in t["organizer"].page(schedule).text
    t.look(**looks)


def interpretation(t, soc: int) -> None:
    """Interpretation: interpreters added and corrected, English and Russian applied to the SOC's
    sessions, interpreters booked on the opening plenary, and Chinese added to it."""
    pages = [f"/meetings/{soc}/logistics/interpretation", f"/meetings/{soc}/logistics", "/logistics/interpreters"]
    for name, languages in (("Anna Petrova", "ru, en"), ("James Whitfield", "en ru"), ("Li Na", "zh, en")):
        t.step(f"organizer adds the interpreter {name}")
        t.save("organizer", "/logistics/interpreters/new", {"name": name, "languages": languages,
                                                             "email": f"{name.split()[0].lower()}@example.org"})
        t.look(manage=pages)
    t.step("organizer corrects an interpreter's phone")
    li = t.id_of(Interpreter, name="Li Na")
    t.save("organizer", f"/logistics/interpreters/{li}/edit", {"phone": "+86 10 6532 0000"})
    t.look(manage=pages)

    t.step("organizer applies English and Russian to the SOC's sessions")
    t.click("organizer", pages[0], f"/meetings/{soc}/logistics/interpretation/defaults")
    t.look(manage=pages, roles=("organizer", "staff"))

    opening = t.id_of(AgendaItem, meeting_id=soc, title_en="Opening plenary")
    t.step("organizer books interpreters for the opening plenary and adds Chinese")
    t.save("organizer", f"/meetings/{soc}/logistics/interpretation/{opening}", {
        "languages": ["en", "ru", "zh"],
        "interpreters_en": lambda form: [form.option("interpreters_en", "James Whitfield")],
        "interpreters_ru": lambda form: [form.option("interpreters_ru", "Anna Petrova")],
        "interpreters_zh": lambda form: [form.option("interpreters_zh", "Li Na")],
    })
    t.look(manage=pages, roles=("organizer", "staff"))


def visas(t, soc: int) -> None:
    """Visa support letters: the focal point of Kazakhstan requests one for the head of delegation,
    the organizer completes his passport's expiry, issues the letter, prints it and sends it."""
    base = f"/meetings/{soc}/logistics/visas"
    abenov = t.id_of(Person, family_name="Abenov")
    registration = t.id_of(Registration, meeting_id=soc, person_id=abenov)
    t.step("focal point of Kazakhstan requests a visa letter for the head of delegation")
    t.save("focal_point", f"{base}/request", {
        "registration": lambda form: form.option("registration", "Abenov"),
        "embassy": "Embassy of the Republic of Azerbaijan in Astana", "language": "ru"})
    letter = t.id_of(VisaLetter, registration_id=registration)
    t.look(pages=[base], manage=[f"/meetings/{soc}/logistics"])
    t.step("organizer corrects the letter's embassy")
    t.save("organizer", f"{base}/{letter}/edit", {"embassy": "Consulate General of the Republic of Azerbaijan in Almaty"})
    t.look(pages=[base])
    t.step("organizer completes the passport's expiry and issues the letter")
    t.save("organizer", f"/people/{abenov}/edit", {"passport_expiry": "2031-06-30"})
    t.click("organizer", base, f"{base}/{letter}/issue")
    with t.app.app_context():
        issued = db.session.get(VisaLetter, letter)
        assert issued.reference and issued.reference.startswith("CICA/VL/"), issued.reference
    t.look(pages=[base], manage=[f"/meetings/{soc}/logistics"])
    t.step("organizer prints the letter")
    for lang in ("", "?lang=en"):
        pdf = t["organizer"].get(f"{base}/{letter}.pdf{lang}")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-"), pdf.status_code
    t.step("organizer marks the letter as sent")
    t.click("organizer", base, f"{base}/{letter}/sent")
    t.look(pages=[base], manage=[f"/meetings/{soc}/logistics"])
    t.step("organizer requests a letter for Ms Li and cancels it")
    t.save("organizer", f"{base}/request", {"registration": lambda form: form.option("registration", "Na Li"),
                                            "embassy": "Embassy of the Republic of Azerbaijan in Beijing"})
    li_letter = t.id_of(VisaLetter, registration_id=t.id_of(
        Registration, meeting_id=soc, person_id=t.id_of(Person, family_name="Li")))
    t.click("organizer", base, f"{base}/{li_letter}/cancel")
    t.look(pages=[base])


def tasks(t, soc: int) -> None:
    """Tasks: the SOC's standard checklist applied, a task added and one given to the staff member,
    who moves it along from the list and from their own tasks; one deleted."""
    tasks_url = f"/meetings/{soc}/logistics/tasks"
    look = [tasks_url, f"/meetings/{soc}/logistics"]
    t.step("organizer applies the SOC's standard checklist")
    t.click("organizer", tasks_url, f"{tasks_url}/template")
    t.look(manage=look)
    with t.app.app_context():
        meeting = db.session.get(Meeting, soc)
        briefing_due = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0] - timedelta(days=5)
    t.step("organizer adds a task for the staff member")
    t.save("organizer", f"{tasks_url}/new", {
        "title_en": "Brief the Chair's office", "owner_id": lambda form: form.option("owner_id", "staff@s-cica.org"),
        "due_date": briefing_due.isoformat(), "status": "open"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    badges = t.id_of(Task, meeting_id=soc, title_en="Badges printed")
    t.step("organizer gives the badges to the staff member")
    t.save("organizer", f"{tasks_url}/{badges}/edit", {
        "owner_id": lambda form: form.option("owner_id", "staff@s-cica.org")})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("staff starts on the badges from the list")
    t.click("staff", tasks_url, f"{tasks_url}/{badges}/status", values={"status": "in_progress"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("staff writes a note on the badges")
    t.save("staff", f"{tasks_url}/{badges}/edit", {"note": "Photos missing for two delegates."})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    notes = t.id_of(Task, meeting_id=soc, title_en="Notes verbales of invitation sent to Member States")
    t.step("organizer marks the notes verbales as sent")
    t.click("organizer", tasks_url, f"{tasks_url}/{notes}/status", values={"status": "done"})
    t.look(manage=look)
    t.step("staff marks their briefing done from their own tasks")
    briefing = t.id_of(Task, meeting_id=soc, title_en="Brief the Chair's office")
    t.click("staff", "/logistics/tasks/mine", f"{tasks_url}/{briefing}/status", values={"status": "done"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("organizer deletes the agenda task (done elsewhere)")
    agenda = t.id_of(Task, meeting_id=soc, title_en="Draft agenda circulated")
    t.click("organizer", tasks_url, f"{tasks_url}/{agenda}/delete")
    t.look(manage=look)


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: its unfinished tasks, by 7 days; the finished
    ones (the notes verbales, the briefing) keep their day."""
    with t.app.app_context():
        meeting = db.session.get(Meeting, soc)
        first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
        expected = {item.title_en: item.due(first, last) for item in template_for(meeting.type.code)}
        for task in db.session.scalars(select(Task).where(Task.meeting_id == soc, Task.title_en.in_(expected))):
            week = timedelta(days=0 if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED) else 7)
            assert task.due_date + timedelta(days=7) - week == expected[task.title_en], \
                f"{task.title_en} ({task.status.value}) is due {task.due_date}, not moved with the meeting"
        assert db.session.scalar(select(Task.status).where(Task.meeting_id == soc,
                                                           Task.title_en.like("Notes verbales%"))) is TaskStatus.DONE
    t.look(manage=[f"/meetings/{soc}/logistics/tasks", f"/meetings/{soc}/logistics"],
           pages=["/logistics/tasks/mine"], roles=("staff",))
