"""CSV import and CSV/XLSX export of participants.

Import: the whole file is checked first; if any row is wrong nothing is imported and every bad
row is reported with its line number. Export: through meetings/spreadsheets.py, whose cells never
start a formula.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.extensions import db
from meetings.i18n import localized
from meetings.labels import label
from meetings.models import Party, Person, RegistrationRole
from meetings.names import is_cyrillic, translate_honorific
from meetings.participants.access import Access, require_manager
from meetings.participants.delegations import meeting_delegations
from meetings.participants.inputs import KEEP, RegistrationInput
from meetings.participants.people import NAME_PAIRS, find_person, name_problems, person_name_keys
from meetings.participants.registrations import register, registration_of, update_registration
from meetings.spreadsheets import csv_bytes, xlsx_bytes
from meetings.text import CONTROL_CHARACTERS
from meetings.transaction import operation

# A participants file of thousands of people is far below this; larger is a mistake.
MAX_IMPORT_BYTES = 2 * 1024 * 1024

REQUIRED_COLUMNS = ("party", "family_name", "given_names", "role")
OPTIONAL_COLUMNS = (
    "family_name_ru", "given_names_ru", "honorific", "printed_name", "printed_name_ru", "position_en", "position_ru", "email", "phone", "languages",
    "ministerial_level", "dietary_needs", "accessibility_needs",
    "passport_number", "passport_expiry", "nationality", "date_of_birth",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
DATE_COLUMNS = ("passport_expiry", "date_of_birth")
YES = {"yes", "y", "true", "1", "да"}
NO = {"no", "n", "false", "0", "нет", ""}

TEMPLATE_EXAMPLE = {
    "party": "KZ", "family_name": "Abenov", "given_names": "Nurlan", "role": "head_of_delegation",
    "family_name_ru": "Абенов", "given_names_ru": "Нурлан",
    "honorific": "H.E. Mr.", "printed_name": "", "printed_name_ru": "",
    "position_en": "Deputy Minister of Foreign Affairs", "position_ru": "Заместитель министра иностранных дел",
    "email": "n.abenov@mfa.example.kz", "phone": "+7 7172 00 00 00", "languages": "en, ru",
    "ministerial_level": "yes", "dietary_needs": "", "accessibility_needs": "",
    "passport_number": "N12345678", "passport_expiry": "2030-05-31", "nationality": "Kazakhstan",
    "date_of_birth": "1970-01-15",
}


def column_docs() -> list[tuple[str, bool, str]]:
    """(column, required, what it holds) for the import page."""
    roles = ", ".join(r.value for r in RegistrationRole)
    texts = {
        "party": _("Code of the party: ISO code of a state (KZ, CN) or acronym of an organisation (UN, CICA). "
                   "The party must be invited to the meeting."),
        "family_name": _("Family name in Latin letters, as in the passport (may be empty if family_name_ru "
                         "is given). A name in Cyrillic here is read as family_name_ru when that is empty."),
        "given_names": _("Given names in Latin letters, as in the passport. A name in Cyrillic here is read as "
                         "given_names_ru when that is empty."),
        "family_name_ru": _("Family name in Cyrillic."),
        "given_names_ru": _("Given names in Cyrillic."),
        "role": _("One of: %(roles)s.", roles=roles),
        "honorific": _("H.E. Mr., Ms., Dr., ..."),
        "printed_name": _("Name as to be printed on the list and the badge (English), only if not "
                          "“Given names Family name”."),
        "printed_name_ru": _("Name as to be printed (Russian), only if not “Given names Family name”."),
        "position_en": _("Title or position (English)."),
        "position_ru": _("Title or position (Russian)."),
        "email": _("E-mail address; a person already known with this e-mail is not created again."),
        "phone": _("Phone number."),
        "languages": _("Languages spoken, e.g. en, ru."),
        "ministerial_level": _("yes or no (blank: no)."),
        "dietary_needs": _("Dietary needs."),
        "accessibility_needs": _("Accessibility needs."),
        "passport_number": _("Passport number (for visa letters)."),
        "passport_expiry": _("Passport expiry date, YYYY-MM-DD."),
        "nationality": _("Nationality."),
        "date_of_birth": _("Date of birth, YYYY-MM-DD."),
    }
    return [(c, c in REQUIRED_COLUMNS, texts[c]) for c in COLUMNS]


def template_csv() -> bytes:
    out = io.StringIO()
    # Our own example, not stored data: written as typed, not through meetings/spreadsheets.py (its
    # guard would put an apostrophe into the phone number, which an import of the template keeps).
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(TEMPLATE_EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


@dataclass
class ImportRow:
    line: int
    party: Party
    input: RegistrationInput


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line, reason); None: whole file

    @property
    def ok(self) -> bool:
        return not self.errors


def _max_length(name: str) -> int | None:
    return getattr(Person.__table__.c[name].type, "length", None)


def cyrillic_names_in_place(values: dict[str, str]) -> dict[str, str]:
    """A spreadsheet typed in Russian puts Cyrillic names in the Latin columns: each is read as the
    Cyrillic name when its Cyrillic column is empty (the column help says so); a Latin column
    holding Cyrillic beside a filled Cyrillic one is left to be refused."""
    values = dict(values)
    for latin, cyrillic in NAME_PAIRS:
        if is_cyrillic(values.get(latin, "")) and not values.get(cyrillic, "").strip():
            values[cyrillic], values[latin] = values[latin], ""
    return values


def _check_row(values: dict[str, str], parties: dict[str, Party], invited: set[int]) -> tuple[dict, list[str]]:
    errors, data = [], {}
    code = values.get("party", "").strip()
    party = parties.get(code.upper())
    if not code:
        errors.append(_("party is empty"))
    elif party is None:
        errors.append(_("unknown party code “%(code)s”", code=code))
    elif party.id not in invited:
        errors.append(_("party %(code)s is not invited to this meeting", code=party.code))
    data["party"] = party
    values = cyrillic_names_in_place(values)
    for column, problem in name_problems(values):
        errors.append(f"{column}: {problem}")
    role = values.get("role", "").strip().lower()
    try:
        data["role"] = RegistrationRole(role)
    except ValueError:
        errors.append(_("unknown role “%(role)s”", role=role))
    level = values.get("ministerial_level", "").strip().lower()
    if level not in YES | NO:
        errors.append(_("ministerial_level must be yes or no"))
    data["ministerial_level"] = level in YES
    for name in OPTIONAL_COLUMNS + ("family_name", "given_names"):  # the Cyrillic names are optional columns
        if name == "ministerial_level":
            continue
        raw = values.get(name, "")
        if CONTROL_CHARACTERS.search(raw.replace("\t", " ")):
            errors.append(_("%(column)s contains invisible control characters", column=name))
        value = " ".join(raw.split())
        if name in DATE_COLUMNS:
            try:
                data[name] = date.fromisoformat(value) if value else None
            except ValueError:
                errors.append(_("%(column)s “%(value)s” is not a date YYYY-MM-DD", column=name, value=value[:20]))
            continue
        limit = _max_length(name)
        if limit and len(value) > limit:
            errors.append(_("%(column)s is longer than %(max)d characters", column=name, max=limit))
        if name == "email" and value:
            try:
                validate_email(value, check_deliverability=False)
            except EmailNotValidError:
                errors.append(_("“%(value)s” is not a valid e-mail address", value=value[:60]))
            value = value.lower()
        data[name] = value
    return data, errors


def check_file(raw: bytes, access: Access) -> ImportCheck:
    """Read and check every row; nothing is written."""
    check = ImportCheck()
    if len(raw) > MAX_IMPORT_BYTES:
        check.errors.append((None, _("The file is larger than %(mb)d MB. Split it into smaller files.",
                                     mb=MAX_IMPORT_BYTES // (1024 * 1024))))
        return check
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        check.errors.append((None, _("The file is not in UTF-8. Save it as “CSV UTF-8” and try again.")))
        return check
    if not text.strip():
        check.errors.append((None, _("The file is empty.")))
        return check
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","  # Excel in Russian uses ;
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        unknown = [h for h in header if h not in COLUMNS]
        if missing:
            check.errors.append((1, _("missing columns: %(columns)s", columns=", ".join(missing))))
        if unknown:
            check.errors.append((1, _("unknown columns: %(columns)s", columns=", ".join(h or '""' for h in unknown))))
        if len(set(header)) != len(header):
            check.errors.append((1, _("a column appears twice")))
        if check.errors:
            return check
        parties = {p.code.upper(): p for p in db.session.scalars(select(Party))}
        invited = {d.party_id for d in meeting_delegations(access.meeting, "en")}
        seen: dict[tuple, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                check.errors.append((line, _("%(found)d values where the header has %(expected)d",
                                             found=len(cells), expected=len(header))))
                continue
            data, errors = _check_row(dict(zip(header, cells, strict=True)), parties, invited)
            if not errors:
                party = data["party"]
                keys = [("name", name, party.id) for name in sorted(person_name_keys(
                    data["family_name"], data["given_names"], data.get("family_name_ru", ""),
                    data.get("given_names_ru", "")))]
                if data.get("email"):
                    keys.append(("email", data["email"]))
                for key in keys:
                    if key in seen:
                        errors.append(_("same person as line %(line)d", line=seen[key]))
                        break
                for key in keys:
                    seen.setdefault(key, line)
                if data["role"] is RegistrationRole.HEAD_OF_DELEGATION:
                    head_key = ("head", party.id)
                    if head_key in seen:
                        errors.append(_("a second head of delegation for %(code)s (line %(line)d)",
                                        code=party.code, line=seen[head_key]))
                    seen.setdefault(head_key, line)
            if errors:
                check.errors.append((line, "; ".join(errors)))
            else:
                check.rows.append(ImportRow(line, data.pop("party"), RegistrationInput(**data)))
    except csv.Error as error:
        check.errors.append((reader.line_num, _("the file is not valid CSV (%(error)s)", error=str(error))))
    if not check.errors and not check.rows:
        check.errors.append((None, _("The file has no participants.")))
    return check


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@operation
def import_rows(access: Access, check: ImportCheck) -> ImportResult:
    """Register every checked row in one transaction (organizers only): a row the rules refuse
    leaves nothing of the file behind. A person already registered for the meeting is updated,
    not registered again, so importing the same file twice changes nothing."""
    assert check.ok
    require_manager(access)
    result = ImportResult()
    for row in check.rows:
        value = row.input
        email = "" if value.email is KEEP else value.email
        person = find_person(row.party.id, email, value.family_name, value.given_names,
                             family_name_ru="" if value.family_name_ru is KEEP else value.family_name_ru,
                             given_names_ru="" if value.given_names_ru is KEEP else value.given_names_ru)
        registration = registration_of(access.meeting, person) if person is not None else None
        if registration is None:
            register(access, value, person=person, party_id=row.party.id)
            result.created += 1
        else:
            update_registration(access, registration, value, fill_only=True)
            result.updated += 1
    return result


# --- export ----------------------------------------------------------------------------------

def export_columns(access: Access, lang: str) -> list[tuple[str, callable]]:
    """What each role may take away: contact details of one's own people, personal data only
    for the Secretariat."""
    def party(r):
        return str(localized(r.person.party, "name", lang)) if r.person.party else ""

    columns = [
        (_("Party"), party),
        (_("Honorific"), lambda r: translate_honorific(r.person.honorific, lang, formal=True)),
        (_("Family name"), lambda r: r.person.family_name),
        (_("Given names"), lambda r: r.person.given_names),
        (_("Family name (Cyrillic)"), lambda r: r.person.family_name_ru),
        (_("Given names (Cyrillic)"), lambda r: r.person.given_names_ru),
        (_("Printed name"), lambda r: r.person.printed_name),
        (_("Printed name (Russian)"), lambda r: r.person.printed_name_ru),
        (_("Position"), lambda r: str(localized(r.person, "position", lang))),
        (_("Role"), lambda r: label(r.role)),
        (_("Ministerial level"), lambda r: _("yes") if r.ministerial_level else _("no")),
        (_("Status"), lambda r: label(r.status)),
        (_("Badge"), lambda r: r.badge_number),
        (_("E-mail"), lambda r: r.person.email),
        (_("Languages"), lambda r: r.person.languages),
        (_("Dietary needs"), lambda r: r.person.dietary_needs),
        (_("Accessibility needs"), lambda r: r.person.accessibility_needs),
    ]
    if access.sees_private:
        columns += [
            (_("Phone"), lambda r: r.person.phone),
            (_("Nationality"), lambda r: r.person.nationality),
            (_("Passport number"), lambda r: r.person.passport_number),
            (_("Passport expiry"), lambda r: r.person.passport_expiry.isoformat() if r.person.passport_expiry else ""),
            (_("Date of birth"), lambda r: r.person.date_of_birth.isoformat() if r.person.date_of_birth else ""),
        ]
    return columns


def _table(access: Access, rows, lang: str) -> list[list]:
    columns = export_columns(access, lang)
    table = [[str(title) for title, _get in columns]]
    table += [[get(r) for _title, get in columns] for r in rows]
    return table


def export_csv(access: Access, rows, lang: str) -> bytes:
    return csv_bytes(_table(access, rows, lang))


def export_xlsx(access: Access, rows, lang: str) -> bytes:
    return xlsx_bytes(_table(access, rows, lang), title=_("Participants"))
