"""Alphabetical order of names as a reader of the document's language expects it.

Python compares code points: "Ё" (U+0401) comes before "А" and "ё" (U+0451) after "я", accented
Latin letters after "z". Russian dictionaries (and CLDR's root collation) order "ё" as "е", and
"е" before "ё" only when the words are otherwise equal; Cyrillic comes before Latin in Russian
documents and after it in English ones. No ICU is installed, so this is the small part of that
collation the names of parties and people need.
"""

import unicodedata

RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# Primary weight of each Cyrillic letter: "ё" weighs as "е".
_CYRILLIC = {letter: index for index, letter in enumerate(RUSSIAN_ALPHABET.replace("ё", ""))}
_CYRILLIC["ё"] = _CYRILLIC["е"]

# Script ranks: punctuation and spaces first, then digits, then the document's script, then the other.
_PUNCTUATION, _DIGIT, _FIRST, _SECOND, _OTHER = range(5)


def _primary(char: str, lang: str) -> tuple[int, int] | None:
    cyrillic, latin = (_FIRST, _SECOND) if lang == "ru" else (_SECOND, _FIRST)
    if char in _CYRILLIC:
        return cyrillic, _CYRILLIC[char]
    # "й" is a letter of its own, so only non-Cyrillic letters lose their accents.
    base = unicodedata.normalize("NFD", char)[0]
    if "a" <= base <= "z":
        return latin, ord(base)
    if unicodedata.category(char) == "Mn":
        return None  # a combining accent: ignorable at the first level
    if char.isdigit():
        return _DIGIT, unicodedata.digit(char, 0)
    if char.isalpha():
        return _OTHER, ord(char)
    return _PUNCTUATION, ord(char)


def collation_key(text: str, lang: str) -> tuple:
    """Sort key: letters first (ё = е, accents ignored), then accents and ё, then case."""
    folded = (text or "").strip().casefold()
    primary = tuple(weight for char in folded if (weight := _primary(char, lang)) is not None)
    # Accents (the diaeresis of "ё" among them) break ties: the plain letter comes first.
    secondary = tuple(unicodedata.normalize("NFD", char)[1:] for char in folded)
    return primary, secondary, text
