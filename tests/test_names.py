"""meetings/names.py: a person's name, sorted form and honorific in each language (no app needed)."""

import pytest

from meetings.models import Person
from meetings.names import (
    display_name,
    honorific_gender,
    name_key,
    person_name,
    sorted_name,
    titled_name,
    translate_honorific,
)


def _person(**fields) -> Person:
    defaults = {"family_name": "", "given_names": "", "family_name_ru": "", "given_names_ru": "",
                "printed_name": "", "printed_name_ru": "", "honorific": ""}
    return Person(**(defaults | fields))


ABENOV = {"family_name": "Abenov", "given_names": "Nurlan", "family_name_ru": "Абенов", "given_names_ru": "Нурлан",
          "honorific": "H.E. Mr."}


def test_each_language_has_its_own_script():
    person = _person(**ABENOV)
    assert (str(display_name(person, "en")), str(display_name(person, "ru"))) == ("Nurlan Abenov", "Нурлан Абенов")
    assert (str(sorted_name(person, "en")), str(sorted_name(person, "ru"))) == ("ABENOV, Nurlan", "АБЕНОВ, Нурлан")
    assert str(titled_name(person, "ru")) == "г-н Нурлан Абенов"
    assert str(titled_name(person, "ru", formal=True)) == "Его Превосходительство г-н Нурлан Абенов"
    assert str(titled_name(person, "en")) == "H.E. Mr. Nurlan Abenov"
    assert not display_name(person, "ru").fallback


def test_the_other_script_stands_in_marked_with_its_language():
    latin_only = _person(family_name="Zhang", given_names="Wei")
    name = display_name(latin_only, "ru")
    assert (str(name), name.fallback) == ("Wei Zhang", True)
    assert name.__html__() == '<span lang="en">Wei Zhang</span>'  # the name, not an untranslated text
    cyrillic_only = _person(family_name_ru="Токаев", given_names_ru="Аскар", honorific="Mr.")
    assert display_name(cyrillic_only, "en").__html__() == '<span lang="ru">Аскар Токаев</span>'
    # The honorific is the page's language's, outside the mark.
    assert titled_name(cyrillic_only, "en").__html__() == 'Mr. <span lang="ru">Аскар Токаев</span>'
    assert str(titled_name(cyrillic_only, "en")) == "Mr. Аскар Токаев"


def test_cyrillic_typed_in_the_latin_fields_is_the_russian_name():
    # «Аскар Токаев» typed where the passport name goes: no Latin name exists.
    person = _person(family_name="Токаев", given_names="Аскар")
    ru, en = person_name(person, "ru"), person_name(person, "en")
    assert (ru.family, ru.given, ru.lang, ru.fallback) == ("Токаев", "Аскар", "ru", False)
    assert (en.lang, en.fallback) == ("ru", True)  # shown as Cyrillic, marked, on English pages
    # ... and when a Cyrillic name was also typed, the Cyrillic in the Latin field is not shown as Latin.
    both = _person(family_name="Токаев", given_names="Аскар", family_name_ru="Тоқаев", given_names_ru="Асқар")
    assert str(display_name(both, "en")) == "Асқар Тоқаев" and display_name(both, "en").fallback


def test_printed_names_override_and_lose_their_honorific():
    person = _person(family_name="Zhang", given_names="Wei", family_name_ru="Чжан", given_names_ru="Вэй",
                     honorific="Mr.", printed_name="Mr. ZHANG Wei", printed_name_ru="Г-н Чжан Вэй")
    assert (str(display_name(person, "en")), str(display_name(person, "ru"))) == ("ZHANG Wei", "Чжан Вэй")
    assert str(titled_name(person, "ru")) == "г-н Чжан Вэй"
    assert str(sorted_name(person, "ru")) == "ЧЖАН, Вэй"  # the family name stays marked


@pytest.mark.parametrize(("typed", "ru", "en"), [
    ("H.E. Mr.", "г-н", "H.E. Mr."),  # a Russian list drops "H.E."
    ("H. E. Ms.", "г-жа", "H.E. Ms."),
    ("Е. П. г-н", "г-н", "H.E. Mr."),  # typed the old way
    ("Mrs.", "г-жа", "Mrs."),
    ("Dr", "д-р", "Dr."),
    ("Prof.", "проф.", "Prof."),
    ("Amb.", "посол", "Amb."),
    ("г-н", "г-н", "Mr."),  # typed in Russian, shown in English on English pages
    ("Sheikh", "Sheikh", "Sheikh"),  # unknown: as typed
    ("H.E. Sheikh", "H.E. Sheikh", "H.E. Sheikh"),  # partly unknown: as typed, never half-translated
    ("", "", ""),
])
def test_honorifics_in_each_language(typed, ru, en):
    assert (translate_honorific(typed, "ru"), translate_honorific(typed, "en")) == (ru, en)


def test_people_sort_by_the_family_name_in_the_pages_alphabet():
    people = [_person(family_name="Zhakupov", given_names="Nurlan", family_name_ru="Жакупов", given_names_ru="Нурлан"),
              _person(family_name="Abenova", given_names="Aigerim", family_name_ru="Абенова", given_names_ru="Айгерим"),
              _person(family_name="Yolkin", given_names="Ivan", family_name_ru="Ёлкин", given_names_ru="Иван"),
              _person(family_name="Elisseev", given_names="Petr", family_name_ru="Елисеев", given_names_ru="Пётр"),
              _person(family_name="Smith", given_names="John")]

    def order(lang):
        return [p.family_name for p in sorted(people, key=lambda p: name_key(p, lang))]

    assert order("en") == ["Abenova", "Elisseev", "Smith", "Yolkin", "Zhakupov"]
    # Cyrillic order (Ё with Е), and a person without a Cyrillic name after the Cyrillic ones.
    assert order("ru") == ["Abenova", "Elisseev", "Yolkin", "Zhakupov", "Smith"]


@pytest.mark.parametrize(("typed", "formal", "gender"), [
    ("H.E. Mr.", "Его Превосходительство г-н", "m"),
    ("H.E. Ms.", "Её Превосходительство г-жа", "f"),
    ("H.E. Mrs.", "Её Превосходительство г-жа", "f"),
    ("Mme", "г-жа", "f"),
    ("H.E.", "", ""),  # no gender to agree with: left out rather than guessed
    ("Dr.", "д-р", ""),
    ("Е. П. г-жа", "Её Превосходительство г-жа", "f"),
])
def test_excellency_in_full_agrees_with_the_gender_the_honorific_says(typed, formal, gender):
    assert translate_honorific(typed, "ru", formal=True) == formal
    assert honorific_gender(typed) == gender
    assert "Е. П." not in translate_honorific(typed, "ru") and "Превосходительство" not in translate_honorific(typed, "ru")
