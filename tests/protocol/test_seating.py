"""The seating plan and the name plates, on the real parties (the summit of test_order.py): the
seats in the SVG (read with a real XML parser) and the pages of the PDFs (read with pypdf) follow
protocol_order(meeting), and move with it."""

import io
import math
import os
import re
import xml.etree.ElementTree as ET

import pypdf
import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, DelegationLevel, SeatingPlan, UserRole
from meetings.protocol import seating, services
from meetings.protocol.order import protocol_order
from tests.layout import overflow
from tests.printing.helpers import in_order, read_pdf
from tests.protocol.test_order import ENGLISH_FROM_RUSSIA, codes, set_level, summit  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"
A4_LANDSCAPE, A3_LANDSCAPE = (842, 595), (1191, 842)


@pytest.fixture
def staff(client, auth, summit):  # noqa: F811
    venue = auth.build.venue("Palace of Independence", rooms=["Plenary Hall", "Hall B"])
    summit.venue_id = venue.id
    db.session.commit()
    services.draw_first_party(summit, user=auth.build.secretariat, seed=19)
    auth.login(UserRole.STAFF)
    return client


def dump(data: bytes, name: str) -> None:
    """SEATING_DUMP=folder: keep the PDFs made, to look at them."""
    if os.environ.get("SEATING_DUMP"):
        with open(os.path.join(os.environ["SEATING_DUMP"], f"{name}.pdf"), "wb") as file:
            file.write(data)


def svg_of(page_text: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", page_text, re.S)
    assert match, page_text[:500]
    return ET.fromstring(match.group(0))


def seats(svg: ET.Element) -> list[tuple[str, float, float]]:
    """(party code, head seat's x, y) of every delegation's group, in the document's order."""
    found = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == "delegation":
            head = next(c for c in group.iter(f"{SVG}circle") if c.get("class") == "seat-head")
            found.append((group.get("data-party"), float(head.get("cx")), float(head.get("cy"))))
    return found


def page_seats(client, meeting, lang="en"):
    page = client.get(f"/meetings/{meeting.id}/protocol/seating?lang={lang}")
    assert page.status_code == 200
    return svg_of(page.text), page


def save(client, meeting, **fields):
    data = {"layout": "hollow_square", "seats_behind": "1", "room_id": "", "paper": "A4", **fields}
    return client.post(f"/meetings/{meeting.id}/protocol/seating", data=data, follow_redirects=True)


def room_id(meeting, name="Plenary Hall") -> int:
    return next(room.id for room in meeting.venue.rooms if room.name == name)


@pytest.mark.parametrize("layout", seating.SEATING_LAYOUTS)
def test_the_seats_follow_the_protocol_order_in_every_layout(staff, summit, layout):  # noqa: F811
    saved = save(staff, summit, layout=layout, seats_behind="2", room_id=str(room_id(summit)))
    assert "The seating plan was saved." in saved.text
    svg, page = page_seats(staff, summit)
    assert [code for code, _x, _y in seats(svg)] == ENGLISH_FROM_RUSSIA
    title = svg.find(f"{SVG}title").text
    assert "Plenary Hall" in title and str(seating.LAYOUT_LABELS[layout]) in title
    behind = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "seat-behind"]
    assert len(behind) == 2 * len(ENGLISH_FROM_RUSSIA)
    # The table beside the plan lists the same seats in the same order.
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", page.text)
    assert [int(n) for n, _name in rows] == list(range(1, len(ENGLISH_FROM_RUSSIA) + 1))
    assert rows[0][1] == "Tajikistan" and rows[-1][1] == "Shanghai Cooperation Organisation"
    # Place 1 on the presidency's right: the plan's left of the presidency, at the top or the front.
    (_code, x1, y1), (_code2, x2, _y2) = seats(svg)[:2]
    assert x1 < 0
    if layout == seating.THEATRE:
        assert x2 > 0 and y1 == seats(svg)[1][2]  # place 2 across the aisle, in the same front row
    else:
        presidency_y = min(float(r.get("y")) for r in svg.iter(f"{SVG}rect") if r.get("height") == "30")
        assert y1 < presidency_y + 60


