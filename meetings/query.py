"""The query string, read in one place: numbers, dates, codes and choices from what anyone may type.

Nothing here raises on user text: a value that is absent or cannot be read comes back as None
(or ""), and the caller decides whether that is a 400 or simply no filter. Views never hand
``request.args`` on wholesale (into ``url_for``, say): they pass on the values read here, so
``?_external=1`` or ``?meeting_id=`` in a link cannot reach the URL builder.
"""

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TypeVar

# ASCII digits only: str.isdigit() accepts '²' and '٣', and int() refuses the first.
_NUMBER = re.compile(r"[0-9]{1,10}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
E = TypeVar("E", bound=enum.Enum)


def raw_arg(args: Mapping[str, str], name: str) -> str:
    value = args.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(text: object, low: int, high: int) -> int | None:
    """A whole number from low to high typed as ``text`` (a query value, a hidden field), or None."""
    raw = text.strip() if isinstance(text, str) else ""
    if not _NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        return None
    return int(raw)


def int_arg(args: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    return number(args.get(name), low, high)


def int_list(values: Iterable[object], low: int, high: int) -> list[int]:
    """The numbers among ``values`` (the values of a repeated field: a selection of rows), in
    order and once each; what is no number in range is left out."""
    numbers: dict[int, None] = {}
    for value in values:
        found = number(value, low, high)
        if found is not None:
            numbers[found] = None
    return list(numbers)


def int_list_arg(args: Mapping[str, str], name: str, low: int, high: int) -> list[int] | None:
    """A comma-separated list of numbers (``?registrations=4,7,9``: short enough for a selection
    of hundreds of rows in one URL); None when the argument is absent, [] when it holds no number."""
    if name not in args:
        return None
    return int_list(raw_arg(args, name).split(","), low, high)


def date_arg(args: Mapping[str, str], name: str) -> date | None:
    raw = raw_arg(args, name)
    if not _DATE.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        return None


def code_arg(args: Mapping[str, str], name: str, length: int) -> str:
    """A type or party code, as codes are stored: upper case, printable (a NUL would make
    PostgreSQL refuse the query); an unknown code simply matches nothing."""
    return "".join(c for c in raw_arg(args, name) if c.isprintable()).strip().upper()[:length]


def choice_arg(args: Mapping[str, str], name: str, enum_class: type[E]) -> E | None:
    raw = raw_arg(args, name)
    return next((member for member in enum_class if member.value == raw), None)
