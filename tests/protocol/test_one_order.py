"""The same order drives the four outputs: the speakers list, the seating plan, the name plates and
the check-in counts, each read through its page or file as the Secretariat gets it, on the real 28
Member States with observers and organisations; two draws written out by hand (test_order.py).
A redraw, the other alphabet and two changes of level change all four at once."""

import pytest

from meetings.extensions import db
from meetings.models import AccreditationStatus, DelegationLevel, UserRole
from meetings.protocol import services
from meetings.protocol import speakers as speaking
from tests.printing.helpers import read_pdf
from tests.protocol.test_order import ENGLISH_FROM_RUSSIA, RUSSIAN_FROM_PALESTINE, set_level, summit  # noqa: F401
from tests.protocol.test_seating import page_seats, seats


@pytest.fixture
def outputs(client, auth, summit):  # noqa: F811 - the fixture imported above
    build = auth.build
    venue = build.venue("Palace of Independence", rooms=["Plenary Hall"])
    summit.venue_id = venue.id
    db.session.commit()
    plenary = build.item(summit, title_en="General debate", title_ru="Общие прения")
    access = speaking.SpeakersAccess(summit, build.secretariat)
    for code in reversed(ENGLISH_FROM_RUSSIA):  # inscribed in another order than the protocol's
        speaking.inscribe(access, plenary.id, build.party(code).id, "statement")
    for code in ENGLISH_FROM_RUSSIA:  # one accredited person per delegation, at the door
        build.registration(summit, code, status=AccreditationStatus.ACCREDITED)
    auth.login(UserRole.STAFF)

    def read() -> dict[str, list[str]]:
        listing = speaking.speakers_list(plenary)
        names = {build.party(code).name_en: code for code in ENGLISH_FROM_RUSSIA}
        plates = read_pdf(client.get(f"/meetings/{summit.id}/protocol/name-plates.pdf").data).pages
        counts = client.get(f"/meetings/{summit.id}/protocol/checkin/counts.json").get_json()
        printed = client.get(f"/meetings/{summit.id}/protocol/speakers/{plenary.id}/print").text
        return {
            "speakers": [s.inscription.party.code for s in listing.statements],
            "printed speakers": sorted(names.values(), key=lambda code: printed.index(build.party(code).name_en)),
            "seating": [code for code, _x, _y in seats(page_seats(client, summit)[0])],
            "name plates": [next(code for name, code in names.items() if name in " ".join(page.split()))
                            for page in plates],
            "check-in": [row["party"] for row in counts["delegations"]],
        }

    return read


def test_one_order_drives_the_speakers_list_the_seating_plan_the_plates_and_the_check_in(outputs, summit, build):  # noqa: F811
    user = build.secretariat
    services.draw_first_party(summit, user=user, seed=19)
    assert outputs() == dict.fromkeys(("speakers", "printed speakers", "seating", "name plates", "check-in"),
                                      ENGLISH_FROM_RUSSIA)

    # A redraw, the Russian alphabet, Russia's head of State coming and Kazakhstan's minister instead.
    services.draw_first_party(summit, user=user, seed=5)
    services.set_alphabet(summit, "ru", user=user)
    set_level(summit, "RU", DelegationLevel.HEAD_OF_STATE, user)
    set_level(summit, "KZ", DelegationLevel.MINISTER, user)
    assert outputs() == dict.fromkeys(("speakers", "printed speakers", "seating", "name plates", "check-in"),
                                      RUSSIAN_FROM_PALESTINE)