def test_a_change_of_level_or_a_redraw_moves_the_party_on_the_plan_and_in_the_pdf(staff, summit, build):  # noqa: F811
    svg, _page = page_seats(staff, summit)
    before = {code: (x, y) for code, x, y in seats(svg)}
    set_level(summit, "KZ", DelegationLevel.AMBASSADOR, build.secretariat)
    svg, _page = page_seats(staff, summit)
    after = seats(svg)
    assert [code for code, _x, _y in after] == codes(summit) != ENGLISH_FROM_RUSSIA
    assert {code: (x, y) for code, x, y in after}["KZ"] != before["KZ"]
    pdf = read_pdf(staff.get(f"/meetings/{summit.id}/protocol/seating.pdf").data)
    names = [place.party.name_en for place in protocol_order(summit)]
    assert in_order(pdf.pages[0], "Tajikistan", "Azerbaijan", "China", "India")
    assert in_order("\n".join(pdf.pages[1:]), *names)
    services.draw_first_party(summit, user=build.secretariat, seed=5)
    svg, _page = page_seats(staff, summit)
    assert [code for code, _x, _y in seats(svg)] == codes(summit)
    redrawn = read_pdf(staff.get(f"/meetings/{summit.id}/protocol/seating.pdf").data)
    assert in_order("\n".join(redrawn.pages[1:]), *[place.party.name_en for place in protocol_order(summit)])
    assert redrawn.pages[0] != pdf.pages[0]


@pytest.mark.parametrize(("paper", "size"), [("A4", A4_LANDSCAPE), ("A3", A3_LANDSCAPE)])
def test_the_pdf_is_on_the_paper_chosen_in_both_languages(staff, summit, paper, size):  # noqa: F811
    save(staff, summit, layout="round_table", paper=paper, room_id=str(room_id(summit, "Hall B")))
    for lang, first, hall in (("en", "Tajikistan", "Hall B"), ("ru", "Таджикистан", "Hall B")):
        response = staff.get(f"/meetings/{summit.id}/protocol/seating.pdf?lang={lang}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        box = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size
        dump(response.data, f"seating-{paper}-{lang}")
        pdf = read_pdf(response.data)
        assert first in pdf.pages[0] and hall in pdf.pages[0]
    assert "Россия" in pdf.text and "Russia" not in pdf.text


def test_bad_input_is_refused_with_what_was_typed(staff, summit, build):  # noqa: F811
    elsewhere = build.room("Hall of another venue")
    for fields, kept in (({"layout": "pyramid"}, 'value="2"'), ({"seats_behind": "7"}, 'value="7"'),
                         ({"seats_behind": "-1"}, 'value="-1"'), ({"seats_behind": "two"}, 'value="two"'),
                         ({"room_id": str(elsewhere.id)}, 'value="2"'), ({"paper": "A0"}, 'value="2"')):
        data = {"seats_behind": "2", **fields}
        refused = save(staff, summit, **data)
        assert refused.status_code == 200 and "The seating plan was saved." not in refused.text, fields
        assert kept in refused.text and "Please correct the marked fields." in refused.text, fields
    assert db.session.scalar(select(SeatingPlan).where(SeatingPlan.meeting_id == summit.id)) is None
    with pytest.raises(services.RuleError) as refused:
        seating.set_seating_plan(summit, layout="theatre", seats_behind=1, room_id=elsewhere.id, paper="A4",
                                 user=build.secretariat)
    assert refused.value.field == "room_id"
    for wrong, field in (({"layout": "x"}, "layout"), ({"seats_behind": 9}, "seats_behind"),
                         ({"seats_behind": None}, "seats_behind"), ({"paper": "A5"}, "paper")):
        arguments = {"layout": "theatre", "seats_behind": 1, "room_id": None, "paper": "A4", **wrong}
        with pytest.raises(services.RuleError) as refused:
            seating.set_seating_plan(summit, user=build.secretariat, **arguments)
        assert refused.value.field == field


def test_a_change_is_audited(staff, summit, auth):  # noqa: F811
    save(staff, summit)  # the defaults, saved: recorded once
    save(staff, summit, layout="theatre", seats_behind="0")
    save(staff, summit, layout="theatre", seats_behind="0")  # nothing changed: nothing recorded
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "seating_plan")).all()
    assert [entry.action for entry in entries] == ["seating_plan.changed", "seating_plan.changed"]
    assert entries[0].changes == {} and entries[1].changes["layout"] == ["hollow_square", "theatre"]
    # The audit log's lines name the layouts in the reader's language, never by their stored codes
    # (the English summary, with the codes, is not shown on a Russian page that has lines).
    auth.logout()
    auth.login(UserRole.ADMIN)
    for lang, line in (("en", "Layout: Hollow square → Theatre"), ("ru", "Расстановка: каре → театр")):
        page = staff.get(f"/admin/audit?object_type=seating_plan&lang={lang}").text
        assert line in page, lang
    assert "hollow_square" not in page


