"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""

from meetings.models import AgendaItem, Interpreter


def hotels(t, soc: int) -> None:
    """Accommodation: TODO(#14)."""


def travel(t, soc: int) -> None:
    """Arrivals and departures: TODO(#14)."""


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
    """Visa support letters: TODO(#14)."""


def tasks(t, soc: int) -> None:
    """Tasks: TODO(#14)."""


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: TODO(#14)."""
