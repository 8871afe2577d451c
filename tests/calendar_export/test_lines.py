"""Folding once (calendar_export.lines) gives the bytes the character-by-character folding
gave: the old algorithm is kept here as the reference the fast one is checked against."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_export.lines import MAX_OCTETS, fold_line, write_lines
from tests.calendar_export.parsers import assert_byte_rules

_WHITESPACE = (" ", "\t")


def reference_fold(line: str) -> list[bytes]:
    """calendar_export.lines.fold_line before issue 17: atoms as a list, one at a time."""
    atoms: list[str] = []
    index = 0
    while index < len(line):
        width = 2 if line[index] == "\\" and index + 1 < len(line) else 1
        atoms.append(line[index : index + width])
        index += width
    sizes = [len(atom.encode("utf-8")) for atom in atoms]
    parts: list[bytes] = []
    start = 0
    while start < len(atoms):
        budget = MAX_OCTETS if not parts else MAX_OCTETS - 1
        end, used = start, 0
        while end < len(atoms) and used + sizes[end] <= budget:
            used += sizes[end]
            end += 1
        if end < len(atoms):
            for candidate in range(end, max(start + 1, end - 16) - 1, -1):
                if atoms[candidate - 1] not in _WHITESPACE and atoms[candidate] not in _WHITESPACE:
                    end = candidate
                    break
        text = "".join(atoms[start:end])
        parts.append((text if not parts else " " + text).encode("utf-8"))
        start = end
    return parts


# Few distinct characters, so that runs of backslashes, spaces and wide characters meet folds.
TRICKY = st.sampled_from(["\\", "\\", " ", "\t", "a", ",", "n", "é", "中", "🌏", "\\ ", "\\中"])
LINES = st.lists(st.one_of(TRICKY, st.characters(codec="utf-8", exclude_characters="\r\n")), max_size=400).map("".join)


@settings(max_examples=500, deadline=None)
@given(line=LINES)
def test_fast_folding_gives_the_reference_bytes(line: str) -> None:
    line = "DESCRIPTION:" + line
    assert fold_line(line) == reference_fold(line)
    assert assert_byte_rules(write_lines([line])) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "X:" + "\\" * 301,  # odd and even runs of backslashes at every fold
        "X:" + "\\" * 300,
        "X:" + " " * 300,  # no fold point without whitespace: the fullest line
        "X:" + ("a" * 73 + " ") * 4,
        "X:" + "a" * 58 + " " * 30 + "b" * 100,  # the fold point furthest back that is allowed
        "X:" + "a" * 57 + " " * 30 + "b" * 100,  # one atom further: the fullest line
        "X:" + "\\ " * 100,  # an escaped space is no whitespace atom
        "X:" + "я\\," * 60,
    ],
)
def test_folding_of_runs(line: str) -> None:
    assert fold_line(line) == reference_fold(line)


def test_short_lines_are_written_as_they_are() -> None:
    line = "SUMMARY:" + "я" * 33  # 74 octets
    assert write_lines([line, "END:VEVENT"]) == line.encode() + b"\r\nEND:VEVENT\r\n"


@pytest.mark.parametrize("line", ["", "SUMMARY:a\nb", "SUMMARY:a\rb"])
def test_empty_lines_and_bare_line_breaks_are_refused(line: str) -> None:
    with pytest.raises(ValueError, match="empty line or bare line break"):
        write_lines(["BEGIN:VEVENT", line])
