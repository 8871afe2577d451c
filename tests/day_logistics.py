"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""

from meetings.extensions import db
from meetings.models import Person, Registration, VisaLetter


def hotels(t, soc: int) -> None:
    """Accommodation: TODO(#14)."""


def travel(t, soc: int) -> None:
    """Arrivals and departures: TODO(#14)."""


def interpretation(t, soc: int) -> None:
    """Interpretation: TODO(#14)."""


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
    """Tasks: TODO(#14)."""


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: TODO(#14)."""
