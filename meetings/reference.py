"""Reference data: parties and meeting types, loaded from the CSV files in meetings/data/."""

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from sqlalchemy import select

from meetings.extensions import db
from meetings.i18n import LocalizedText, current_language, language_name, localized
from meetings.models import MeetingType, Party, PartyKind
from meetings.transaction import operation

DATA_DIR = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def party_rows() -> list[dict]:
    """Parties with names filled in: CSV overrides first, then CLDR names for states."""
    en, ru = Locale("en"), Locale("ru")
    rows = []
    for row in _rows("parties.csv"):
        kind = PartyKind(row["kind"])
        is_state = kind in (PartyKind.MEMBER_STATE, PartyKind.OBSERVER_STATE)
        rows.append(
            {
                "code": row["code"],
                "kind": kind,
                "joined_year": int(row["joined_year"]) if row["joined_year"] else None,
                "name_en": row["name_en"] or (en.territories[row["code"]] if is_state else ""),
                "name_ru": row["name_ru"] or (ru.territories[row["code"]] if is_state else ""),
                "language": row["language"] or "en",
            }
        )
    return rows


def _create_missing(model, rows: list[dict]) -> int:
    # Existing rows are left alone: organizers may have edited names since the first seed.
    existing = set(db.session.scalars(select(model.code)))
    new = [model(**row) for row in rows if row["code"] not in existing]
    db.session.add_all(new)
    return len(new)


RETENTION_COLUMNS = ("passport_retention_days", "birth_date_retention_days", "phone_retention_days")
FORMER_COLUMNS = ("former_name_en", "former_name_ru", "renamed_on")
NAME_COLUMNS = ("name_en", "name_ru", "body_en", "body_ru")

# Names an earlier seed gave, before the glossary (translations/GLOSSARY.md): a type still named
# so was never edited by an organizer, and re-running the seed gives it the name of the CSV.
SUPERSEDED_NAMES = {
    "Совет министров", "Неформальное заседание Совета министров", "Комитет старших должностных лиц",
    "Специальная рабочая группа", "Совет министров иностранных дел",
}


def meeting_type_rows() -> list[dict]:
    return [
        {k: (int(v) if k == "sort_order" or k in RETENTION_COLUMNS else v) for k, v in row.items()
         if k not in FORMER_COLUMNS}
        for row in _rows("meeting_types.csv")
    ]


@cache
def _former_names() -> dict[str, tuple[str, str, date]]:
    return {row["code"]: (row["former_name_en"], row["former_name_ru"], date.fromisoformat(row["renamed_on"]))
            for row in _rows("meeting_types.csv") if row["renamed_on"]}


def type_name(meeting, lang: str | None = None) -> LocalizedText:
    """The meeting's type as named at the time of the meeting: the 6th Ministerial meeting of
    2021 is a «Совещание министров иностранных дел», not a Council (renamed in 2022)."""
    lang = lang or current_language()
    former = _former_names().get(meeting.type.code)
    if former and meeting.starts_at is not None and meeting.starts_at.date() < former[2]:
        return LocalizedText(former[0] if lang == "en" else former[1], lang, False)
    return localized(meeting.type, "name", lang)


def names_its_type(meeting, lang: str | None = None) -> bool:
    """Whether the meeting's title already names its type: «Заседание Комитета старших должностных
    лиц (КСДЛ) СВМДА» names «Комитет старших должностных лиц (КСДЛ)» (by its abbreviation, whatever
    the case of the words), "7th CICA Summit" names "Summit"; a page then does not print it twice."""
    lang = lang or current_language()
    kind, title = str(type_name(meeting, lang)).casefold(), str(localized(meeting, "title", lang)).casefold()
    abbreviations = re.findall(r"\(([^)]+)\)", kind)
    return bool(kind) and (kind in title or any(f"({a})" in title for a in abbreviations))


def _rename(rows: list[dict]) -> int:
    """Names of the CSV for types that still carry a superseded seed name; returns how many."""
    by_code = {row["code"]: row for row in rows}
    renamed = 0
    for mtype in db.session.scalars(select(MeetingType)):
        row = by_code.get(mtype.code)
        stale = [c for c in NAME_COLUMNS if row and getattr(mtype, c) in SUPERSEDED_NAMES and getattr(mtype, c) != row[c]]
        for column in stale:
            setattr(mtype, column, row[column])
        renamed += bool(stale)
    return renamed


def _fill_retention(rows: list[dict]) -> int:
    """Retention periods for meeting types that have none (a database from before they existed);
    a period set since is kept, like every other edit. Returns how many types got one."""
    by_code = {row["code"]: row for row in rows}
    filled = 0
    for mtype in db.session.scalars(select(MeetingType)):
        row = by_code.get(mtype.code)
        missing = [c for c in RETENTION_COLUMNS if getattr(mtype, c) is None and row is not None]
        for column in missing:
            setattr(mtype, column, row[column])
        filled += bool(missing)
    return filled


@operation
def seed() -> int:
    """Create the parties and meeting types that are missing, give meeting types their missing
    retention periods and their glossary names; returns how many rows were created or completed."""
    types = meeting_type_rows()
    return (_create_missing(Party, party_rows()) + _create_missing(MeetingType, types) + _fill_retention(types)
            + _rename(types))


def nationality_name(text: str | None, lang: str | None = None) -> str:
    """A nationality as typed, or, where it is the name of a party in either language ("Kazakhstan",
    «Казахстан»), that party's name in ``lang``: a Russian letter says «Гражданство: Казахстан»."""
    lang = lang or current_language()
    typed = " ".join((text or "").split())
    folded = typed.casefold()
    if not folded:
        return typed
    # Compared in Python: SQLite's lower() folds ASCII only, and the parties are a few dozen.
    party = next((p for p in db.session.scalars(select(Party).order_by(Party.id))
                  if folded in (p.name_en.casefold(), (p.name_ru or "").casefold())), None)
    return localized(party, "name", lang).text if party is not None else typed


def language_names(codes: str | None, lang: str | None = None) -> str:
    """Languages typed as codes ("en, ru") by their names in ``lang``: «английский, русский»; a
    word that is not a language code stays as typed."""
    return ", ".join(language_name(code, lang) for code in re.split(r"[,;\s]+", codes or "") if code)


def init_app(app) -> None:
    app.jinja_env.globals.update(type_name=type_name, names_its_type=names_its_type, nationality_name=nationality_name,
                                 language_names=language_names)
