"""Every plural message of the catalogue, rendered through the app's own ngettext (Flask-Babel, the
compiled catalogue, a request in Russian or English) for 0, 1, 2, 5, 11, 21 and 22."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from tests.i18n.russian_plurals import RUSSIAN_PLURALS

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "ru" / "LC_MESSAGES" / "messages.po"
NUMBERS = (0, 1, 2, 5, 11, 21, 22)
# Numbers the table does not write out read like one it does: 0 and 11 like 5, 22 like 2.
READS_LIKE = {0: 5, 11: 5, 22: 2}


def plural_messages() -> set[tuple[str, str]]:
    with open(CATALOGUE, "rb") as f:
        return {m.id for m in read_po(f, locale="ru") if m.pluralizable}


def rendered(app, lang: str) -> dict[tuple[str, str], dict[int, str]]:
    with app.test_request_context(), force_locale(lang):
        return {message: {n: ngettext(*message, n) for n in NUMBERS} for message in plural_messages()}


def with_number(text: str, old: int, new: int) -> str:
    """The table's rendering for `old` with the number replaced; the number must stand once in it."""
    pattern = rf"(?<!\d){old}(?!\d)"
    assert len(re.findall(pattern, text)) == 1, f"{text!r} should contain {old} once"
    return re.sub(pattern, str(new), text)


def test_the_table_covers_every_plural_message_of_the_catalogue():
    assert set(RUSSIAN_PLURALS) == plural_messages()
    assert all(set(spec) == {1, 2, 5, 21} for spec in RUSSIAN_PLURALS.values())


def test_russian_plurals_read_as_the_table_says(app):
    got = rendered(app, "ru")
    expected = {}
    for message, spec in RUSSIAN_PLURALS.items():
        expected[message] = dict(spec) | {n: with_number(spec[like], like, n) for n, like in READS_LIKE.items()}
    assert {m: got[m] for m in RUSSIAN_PLURALS} == {m: {n: expected[m][n] for n in NUMBERS} for m in RUSSIAN_PLURALS}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_number_appears_in_every_rendering(app, lang):
    missing = [(message[0], n, text) for message, texts in rendered(app, lang).items()
               for n, text in texts.items() if not re.search(rf"(?<!\d){n}(?!\d)", text)]
    assert missing == []


def test_english_uses_the_singular_for_one_only(app):
    got = rendered(app, "en")
    expected = {(singular, plural): {n: (singular if n == 1 else plural) % {"num": n} for n in NUMBERS}
                for singular, plural in got}
    assert got == expected

