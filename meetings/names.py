"""People's names in each language: the one place that answers "this person's name in language X".

A person has a Latin name as in the passport (``family_name``, ``given_names``) and a Cyrillic one
(``family_name_ru``, ``given_names_ru``); either may be missing. ``printed_name`` and
``printed_name_ru`` stay as optional overrides of the whole name as printed (a name whose order or
form is not "Given Family", as Chinese names printed family name first); sorting always goes by
the family name of the language.

A name is shown in the page's language, or in the other one (marked as a fallback) when the
person has none in it. A value in Cyrillic letters is a Russian name whatever field it was typed
in: someone who typed «Аскар Токаев» in the Latin fields has a Cyrillic name and no Latin one,
so English pages show the Cyrillic as a fallback instead of passing it off as the Latin name.

Honorifics are typed once ("H.E. Mr.") and shown in the reader's language («г-н» in a Russian list,
«Его Превосходительство г-н» where protocol asks); ``greeting`` opens a letter to the person.
"""

import re
from dataclasses import dataclass

from flask_babel import force_locale, pgettext
from markupsafe import Markup, escape

from meetings.collation import collation_key
from meetings.i18n import LocalizedText, current_language

_CYRILLIC = re.compile("[\u0400-\u04ff]")

# The usual honorifics of diplomatic lists as the Secretariat writes them: (English, Russian in a
# list, Russian written in full, gender). A Russian list abbreviates as «г-н», «г-жа» and drops
# "H.E." («г-н Э. Маммадли»: «Е. П.» is no Russian convention); where protocol asks (letters,
# invitations) "H.E." is written in full, «Его/Её Превосходительство», agreeing with the gender
# of the next word ("H.E." alone says no gender, and is then left out in Russian).
# Keys are compared without case, spaces and dots ("H.E.", "HE", "H. E." are one honorific).
EXCELLENCY = "H.E."
HONORIFICS = (
    (EXCELLENCY, "", "", ""),
    ("Mr.", "г-н", "г-н", "m"),
    ("Ms.", "г-жа", "г-жа", "f"),  # before Mrs. and Mme: the English of a Russian «г-жа»
    ("Mrs.", "г-жа", "г-жа", "f"),
    ("Mme", "г-жа", "г-жа", "f"),
    ("Dr.", "д-р", "д-р", ""),
    ("Prof.", "проф.", "проф.", ""),
    ("Amb.", "посол", "посол", ""),
)
_EXCELLENCY_RU = {"m": "Его Превосходительство", "f": "Её Превосходительство"}


def _fold(text: str) -> str:
    return re.sub(r"[\s.]", "", text.casefold())


# Folded form -> honorific; Russian forms (and the former «Е. П.») are recognised too, so that an
# honorific typed in Russian reads in English on English pages. Longest first: "mrs" before "mr".
_FORMS = [(form, row) for row in HONORIFICS for form in row[:3] if form]
_FORMS += [(form, HONORIFICS[0]) for form in ("Е. П.", *_EXCELLENCY_RU.values())]
_KNOWN = sorted(((_fold(form), row) for form, row in _FORMS), key=lambda kv: -len(kv[0]))


def _honorific_words(text: str) -> list[tuple[str, str, str, str]] | None:
    """The known honorifics ``text`` is made of, in order, or None if any part is unknown."""
    rest, words = _fold(text), []
    while rest:
        match = next(((key, row) for key, row in _KNOWN if rest.startswith(key)), None)
        if match is None:
            return None
        rest = rest[len(match[0]):]
        words.append(match[1])
    return words


def honorific_gender(text: str) -> str:
    """"m", "f" or "" (unknown) from an honorific: Mr. says m; Ms., Mrs. and Mme say f."""
    return next((word[3] for word in _honorific_words(" ".join((text or "").split())) or () if word[3]), "")


def translate_honorific(text: str, lang: str, formal: bool = False) -> str:
    """"H.E. Mr." in ``lang``: "г-н" in a Russian list, "Его Превосходительство г-н" ``formal``ly
    (where protocol asks); English stays "H.E. Mr.". An unknown honorific stays as typed."""
    text = " ".join((text or "").split())
    words = _honorific_words(text) if text else None
    if not words:
        return text
    if lang == "en":
        return " ".join(word[0] for word in words)
    gender = honorific_gender(text)
    forms = [(_EXCELLENCY_RU.get(gender, "") if formal else "") if word[0] == EXCELLENCY else word[2 if formal else 1]
             for word in words]
    return " ".join(form for form in forms if form)


def honorific(person, lang: str | None = None, formal: bool = False) -> str:
    return translate_honorific(person.honorific, lang or current_language(), formal)


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text or ""))


def typed(text: str) -> Markup:
    """Free text kept in the one language it was typed in (a reason, a note, an embassy, a room
    type): on a page of the other language it is marked with the language its letters say, for
    screen readers and hyphenation, and so that it is not taken for a label left untranslated."""
    text = text or ""
    lang = "ru" if is_cyrillic(text) else "en"
    if lang == current_language() or not re.search("[A-Za-z\u0400-\u04ff]", text):
        return escape(text)
    return Markup('<span lang="{0}">{1}</span>').format(lang, text)


def _without_honorific(name: str, person) -> str:
    """A printed name typed with its honorific ("H.E. Mr. Elnur Mammadli") without it: the
    honorific is shown apart, in the reader's language."""
    words = " ".join((name or "").split()).split(" ")
    typed = _fold(person.honorific or "")
    for cut in range(len(words) - 1, 0, -1):
        head = " ".join(words[:cut])
        if _honorific_words(head) or (typed and _fold(head) == typed):
            return " ".join(words[cut:])
    return " ".join(words)


