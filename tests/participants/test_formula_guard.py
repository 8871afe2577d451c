"""Spreadsheet formulas in exported participants stay inert wherever a spreadsheet could start a
cell: at the start, and after ``,``, ``;`` (Excel's list separator in Russian) and tab."""

import csv
import io

import openpyxl
import pytest

from meetings.extensions import db
from meetings.models import UserRole
from meetings.spreadsheets import safe_cell

HOSTILE = {
    "family_name": "x;=1+2",
    "given_names": 'a,=HYPERLINK("http://evil.example","click")',
    "position_en": "tab\t=1",
    "languages": "@SUM(A1)",
    "dietary_needs": "-2+3",
    "accessibility_needs": "=cmd",
    "honorific": 'x; "=1+2"',
}
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture
def hostile(world):
    person = world.kz_delegate.person
    for name, value in HOSTILE.items():
        setattr(person, name, value)
    person.printed_name = "Jean-Luc Seitkali"
    db.session.commit()
    return person


def _cells(text: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


def test_no_cell_starts_a_formula_whatever_the_separator(client, auth, world, hostile):
    auth.login(UserRole.ORGANIZER)
    text = client.get(f"/meetings/{world.meeting.id}/participants.csv").data.decode("utf-8-sig")
    # Every field quoted, a line break inside a cell included.
    assert all(line.startswith('"') and line.endswith('"') for line in text.split("\r\n") if line)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    row = next(r for r in rows if r[header.index("Family name")] == "x;'=1+2")
    assert row[header.index("Given names")] == 'a,\'=HYPERLINK("http://evil.example","click")'
    assert row[header.index("Position")] == "tab\t'=1"
    assert row[header.index("Languages")] == "'@SUM(A1)"
    assert row[header.index("Dietary needs")] == "'-2+3"
    assert row[header.index("Accessibility needs")] == "'=cmd"
    assert row[header.index("Honorific")] == 'x; "\'=1+2"'
    # Legitimate text stays as typed: a hyphen inside a name; a phone starting with "+" is guarded.
    assert row[header.index("Printed name")] == "Jean-Luc Seitkali"
    assert row[header.index("Phone")] == "'+7 700 000 0000"
    for delimiter in (",", ";", "\t"):  # as Excel or LibreOffice would split it in other locales
        started = [c for c in _cells(text, delimiter) if c.lstrip(' "').startswith(FORMULA_STARTS)]
        assert started == [], delimiter
    # Those splits do cut the hostile cells where a spreadsheet would: the guard is what holds.
    assert any(c.startswith("'=1+2") for c in _cells(text, ";"))
    assert any(c.startswith("'=1") for c in _cells(text, "\t"))
    # Line breaks: each line on its own, as a spreadsheet reading unquoted rows would.
    assert not any(line.lstrip(' "').startswith(FORMULA_STARTS) for line in text.splitlines())


def test_xlsx_cells_are_text_never_formulas(client, auth, world, hostile):
    auth.login(UserRole.ORGANIZER)
    response = client.get(f"/meetings/{world.meeting.id}/participants.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [c for r in sheet.iter_rows() for c in r if c.value is not None]
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    values = {c.value for c in cells}
    assert {"x;'=1+2", "'=cmd", "'-2+3", "Jean-Luc Seitkali"} <= values


@pytest.mark.parametrize("value, guarded", [
    ("=1+2", "'=1+2"),
    ("x;=1+2", "x;'=1+2"),
    ("x, +1", "x, '+1"),
    ("a\r\n@b", "a\r\n'@b"),
    ("\t=1", "'\t'=1"),
    ("Jean-Luc", "Jean-Luc"),
    ("2024-05-06", "2024-05-06"),
    (42, 42),
    (None, None),
])
def test_safe_cell(value, guarded):
    assert safe_cell(value) == guarded
