"""Content lines: folding and the byte rules of RFC 5545 section 3.1.

We re-fold icalendar's output ourselves instead of trusting its folding, so that the rules
below hold whatever icalendar version is installed (7.3.0 fixed a fold between ``\\`` and
the escaped character that made Google drop events; earlier versions split that pair):

- every line, continuation lines included, is at most 75 octets without its CRLF;
- a fold never splits a UTF-8 sequence, nor an escape pair such as ``\\,`` or ``\\n``;
- no continuation line is empty (iCloud rejects them);
- where possible a fold does not touch a space or tab, on either side: careless unfolders
  strip whitespace at line ends or starts, which would eat a space of the value.
"""

from __future__ import annotations

__all__ = ["MAX_OCTETS", "fold_line", "normalize"]

MAX_OCTETS = 75
_CRLF = b"\r\n"
_WHITESPACE = (" ", "\t")


def normalize(ical: bytes) -> bytes:
    """Unfold ``ical`` (icalendar's output) and fold it again by the rules above."""
    unfolded = ical.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    lines = unfolded.split(_CRLF)
    if lines[-1] == b"":
        lines.pop()
    out = bytearray()
    for line in lines:
        if not line or b"\r" in line or b"\n" in line:
            raise ValueError(f"unexpected empty line or bare line break in {line!r}")
        for part in fold_line(line.decode("utf-8")):
            out += part + _CRLF
    return bytes(out)


def _atoms(line: str) -> list[str]:
    """The line cut into the pieces a fold may not split: characters and escape pairs."""
    atoms: list[str] = []
    index = 0
    while index < len(line):
        width = 2 if line[index] == "\\" and index + 1 < len(line) else 1
        atoms.append(line[index : index + width])
        index += width
    return atoms


def fold_line(line: str) -> list[bytes]:
    """``line`` (unfolded, without CRLF) as physical lines; continuations start with a space."""
    atoms = _atoms(line)
    sizes = [len(atom.encode("utf-8")) for atom in atoms]
    parts: list[bytes] = []
    start = 0
    while start < len(atoms):
        budget = MAX_OCTETS if not parts else MAX_OCTETS - 1  # the leading space of a fold
        end, used = start, 0
        while end < len(atoms) and used + sizes[end] <= budget:
            used += sizes[end]
            end += 1
        if end < len(atoms):
            # Prefer a fold point with no whitespace on either side, without going back more
            # than a few characters (fewer, longer lines are kinder to every reader).
            for candidate in range(end, max(start + 1, end - 16) - 1, -1):
                if atoms[candidate - 1] not in _WHITESPACE and atoms[candidate] not in _WHITESPACE:
                    end = candidate
                    break
        text = "".join(atoms[start:end])
        parts.append((text if not parts else " " + text).encode("utf-8"))
        start = end
    return parts
