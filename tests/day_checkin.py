"""Check-in at the door, in the day in the life (tests/day_protocol.py): the protocol officer
(staff) checks in the SOC's accredited participants from the codes their printed badges carry,
one of them twice, then a forged badge is refused; the organizer watches the counts."""

from meetings.extensions import db
from meetings.models import Meeting
from meetings.printing.services import badge_code, badges


def checkin_day(t, soc: int) -> None:
    page = f"/meetings/{soc}/protocol/checkin"
    with t.app.app_context():
        # What the QR codes of the printed badges carry, read through the code that prints them.
        codes = {badge.registration.id: (badge_code(badge.registration), badge.number)
                 for badge in badges(db.session.get(Meeting, soc))}
    assert codes, "the SOC has accredited participants with badges"
    door = t["staff"]

    def scan(code: str) -> str:
        form = door.page(page).form(page, has="code")
        answer = door.submit(form, {"code": code}, expect_redirect=False)
        assert answer.status == 200, (answer.status, answer.text[:300])
        return answer.text

    t.step("the protocol officer (staff) checks in the SOC's accredited participants from their badges")
    for code, _number in codes.values():
        assert "Accepted" in scan(code)
    t.step("a participant's badge is scanned a second time: counted once; another's number is typed")
    (first_code, first_number), *_ = codes.values()
    assert "Already checked in" in scan(first_code)
    assert "Already checked in" in scan(str(first_number))
    t.step("a badge whose code was altered is refused at the door")
    # A character inside the signature: its last base64 character also carries padding bits, some
    # changes of which decode to the very same signature.
    forged = first_code[:-5] + ("A" if first_code[-5] != "A" else "B") + first_code[-4:]
    assert "Forged or altered code" in scan(forged)
    counts = door.get(f"{page}/counts.json").get_json()
    assert counts["present"] == len(codes), counts
    t.look(pages=[page, f"{page}?lang=ru", f"{page}/counts.json"], roles=["staff", "organizer"])
