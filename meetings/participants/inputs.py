"""What the participants services take: typed inputs, the same for every way in.

A form builds them with ``form.to_input()``; the CSV/XLSX import, the demo data and the tests
build the same and meet the same rules. They are flat, so a dict of fields converts as it is
(``RegistrationInput(**data)``), and hold no rules: who may set which field (personal data for
the Secretariat only, the roles a focal point gives), trimming and lower-casing the e-mail are
the services' to apply.

A field a caller does not give is KEEP ("not given"): a focal point's form has no personal-data
fields and an import only fills in, so what they do not give stays as it is.
"""

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from meetings.models import AccreditationStatus, PartyKind, RegistrationRole


class Keep(enum.Enum):
    """A field the caller does not give: it stays as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class _PersonFields:
    """The fields of people.PERSON_FIELDS, each KEEP unless given."""

    honorific: str | Keep = KEEP
    family_name: str | Keep = KEEP
    given_names: str | Keep = KEEP
    family_name_ru: str | Keep = KEEP
    given_names_ru: str | Keep = KEEP
    printed_name: str | Keep = KEEP
    printed_name_ru: str | Keep = KEEP
    position_en: str | Keep = KEEP
    position_ru: str | Keep = KEEP
    email: str | Keep = KEEP
    phone: str | Keep = KEEP
    languages: str | Keep = KEEP
    dietary_needs: str | Keep = KEEP
    accessibility_needs: str | Keep = KEEP
    passport_number: str | Keep = KEEP
    passport_expiry: date | None | Keep = KEEP
    nationality: str | Keep = KEEP
    date_of_birth: date | None | Keep = KEEP


@dataclass(frozen=True)
class RegistrationInput(_PersonFields):
    """A person's data and their registration. ``status`` counts only for a new registration by
    the Secretariat (a focal point's start as registered); later it changes through the workflow.
    Role and ministerial level KEEP leave an edited registration's own; a new one needs a role."""

    role: RegistrationRole | Keep = KEEP
    ministerial_level: bool | Keep = KEEP
    status: AccreditationStatus = AccreditationStatus.REGISTERED


@dataclass(frozen=True)
class PersonInput(_PersonFields):
    """A person's data and party (None: no party), each KEEP unless given."""

    party_id: int | None | Keep = KEEP


@dataclass(frozen=True)
class PartyInput:
    name_en: str
    name_ru: str
    kind: PartyKind
    joined_year: int | None = None
    active: bool = True
    language: str = "en"


def given_fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields ``names`` of an input that the caller gave (not KEEP)."""
    return {name: getattr(value, name) for name in names if getattr(value, name) is not KEEP}

