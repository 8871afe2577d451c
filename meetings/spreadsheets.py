"""Every CSV and XLSX file the app writes: cells a spreadsheet never runs as formulas.

A spreadsheet runs a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@`` (and some
strip a leading tab or carriage return first). In a CSV file a cell can start in the middle of
a field: Excel splits the file on the list separator of the reader's locale (``;`` in Russian
and most of Europe, not ``,``), LibreOffice lets the reader pick separators (tab among them),
and a line break starts a row. So the guard acts at the start of the text and after each ``,``,
``;``, tab and line break, also when spaces or double quotes come between (both are dropped
before a cell's content).

The guard is an apostrophe before the dangerous character: typed first in a cell, it is how
Excel and LibreOffice themselves mark "text, not a formula"; where a program shows it rather
than hides it, it is visible and harmless (``'=1+2`` reads as what it is), unlike an invisible
character that would change the text unseen. A hyphen inside a word ("Jean-Luc") is untouched;
a phone number that starts with ``+`` is written ``'+7 7172 ...``: shown as the number in a cell
Excel opens, or with the apostrophe, never computed (``+7 7172`` would be a sum).
"""

import csv
import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# The start of the text, or just after a separator; then spaces or quotes; then what starts a formula.
_FORMULA_START = re.compile(r"(?:^|(?<=[,;\t\r\n]))([ \"]*)(?=[=+\-@\t\r])")


def safe_cell(value):
    """``value`` with an apostrophe before each place a spreadsheet could start a formula;
    other values (numbers, None) as they are."""
    if not isinstance(value, str):
        return value
    return _FORMULA_START.sub(lambda m: m.group(1) + "'", value)


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """A CSV file of ``rows`` (None as an empty cell): every field quoted, so a separator or a
    line break inside a value stays in its cell; with a BOM, which tells Excel the file is UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([("" if v is None else safe_cell(v)) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Iterable[Iterable], title: str) -> bytes:
    """An XLSX workbook of ``rows`` on one sheet: text cells stay text (openpyxl would store a
    string starting with ``=`` as a formula; safe_cell leaves none)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        # Forms and imports refuse control characters, but one stored before would make openpyxl
        # refuse the whole sheet: dropped here, as the last line of defence.
        sheet.append([safe_cell(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
