"""Invisible control characters, one policy for the whole application.

PostgreSQL refuses NUL, XLSX cells and iCalendar refuse most C0 controls, and none of them is ever
meant by a person typing or pasting. One-line fields refuse any control (tab and line breaks too);
texts that may span lines may hold tab, line feed and carriage return but no other control.
Input holding one is refused beside its field, never cleaned silently (check_text); only
outputs whose format cannot carry a character strip it (without_*).
"""

import re

from flask_babel import lazy_gettext as _l

from meetings.domain import RuleError

# Every C0 control and DEL: never meant in a one-line text. And lone UTF-16 surrogates, which no
# text typed in a form holds but a JSON body can ("\ud800"): no database can store them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# The same but tab, line feed and carriage return, which a multi-line text may hold.
INVISIBLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def check_text(text: str, field: str, *, multiline: bool = False) -> str:
    """The rule of every service for typed text: a control character (in a one-line text, a tab or
    line break too) refuses the input with a RuleError beside ``field``; the text is returned as is."""
    if (INVISIBLE_CHARACTERS if multiline else CONTROL_CHARACTERS).search(text):
        raise RuleError(_l("Remove the invisible control characters from this text."), field)
    return text


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def without_invisible_characters(text: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", text)
