"""People: their data (personal data for the Secretariat only), finding them, and spotting the
same person typed twice."""

import unicodedata
from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from meetings import audit
from meetings.domain import NotFoundError, RuleError
from meetings.extensions import db
from meetings.history import WITHHELD
from meetings.models import Meeting, Person, Registration
from meetings.models.base import MAX_ID
from meetings.names import is_cyrillic, name_key
from meetings.participants.inputs import KEEP, PersonInput, given_fields
from meetings.security import mark_private
from meetings.text import without_control_characters
from meetings.transaction import operation

PERSON_FIELDS = (
    "honorific", "family_name", "given_names", "family_name_ru", "given_names_ru", "printed_name", "printed_name_ru", "position_en", "position_ru",
    "email", "phone", "languages", "dietary_needs", "accessibility_needs",
    "passport_number", "passport_expiry", "nationality", "date_of_birth",
)
# Personal data: Secretariat roles only, in every page and export.
PRIVATE_FIELDS = ("phone", "passport_number", "passport_expiry", "nationality", "date_of_birth")
# What the audit trail keeps of a change of personal data: WITHHELD (meetings/history.py), that it
# changed, not the data, which must not outlive the person's own record nor reach whoever reads the trail.
SEARCH_LIMIT = 200


# The Latin name (as in the passport) and the Cyrillic one, field by field.
NAME_PAIRS = (("family_name", "family_name_ru"), ("given_names", "given_names_ru"))


def name_problems(values: dict) -> list[tuple[str, str]]:
    """(field, reason) of what a person's names may not be: Cyrillic in a Latin (passport) field,
    where it would pass for the Latin name, or no family name in either script. One rule for the
    forms, the import and every other way in."""
    return _name_problems(values, values)


def _name_problems(given: dict, result: dict) -> list[tuple[str, str]]:
    """The names ``given`` (Cyrillic in a Latin field), and the ``result`` (a family name)."""
    problems = [(latin, str(_l("Latin letters here, as in the passport: a name in Cyrillic goes in the "
                                "Cyrillic field.")))
                for latin, _cyrillic in NAME_PAIRS if is_cyrillic(given.get(latin) or "")]
    if not ((result.get("family_name") or "").strip() or (result.get("family_name_ru") or "").strip()):
        problems.append(("family_name", str(_l("Give the family name in Latin or in Cyrillic letters."))))
    return problems


def check_names(values: dict, person: Person | None = None) -> None:
    """RuleError on the first problem of the names ``values`` gives over the person's own (names
    stored before the rule stay as they are until changed)."""
    names = [name for pair in NAME_PAIRS for name in pair]
    given = {name: values[name] for name in names if name in values}
    result = {name: given.get(name, getattr(person, name, "") if person is not None else "") for name in names}
    problems = _name_problems(given, result)
    if problems:
        raise RuleError(problems[0][1], problems[0][0])


def person_name_keys(family_name: str, given_names: str, family_name_ru: str = "", given_names_ru: str = "") -> set[str]:
    """The normalised names of a person, one per script typed (Latin, Cyrillic)."""
    return {"ru:" * (script == 1) + normalised_name(family, given)
            for script, (family, given) in enumerate(((family_name, given_names), (family_name_ru, given_names_ru)))
            if (family or "").strip() or (given or "").strip()}


def normalised_name(family_name: str, given_names: str) -> str:
    """For spotting the same person typed twice: case, accents, ё and spacing ignored."""
    text = f"{family_name} {given_names}".casefold().replace("ё", "е")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


def person_values(value, sees_private: bool) -> dict:
    """The person's fields the input ``value`` gives (personal data only for those who may see
    it), trimmed; what it does not give (KEEP) is left out, so it stays as it is."""
    values = given_fields(value, PERSON_FIELDS)
    if not sees_private:
        for name in PRIVATE_FIELDS:
            values.pop(name, None)
    if "email" in values:
        values["email"] = (values["email"] or "").strip().lower()
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def person_changes(person: Person, values: dict) -> dict[str, list]:
    """audit.diff of a person, with personal data withheld."""
    changes = audit.diff(person, values)
    for name in PRIVATE_FIELDS:
        if name in changes:
            changes[name] = [WITHHELD, WITHHELD]
    return changes


def new_person_changes(values: dict) -> dict[str, list]:
    """What a new person's entry keeps: the values given, personal data withheld."""
    given = audit.created({k: v for k, v in values.items() if v not in ("", None)})
    return {name: [None, WITHHELD] if name in PRIVATE_FIELDS else pair for name, pair in given.items()}


