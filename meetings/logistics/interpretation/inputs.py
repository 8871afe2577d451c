"""What the interpretation services take, the same for a form, the demo and the tests."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class InterpreterInput:
    name: str
    languages: str  # BCP 47 tags as typed: "en, ru, zh"
    email: str = ""
    phone: str = ""
    note: str = ""


@dataclass(frozen=True)
class ItemLanguagesInput:
    """The languages one agenda item needs (tags as chosen or typed) and, per language, the ids of
    the interpreters booked for it."""

    languages: Sequence[str]
    interpreters: Mapping[str, Sequence[int]] = field(default_factory=dict)
