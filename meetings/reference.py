"""Reference data: parties and meeting types, loaded from the CSV files in meetings/data/."""

import csv
from pathlib import Path

from babel import Locale
from sqlalchemy import select

from meetings.extensions import db
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


@operation
def seed() -> int:
    """Create the parties and meeting types that are missing; returns how many were created."""
    types = [
        {k: (int(v) if k == "sort_order" else v) for k, v in row.items()} for row in _rows("meeting_types.csv")
    ]
    return _create_missing(Party, party_rows()) + _create_missing(MeetingType, types)