def find_person(party_id: int | None, email: str, family_name: str, given_names: str,
                *, family_name_ru: str = "", given_names_ru: str = "", same_party_only: bool = False) -> Person | None:
    """The person already known: same e-mail, else same normalised name (Latin or Cyrillic) and party."""
    email = (email or "").strip().lower()
    if email:
        query = select(Person).where(func.lower(Person.email) == email)
        if same_party_only:
            query = query.where(Person.party_id == party_id)
        person = db.session.scalars(query.order_by(Person.id)).first()
        if person is not None:
            return person
    wanted = person_name_keys(family_name, given_names, family_name_ru, given_names_ru)
    for person in db.session.scalars(select(Person).where(Person.party_id == party_id).order_by(Person.id)):
        if wanted & person_name_keys(person.family_name, person.given_names, person.family_name_ru,
                                     person.given_names_ru):
            return person
    return None


def search_people(q: str, *, party_id: int | None = None) -> list[Person]:
    """People whose name or e-mail contains ``q`` (at most SEARCH_LIMIT); ``party_id``: of that
    party only (filtered in the query, so the limit never hides the party's own people)."""
    q = " ".join(without_control_characters(q).split())  # PostgreSQL refuses a NUL in a parameter
    if not q:  # nothing to search for (blank, or only control characters) finds nobody, not everybody
        return []
    pattern = f"%{q.lower()}%"
    terms = [func.lower(Person.email).like(pattern), func.lower(Person.family_name).like(pattern),
             func.lower(Person.given_names).like(pattern), func.lower(Person.printed_name).like(pattern),
             func.lower(Person.given_names + " " + Person.family_name).like(pattern),
             func.lower(Person.family_name_ru).like(pattern), func.lower(Person.given_names_ru).like(pattern),
             func.lower(Person.given_names_ru + " " + Person.family_name_ru).like(pattern)]
    # SQLite lowers ASCII only: match the text as typed too, so Cyrillic names are found.
    terms += [Person.family_name.contains(q), Person.given_names.contains(q), Person.printed_name.contains(q),
              Person.printed_name_ru.contains(q), Person.family_name_ru.contains(q), Person.given_names_ru.contains(q),
              (Person.given_names_ru + " " + Person.family_name_ru).contains(q)]
    query = (select(Person).options(joinedload(Person.party)).where(or_(*terms))
             .order_by(Person.family_name, Person.family_name_ru, Person.given_names, Person.id))
    if party_id is not None:
        query = query.where(Person.party_id == party_id)
    # The database picks the first SEARCH_LIMIT by name; they are shown in the page's alphabet.
    return sorted(db.session.scalars(query.limit(SEARCH_LIMIT)), key=lambda p: (name_key(p), p.id))


def duplicate_groups() -> dict[int, set[int]]:
    """Person id -> ids of other people that look like the same person (same e-mail, or same
    normalised name and party). One light query over all people."""
    by_key: dict[tuple, set[int]] = defaultdict(set)
    for pid, family, given, family_ru, given_ru, party_id, email in db.session.execute(
        select(Person.id, Person.family_name, Person.given_names, Person.family_name_ru, Person.given_names_ru,
               Person.party_id, Person.email)
    ):
        if email.strip():
            by_key[("email", email.strip().lower())].add(pid)
        for name in person_name_keys(family, given, family_ru, given_ru):
            by_key[("name", name, party_id)].add(pid)
    duplicates: dict[int, set[int]] = defaultdict(set)
    for ids in by_key.values():
        if len(ids) > 1:
            for pid in ids:
                duplicates[pid] |= ids - {pid}
    return duplicates


def get_person(person_id: int) -> Person:
    """The person, or NotFoundError (also for a number no id can be)."""
    person = None
    if 0 < person_id <= MAX_ID:
        person = db.session.scalar(select(Person).where(Person.id == person_id).options(joinedload(Person.party)))
    if person is None:
        raise NotFoundError()
    mark_private()
    return person


def person_registrations(person: Person) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.person_id == person.id)
        .options(joinedload(Registration.meeting)).join(Registration.meeting).order_by(Meeting.starts_at.desc())
    ))


@operation
def update_person(person: Person, value: PersonInput, user) -> Person:
    """Change a person's data (personal data only by the Secretariat) and party: what ``value``
    gives; a field it does not give (KEEP) stays as it is."""
    values = person_values(value, user.is_secretariat)
    check_names(values, person)
    if value.party_id is not KEEP:
        values["party_id"] = value.party_id
    changes = person_changes(person, values)
    for key, new in values.items():
        setattr(person, key, new)
    if changes:
        audit.record(user, "person", "edited", object_id=person.id, meeting_id=None,
                     summary=f"Person {person.display_name}", changes=changes)
    return person