@dataclass(frozen=True)
class NameText(LocalizedText):
    """A name in the other language's script: marked with its language for screen readers and
    hyphenation, but with no "[RU]" tag: it is the person's name, not an untranslated text.
    ``prefix`` (the honorific) is in the page's language, outside the mark."""

    prefix: str = ""

    def __str__(self) -> str:
        return " ".join(f"{self.prefix} {self.text}".split())

    def __html__(self) -> str:
        name = Markup('<span lang="{0}">{1}</span>').format(self.lang, self.text) if self.fallback else escape(self.text)
        return str(Markup("{0} {1}").format(self.prefix, name) if self.prefix else name)


@dataclass(frozen=True)
class PersonName:
    """A person's name in one language; ``fallback`` when the asked language had none."""

    family: str
    given: str
    printed: str  # the override, without honorific, or ""
    lang: str
    fallback: bool

    @property
    def full(self) -> str:
        """"Nurlan Abenov" / "Нурлан Абенов" (the printed override where there is one)."""
        return self.printed or " ".join(f"{self.given} {self.family}".split())

    @property
    def sorted(self) -> str:
        """"ABENOV, Nurlan": the family name marked, as lists and rooming lists write it."""
        if not self.family:
            return self.full
        return f"{self.family.upper()}, {self.given}" if self.given else self.family.upper()

    def text(self, value: str, prefix: str = "") -> NameText:
        return NameText(value, self.lang, self.fallback, prefix)


def _by_language(person) -> dict[str, list[str]]:
    """[family, given, printed] of each language, each value in the language its letters say."""
    names = {
        "en": [person.family_name or "", person.given_names or "", _without_honorific(person.printed_name, person)],
        "ru": [getattr(person, "family_name_ru", "") or "", getattr(person, "given_names_ru", "") or "",
               _without_honorific(person.printed_name_ru, person)],
    }
    for slot in range(3):
        if is_cyrillic(names["en"][slot]):
            # Cyrillic typed in a Latin field: the Russian name when none was typed there.
            if not names["ru"][slot].strip():
                names["ru"][slot] = names["en"][slot]
            names["en"][slot] = ""
    return {lang: [" ".join(v.split()) for v in values] for lang, values in names.items()}


def person_name(person, lang: str | None = None) -> PersonName:
    """The person's name in ``lang`` (the page's language), else in the other one."""
    lang = lang or current_language()
    other = "en" if lang == "ru" else "ru"
    names = _by_language(person)
    for candidate in (lang, other):
        family, given, printed = names[candidate]
        if family or printed or given:
            return PersonName(family, given, printed, candidate, candidate != lang)
    return PersonName("", "", "", lang, False)


def display_name(person, lang: str | None = None) -> LocalizedText:
    """"Nurlan Abenov": for pages (a fallback is marked as in the other language)."""
    name = person_name(person, lang)
    return name.text(name.full)


def sorted_name(person, lang: str | None = None) -> LocalizedText:
    """"ABENOV, Nurlan": the family name marked, for lists."""
    name = person_name(person, lang)
    return name.text(name.sorted)


def titled_name(person, lang: str | None = None, formal: bool = False) -> LocalizedText:
    """"H.E. Mr. Nurlan Abenov" / «г-н Нурлан Абенов» (``formal``: «Его Превосходительство г-н
    Нурлан Абенов»): honorific and name, as in a web list."""
    lang = lang or current_language()
    name = person_name(person, lang)
    return name.text(name.full, honorific(person, lang, formal))


def printed_name(person, lang: str | None = None) -> str:
    """The name as printed on lists and badges, without honorific: plain text (documents show no
    fallback marks; the name is the person's in whatever script they have)."""
    return person_name(person, lang).full


def full_name(person, lang: str | None = None, formal: bool = False) -> str:
    """«г-н Нурлан Абенов»: honorific and name as printed, plain text."""
    return str(titled_name(person, lang, formal))


def greeting(person, lang: str | None = None) -> str:
    """The opening of a letter to ``person`` (None: to whoever holds a desk), as the Secretariat
    writes it: "Excellency," / «Ваше Превосходительство!» to an Excellency, "Dear Mr Mammadli," /
    «Уважаемый господин Маммадли!» by the gender the honorific says, else a neutral form."""
    lang = lang or current_language()
    with force_locale(lang):
        if person is None:
            return pgettext("greeting", "Dear colleague,")
        words = _honorific_words(" ".join((person.honorific or "").split())) or []
        if any(word[0] == EXCELLENCY for word in words):
            return pgettext("greeting", "Excellency,")
        family = person_name(person, lang).family
        gender = honorific_gender(person.honorific)
        if not family or not gender:
            return pgettext("greeting", "Dear colleague,")
        if any(word[0] == "Mrs." for word in words):
            return pgettext("greeting", "Dear Mrs %(name)s,", name=family)
        if gender == "f":
            return pgettext("greeting", "Dear Ms %(name)s,", name=family)
        return pgettext("greeting", "Dear Mr %(name)s,", name=family)


def name_key(person, lang: str | None = None) -> tuple:
    """Sort key by the family name in the page's alphabet, then the given names."""
    lang = lang or current_language()
    name = person_name(person, lang)
    return collation_key(name.family or name.full, lang), collation_key(name.given, lang)


def init_app(app) -> None:
    app.jinja_env.filters["typed"] = typed
    app.jinja_env.globals.update(person_name=display_name, sorted_name=sorted_name, titled_name=titled_name,
                                 honorific=honorific, greeting=greeting)
