"""The Russian texts follow the team's glossary (translations/GLOSSARY.md) and keep no English.

The terms and their banned renderings are read from the glossary's table, so a term added there is
checked here without touching this file. Russian texts are the msgstr of the catalogue, the Russian
columns of the reference data and the Russian strings of the demo data, each with its English
counterpart: some bans only hold where the English says the term («встреча» is right for a pick-up).
"""

import ast
import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
CATALOGUE = ROOT / "translations" / "ru" / "LC_MESSAGES" / "messages.po"
DEMO_MODULES = (ROOT / "meetings" / "demo_data.py", ROOT / "meetings" / "demo.py")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
BANNED_ITEM = re.compile(r"«([^»]+)»(?:\s+без\s+«([^»]+)»)?")


def stems(phrase: str) -> str:
    """Each word of the phrase as a stem with any ending, whitespace between words."""
    return r"\w*\s+".join(re.escape(word) for word in phrase.split()) + r"\w*(?!\w)"


def banned_pattern(phrase: str, unless: str | None) -> re.Pattern:
    pattern = r"(?<!\w)" + stems(phrase) + (rf"(?!\s+{stems(unless)})" if unless else "")
    return re.compile(pattern, re.IGNORECASE)


def english_pattern(english: str) -> re.Pattern:
    forms = [re.escape(form.strip()) for form in english.split("/")]
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + ")", re.IGNORECASE)


def glossary_rows() -> list[dict]:
    """The rows of the glossary's table, by the names of its header."""
    lines = [line.strip() for line in GLOSSARY.read_text(encoding="utf-8").splitlines()]
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
            for line in table[2:]]


def glossary_bans() -> list[tuple[str, re.Pattern | None, str, re.Pattern]]:
    """(label, the English term or None for everywhere, the banned rendering) for every ban."""
    bans = []
    for row in glossary_rows():
        assert row["Banned where"] in ("everywhere", "english", ""), row
        for phrase, unless in BANNED_ITEM.findall(row["Banned renderings"]):
            where = english_pattern(row["English"]) if row["Banned where"] == "english" else None
            label = f"{row['English']} = «{row['Russian']}», not «{phrase}»" + (f" without «{unless}»" if unless else "")
            bans.append((label, where, banned_pattern(phrase, unless or None)))
    return bans


def catalogue_texts() -> list[tuple[str, str]]:
    """(English, Russian) for every form of every translated message."""
    texts = []
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    for message in catalogue:
        if not message.id:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        for russian in message.string if isinstance(message.string, tuple) else (message.string,):
            texts.append((english, russian))
    return texts


def data_texts() -> list[tuple[str, str]]:
    """(English, Russian) of the reference data (columns NAME_ru beside NAME_en, else NAME) and the
    demo data (a Cyrillic string after the Latin one before it in the same tuple or call)."""
    texts = []
    for path in sorted((ROOT / "meetings" / "data").glob("*.csv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(lines):
            for column, russian in row.items():
                if column.endswith("_ru") and russian:
                    name = column.removesuffix("_ru")
                    texts.append((row.get(f"{name}_en", row.get(name)) or "", russian))
    for path in DEMO_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            elements = node.elts if isinstance(node, ast.Tuple | ast.List) else \
                node.args if isinstance(node, ast.Call) else []
            english = ""
            for element in elements:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    if CYRILLIC.search(element.value):
                        texts.append((english, element.value))
                    else:
                        english = element.value
    return texts


def violations(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for label, where, banned in glossary_bans():
        for english, russian in texts:
            if (where is None or where.search(english)) and banned.search(russian):
                found.append(f"{label}: «{russian}» ({english!r})")
    return found


def test_the_glossary_is_read():
    """The test below cannot pass by reading nothing: the table and its key bans are there."""
    bans = {label for label, _, _ in glossary_bans()}
    assert len(bans) >= 15
    texts = [("Ministerial Council", "Совет министров"), ("Working session", "Рабочая сессия"),
             ("Pick-up", "Встреча"), ("Back to the meeting", "Вернуться к встрече")]
    found = violations(texts)
    assert len(found) == 3 and not any("Встреча»" in line for line in found)  # a pick-up is a встреча
    assert violations([("Council of Ministers of Foreign Affairs", "Совета министров иностранных дел СВМДА"),
                       ("Session", "Заседание")]) == []


def test_the_catalogue_follows_the_glossary():
    assert violations(catalogue_texts()) == []


def test_the_reference_and_demo_data_follow_the_glossary():
    texts = data_texts()
    assert any(english == "Senior Officials Committee" for english, _ in texts)  # the pairs are found
    assert violations(texts) == []


# Latin script a Russian reader may meet: codes and formats, language codes and examples of codes
# the forms ask for (party, airport, flight), products and keys named as their makers name them,
# and the columns and values of the import file, which are written in the file as they are.
LATIN_ALLOWED = {
    "UTC", "PDF", "CSV", "ICS", "ics", "XLSX", "JSON", "JPEG", "PNG", "UTF", "BOM", "ISO", "QR", "BCP", "https",
    "lang", "en", "ru", "zh", "hi", "ko", "ar", "fa", "KZ", "CN", "UN", "CICA", "GYD", "J2", "KC",
    "Outlook", "com", "Google", "Apple", "Thunderbird", "Ctrl", "Cmd", "Mac", "DOCX",
    "SOC", "DEC",  # a document symbol of the example (CICA/SOC/2026/DEC.3)
    "party", "yes", "no",
    "API", "Authorization", "TOKEN",  # the API, its HTTP header and the shell variable of the example call
    "errors",  # the member of the API's problem answers that lists the refused fields
    # HTTP's own words in the API's answers: headers, a method, a media type, a JSON value
    "If", "Match", "ETag", "GET", "Content", "Type", "application", "json", "true", "Bearer",
    "A3", "A4",  # paper sizes
    "Enter", "Chrome", "Android",  # a key, and the browser that reads QR codes with the camera
}
PLACEHOLDER_OR_ADDRESS = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|https?://\S+|\S+@\S+|<[^>]+>|&\w+;")


def latin_words(russian: str) -> set[str]:
    """Latin words outside placeholders, addresses and markup; identifiers with «_» are file columns."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", PLACEHOLDER_OR_ADDRESS.sub(" ", russian))
    return {word for word in words if "_" not in word and word not in LATIN_ALLOWED}


@pytest.mark.parametrize("text, latin", [("Номер версии (SEQUENCE)", {"SEQUENCE"}),
                                         ("Файл CSV, столбец family_name_ru, %(name)s", set())])
def test_latin_words_are_found(text, latin):
    assert latin_words(text) == latin


def test_no_english_left_in_the_catalogue():
    left = [f"{english!r}: «{russian}» {sorted(latin_words(russian))}"
            for english, russian in catalogue_texts() if latin_words(russian)]
    assert left == []
