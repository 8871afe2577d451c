"""Content lines: folding and the byte rules of RFC 5545 section 3.1.

The builder's content lines (its own, and icalendar's, which is never asked to fold) are
folded here, once, so that the rules below hold whatever icalendar version is installed
(7.3.0 fixed a fold between ``\\`` and the escaped character that made Google drop events;
earlier versions split that pair):

- every line, continuation lines included, is at most 75 octets without its CRLF;
- a fold never splits a UTF-8 sequence, nor an escape pair such as ``\\,`` or ``\\n``;
- no continuation line is empty (iCloud rejects them);
- where possible a fold does not touch a space or tab, on either side: careless unfolders
  strip whitespace at line ends or starts, which would eat a space of the value.

Most lines are short and need no work; a long line is cut on its UTF-8 bytes, where the
places a fold may not go are easy to see (see :func:`_fold`). A large feed has hundreds
of thousands of lines, so this runs once per line and per character only where it must.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MAX_OCTETS", "fold_line", "write_lines"]

MAX_OCTETS = 75
_CRLF = b"\r\n"
_WHITESPACE = (0x20, 0x09)  # space and tab, as bytes of the encoded line
# An escape pair is a backslash at the start of an atom and the character after it. Matched
# left to right without overlap, as a reader pairs them, so "\\\\n" is "\\\\" then "n"; the
# "." takes one byte only, but a fold inside the rest of a UTF-8 sequence is refused anyway.
_ESCAPE_PAIR = re.compile(rb"\\.", re.DOTALL)
# How many atoms (characters or escape pairs) a fold may move back to avoid whitespace:
# fewer, longer lines are kinder to every reader.
_LOOK_BACK = 16


def write_lines(lines: Iterable[str]) -> bytes:
    """Unfolded content lines (without CRLF) as folded bytes, each line ending in CRLF."""
    out = bytearray()
    for line in lines:
        if not line or "\r" in line or "\n" in line:
            raise ValueError(f"unexpected empty line or bare line break in {line!r}")
        data = line.encode("utf-8")
        if len(data) <= MAX_OCTETS:
            out += data
            out += _CRLF
        else:
            out += b"\r\n ".join(_fold(data))
            out += _CRLF
    return bytes(out)


def fold_line(line: str) -> list[bytes]:
    """``line`` (unfolded, without CRLF) as physical lines; continuations start with a space."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return [data]
    parts = _fold(data)
    return [parts[0], *(b" " + part for part in parts[1:])]


def _fold(data: bytes) -> list[bytes]:
    """The pieces of a long encoded line, without the space that starts a continuation.

    A fold may go before byte ``p`` unless that byte continues a UTF-8 sequence (10xxxxxx)
    or the byte before it opens an escape pair. Each piece takes as many bytes as fit, then
    moves back, by at most :data:`_LOOK_BACK` atoms, to a place with no whitespace on either
    side, if there is one.
    """
    inside_pair = {match.start() + 1 for match in _ESCAPE_PAIR.finditer(data)} if b"\\" in data else ()

    def foldable(at: int) -> bool:
        return data[at] & 0xC0 != 0x80 and at not in inside_pair

    def bare(at: int) -> bool:
        """No whitespace atom just before nor just after the fold point ``at`` (an escaped
        space is part of a pair, not a whitespace atom)."""
        if data[at] in _WHITESPACE:
            return False
        return data[at - 1] not in _WHITESPACE or (at - 1) in inside_pair

    parts: list[bytes] = []
    size = len(data)
    start = 0
    while start < size:
        end = start + (MAX_OCTETS if not parts else MAX_OCTETS - 1)  # the leading space of a fold
        if end >= size:
            end = size
        else:
            while not foldable(end):
                end -= 1
            candidate = end
            for _ in range(_LOOK_BACK + 1):
                if bare(candidate):
                    end = candidate
                    break
                candidate -= 1
                while candidate > start and not foldable(candidate):
                    candidate -= 1
                if candidate <= start:
                    break
        parts.append(data[start:end])
        start = end
    return parts
