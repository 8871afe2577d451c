import io
import re
from urllib.parse import unquote

import pypdf
import pytest
import segno

from meetings.extensions import db
from meetings.models import AccreditationStatus, MeetingStatus, RegistrationRole, UserRole
from meetings.participants.photos import save_photo
from meetings.printing.services import badge_code, qr_data_uri
from meetings.protocol.badge_code import BadgeCode, read_code
from tests.images import image_bytes
from tests.printing.helpers import ARABIC, HOSTILE, in_order


def test_badges_of_accredited_participants_in_number_order(client, auth, build, pdf_of):
    meeting = build.meeting(title_en="Senior Officials Committee", status=MeetingStatus.CONFIRMED)
    # Registered in another order than their numbers; the service issues badge numbers in order
    # of accreditation, so accrediting them by number gives each the number in its name.
    holders = {number: build.registration(meeting, "KZ", printed_name=f"Badge Holder {number}",
                                          printed_name_ru=f"Владелец {number}")
               for number in (9, 3, 1, 7, 2, 8, 4, 6, 5)}  # nine badges: two sheets of eight
    for number in sorted(holders):
        build.move(holders[number], AccreditationStatus.ACCREDITED)
        assert holders[number].badge_number == number
    build.registration(meeting, "CICA", role=RegistrationRole.SECRETARIAT, status=AccreditationStatus.ACCREDITED,
                       badge_number=10, printed_name="Saule Nurpeisova", printed_name_ru="Сауле Нурпеисова")
    unnumbered = build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, printed_name="No Number Yet")
    # Accredited without a badge number: the service always issues one, so this is set by hand,
    # to show the sheet leaves out a registration it could not number.
    unnumbered.badge_number = None
    db.session.commit()
    for status in (AccreditationStatus.REGISTERED, AccreditationStatus.INVITED, AccreditationStatus.ATTENDED):
        # Accredited first, so each keeps a badge number in a status that prints no badge.
        registration = build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED,
                                          printed_name=f"Not {status}")
        build.move(registration, status)
        assert registration.badge_number is not None
    auth.login(UserRole.STAFF)

    en = pdf_of(client.get(f"/meetings/{meeting.id}/badges.pdf?lang=en"))

    assert len(en.pages) == 2
    assert in_order(en.words, *(f"Badge Holder {n} Kazakhstan DELEGATE No. {n}" for n in range(1, 9)))
    assert in_order(en.pages[1], "Badge Holder 9", "Saule Nurpeisova", "CICA Secretariat", "SECRETARIAT", "No. 10")
    assert "No Number Yet" not in en.text and "Not " not in en.text
    assert "Page" not in en.text  # badge sheets have no page furniture

    ru = pdf_of(client.get(f"/meetings/{meeting.id}/badges.pdf?lang=ru"))
    assert in_order(ru.words, "СВМДА", "Владелец 1 Казахстан ДЕЛЕГАТ № 1", "Владелец 8")
    assert in_order(ru.pages[1], "Сауле Нурпеисова", "Секретариат СВМДА")


def test_badges_print_hostile_and_right_to_left_names_safely(client, auth, build, pdf_of):
    meeting = build.meeting()
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, badge_number=1, printed_name=HOSTILE)
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, badge_number=2, printed_name=ARABIC)
    auth.login(UserRole.STAFF)

    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/badges.pdf"))

    assert "".join(HOSTILE.split()) in pdf.flat
    assert set(ARABIC.replace(" ", "")) <= set(pdf.normalized_text)


def test_an_empty_badge_sheet_says_so(client, auth, build, pdf_of):
    meeting = build.meeting()
    auth.login(UserRole.ORGANIZER)

    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/badges.pdf"))

    assert pdf.words == "No accredited participant has a badge number yet."


def modules(svg: str) -> list[list[bool]]:
    """The dark modules drawn by segno's SVG path ("M x y", relative "m dx dy", "h n" runs)."""
    size = int(re.search(r"width=['\"](\d+)", svg)[1]) // 4
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    path = re.search(r" d=['\"]([^'\"]+)", svg)[1]
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for dx in range(int(a)):
                grid[int(y)][int(x) + dx] = True
            x += int(a)
    return grid


def test_qr_code_carries_the_signed_value_of_the_badge(app_context, build):
    registration = build.registration(build.meeting(), "KZ", status=AccreditationStatus.ACCREDITED)
    svg = unquote(qr_data_uri(registration).removeprefix("data:image/svg+xml;charset=utf-8,"))

    value = badge_code(registration)
    # The value is signed, not the bare number; the check-in reads it back to this registration.
    assert value != str(registration.badge_number)
    assert read_code(value) == BadgeCode(registration.id, registration.badge_number)
    expected = segno.make_qr(value, error="m")
    # A full QR code, which every phone reads, not a Micro QR code; small enough for the badge.
    assert not expected.is_micro and expected.version <= 4
    assert modules(svg) == [[bool(module) for module in row] for row in expected.matrix]
    other = segno.make_qr(str(registration.badge_number), error="m")
    assert modules(svg) != [[bool(module) for module in row] for row in other.matrix]


def _baselines(data: bytes, page_index: int) -> list[tuple[float, str]]:
    """(height from the bottom of the page, text) of every piece of text drawn on a page."""
    import io

    import pypdf

    placed = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            placed.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    pypdf.PdfReader(io.BytesIO(data)).pages[page_index].extract_text(visitor_text=visit)
    return placed


LONG_NAMES = [
    "Sheikh Mohammed bin Abdulrahman bin Jassim Al-Thani",
    "His Royal Highness Prince Faisal bin Farhan bin Abdullah bin Faisal bin Turki Al Saud of Saudi Arabia",
    "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafewaren Hubert",
    " ".join(["Abdulkhakimovich"] * 11) + " Ali",  # 190 characters: near the longest printed name
]


@pytest.mark.parametrize("name", LONG_NAMES)
def test_long_names_are_printed_whole_above_the_party(client, auth, build, name):
    # The name box clips what does not fit: a line below its box would be hidden under the party.
    meeting = build.meeting()
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, badge_number=1, printed_name=name)
    auth.login(UserRole.STAFF)

    placed = _baselines(client.get(f"/meetings/{meeting.id}/badges.pdf").data, 0)

    party_y = next(y for y, text in placed if text == "Kazakhstan")
    name_lines = [(y, text) for y, text in placed if y > party_y and text not in ("CICA",) and "".join(
        text.split()) in "".join(name.split())]
    assert "".join("".join(text.split()) for _y, text in sorted(name_lines, reverse=True)) == "".join(name.split())
    lowest_name_y = min(y for y, _text in name_lines)
    assert lowest_name_y - party_y >= 10  # points: the name's last line stands clear of the party



def test_a_badge_prints_the_photo_of_whoever_has_one(client, auth, build, pdf_of):
    meeting = build.meeting()
    with_photo = build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, printed_name="With Photo")
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, printed_name="Without Photo")
    save_photo(build.secretariat, with_photo.person, image_bytes(300, 400))
    auth.login(UserRole.STAFF)

    response = client.get(f"/meetings/{meeting.id}/badges.pdf")

    pdf = pdf_of(response)
    assert "With Photo" in pdf.text and "Without Photo" in pdf.text
    # The QR codes are vector drawings: the one raster image is the photo, as kept.
    images = [image for page in pypdf.PdfReader(io.BytesIO(response.data)).pages for image in page.images]
    assert [image.image.size for image in images] == [(300, 400)]
