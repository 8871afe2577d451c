"""The speakers lists' part of the day in the life (called from tests/day_protocol.py): the
Secretariat and the focal point of Kazakhstan inscribe speakers on the SOC's opening plenary through
the forms, the organizer sets the time per speaker and runs the floor from the chair's console, and
every role looks at the pages, the live state and the printed list."""

from meetings.models import AgendaItem, AgendaItemKind, SpeakerInscription


def speakers_day(t, soc: int) -> None:
    page = f"/meetings/{soc}/protocol/speakers"
    plenary = t.id_of(AgendaItem, meeting_id=soc, kind=AgendaItemKind.PLENARY, title_en="Opening plenary")
    t.step("the protocol officer (staff) inscribes China and Kazakhstan on the opening plenary's speakers list "
           "(at the entry's time per speaker: a speaker's own time is the chair's side's, not on staff's form)")
    for party in ("China", "Kazakhstan"):
        t.save("staff", page, {"item_id": lambda form: form.option("item_id", "Opening plenary"),
                               "party_id": lambda form, party=party: form.option("party_id", party),
                               "kind": "statement"},
               action=page)
    t.step("the focal point of Kazakhstan asks for a right of reply from the desk's link, naming the speaker")
    desk = t["focal_point"].page("/desk/party")
    assert page in desk.text, "the desk links the speakers lists"
    t.save("focal_point", page, {"item_id": lambda form: form.option("item_id", "Opening plenary"),
                                 "kind": "right_of_reply", "person_id": lambda form: form.option("person_id", "Seitkali"),
                                 "note": "On the draft declaration"}, action=page)
    t.step("the organizer sets four minutes per speaker")
    t.save("organizer", page, {f"t{plenary}-minutes": "4"}, action=f"/meetings/{soc}/protocol/speakers/{plenary}/time")
    live = f"/meetings/{soc}/protocol/speakers/{plenary}/live"
    t.step("the organizer, at the console for the chair, gives the floor, stops the clock and calls the next speaker")
    for action in ("start", "stop", "next"):
        t.click("organizer", live, live, holding=("action", action))
    state = t["staff"].get(f"{live}.json")
    assert '"done": 1' in state.text, state.text
    t.look(pages=[page, f"{page}?lang=ru"], manage=[live, f"{live}.json", f"{live}?lang=ru",
                                                    f"/meetings/{soc}/protocol/speakers/{plenary}/print",
                                                    f"/meetings/{soc}/protocol/speakers/{plenary}/print?lang=ru",
                                                    f"/meetings/{soc}/protocol/speakers/{plenary}/print.pdf"],
           roles=["staff", "organizer", "focal_point", "other_focal_point", "delegate"])
    t.step("the focal point of Kazakhstan withdraws the right of reply")
    reply = t.id_of(SpeakerInscription, item_id=plenary, kind="right_of_reply")
    t.click("focal_point", page, f"{page}/inscriptions/{reply}/withdraw")
    t.look(pages=[page], roles=["staff", "organizer", "focal_point"])
