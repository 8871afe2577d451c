"""The seating plan and the name plates in the day in the life (tests/day_protocol.py): the protocol
officer (staff) sets the SOC's room out as a U with one adviser behind each head, prints the plan in
both languages and the name plates, and reads them: their order is the protocol order."""

from meetings.extensions import db
from meetings.models import Meeting
from meetings.protocol.order import protocol_order
from tests.printing.helpers import fetch_pdf, in_order, read_pdf


def seating_day(t, soc: int) -> None:
    page = f"/meetings/{soc}/protocol/seating"
    t.step("the protocol officer (staff) sets the SOC's room out as a U, one seat behind each head, on A3")
    saved = t.save("staff", page, {"layout": "u_shape", "seats_behind": "1", "paper": "A3"})
    assert "The seating plan was saved." in saved.text, saved.text
    with t.app.app_context():
        order = protocol_order(db.session.get(Meeting, soc))
        english = [place.party.name_en for place in order]
        russian = [place.party.name_ru or place.party.name_en for place in order]
    t.step("the protocol officer prints the seating plan in English and in Russian, and the name plates")
    for lang, names in (("en", english), ("ru", russian)):
        plan = read_pdf(fetch_pdf(t["staff"], f"{page}.pdf?lang={lang}").data)
        assert round(plan.width) == 1191, plan.width  # A3 landscape
        assert in_order("\n".join(plan.pages[1:]), *names), (lang, names)
    plates = read_pdf(fetch_pdf(t["staff"], f"/meetings/{soc}/protocol/name-plates.pdf").data)
    assert len(plates.pages) == len(english)
    for text, name_en, name_ru in zip(plates.pages, english, russian, strict=True):
        assert name_en in " ".join(text.split()) and name_ru in " ".join(text.split())
    t.look(pages=[page, f"{page}?lang=ru"], roles=["staff", "organizer"])
