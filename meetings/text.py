"""Invisible control characters, one policy for the whole application.

PostgreSQL refuses NUL, XLSX cells and iCalendar refuse most C0 controls, and none of them is ever
meant by a person typing or pasting. One-line fields refuse any control (tab and line breaks too);
texts that may span lines keep tab, line feed and carriage return and lose the rest.
"""

import re

# Every C0 control and DEL: never meant in a one-line text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# The same but tab, line feed and carriage return, which a multi-line text may hold.
INVISIBLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def without_invisible_characters(text: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", text)
