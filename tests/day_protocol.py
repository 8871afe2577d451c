"""The protocol part of the day in the life (tests/test_day_in_the_life.py): the SOC's protocol
order drawn and adjusted by the Secretariat through its forms, then each output of the order
(each part adds its own function here, called from protocol_day). Called after the SOC's
delegations are registered and accredited, beside the logistics part."""

from meetings.models import Party, ProtocolOverride
from tests.day_checkin import checkin_day
from tests.day_seating import seating_day
from tests.day_speakers import speakers_day


def order_day(t, soc: int) -> None:
    page = f"/meetings/{soc}/protocol"
    t.step("the protocol officer (staff) draws the SOC's first party with the number drawn in the room")
    drawn = t.save("staff", page, {"seed": "19"}, action=f"{page}/draw")
    assert "random.Random(19)" in drawn.text, drawn.text
    t.step("the protocol officer puts the host country first, with the reason")
    t.save("staff", page, {"party_id": lambda form: form.option("party_id", "Kazakhstan"), "position": "1",
                           "reason": "Host country opens the meeting"}, action=f"{page}/places")
    t.step("the protocol officer switches the order to the Russian alphabet, then back to the English one")
    t.save("staff", page, {"alphabet": "ru"}, action=f"{page}/alphabet")
    t.save("staff", page, {"alphabet": "en"}, action=f"{page}/alphabet")
    t.look(pages=[page, f"{page}?lang=ru"], roles=["staff", "organizer"])
    t.step("the protocol officer lets Kazakhstan go back to its place by the rule")
    kz = t.id_of(Party, code="KZ")
    t.click("staff", page, f"{page}/places/{t.id_of(ProtocolOverride, party_id=kz)}/delete")
    t.look(pages=[page], roles=["staff", "organizer"])


def protocol_day(t, soc: int) -> None:
    order_day(t, soc)
    # Each output of the order adds its part of the day below this line.
    speakers_day(t, soc)
    seating_day(t, soc)
    checkin_day(t, soc)