def test_name_plates_one_page_per_delegation_in_the_order(staff, summit, build):  # noqa: F811
    response = staff.get(f"/meetings/{summit.id}/protocol/name-plates.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {A4_LANDSCAPE}
    dump(response.data, "plates")
    pdf = read_pdf(response.data)
    order = protocol_order(summit)
    assert len(pdf.pages) == len(order) == len(ENGLISH_FROM_RUSSIA)
    for text, place in zip(pdf.pages, order, strict=True):
        words = " ".join(text.split())
        assert place.party.name_en in words and place.party.name_ru in words, (place.party.code, words)
    set_level(summit, "KZ", DelegationLevel.AMBASSADOR, build.secretariat)
    moved = read_pdf(staff.get(f"/meetings/{summit.id}/protocol/name-plates.pdf").data)
    expected = [place.party.name_en for place in protocol_order(summit)]
    assert [next(n for n in expected if n in " ".join(t.split())) for t in moved.pages] == expected
    assert expected.index("Kazakhstan") > [p.party.name_en for p in order].index("Kazakhstan")


@pytest.mark.parametrize("layout", seating.SEATING_LAYOUTS)
def test_no_two_seats_overlap_whatever_the_number_of_delegations(layout):
    for n in (1, 2, 7, 31, 60):
        for behind in range(0, seating.MAX_SEATS_BEHIND + 1):
            named = [(None, f"Party {i}") for i in range(n)]
            drawing = seating.arrange(layout, named, behind)
            seats = [(g.head, seating.HEAD_R) for g in drawing.groups] + [
                (p, seating.BEHIND_R) for g in drawing.groups for p in g.behind] + [(p, seating.HEAD_R) for p in drawing.presidency]
            for i, (a, ra) in enumerate(seats):
                for b, rb in seats[i + 1:]:
                    assert math.dist(a, b) >= ra + rb - 0.01, (layout, n, behind, a, b)
            points = [p for p, _r in seats]
            x, y, w, h = drawing.view_box
            assert all(x <= px <= x + w and y <= py <= y + h for px, py in points)


def test_long_names_are_wrapped_between_words():
    assert seating.wrap("United Nations Office on Drugs and Crime", 30, 2) == ("United Nations Office", "on Drugs and Crime")
    assert seating.wrap("Russia", 30, 2) == ("Russia",)
    assert seating.wrap("Объединённые Арабские Эмираты", 16, 3) == ("Объединённые", "Арабские Эмираты")


def test_the_page_fits_a_laptop_and_a_phone_with_the_whole_plan_in_sight(staff, summit, tmp_path):  # noqa: F811
    """The 28 Member States' plan, in both languages: nothing scrolls sideways, not even inside the
    plan's box (on a phone a plan scrolled there looked cut off)."""
    assert overflow(staff, f"/meetings/{summit.id}/protocol/seating", tmp_path) == []
