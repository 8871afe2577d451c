"""Backup and restore: every row of every table as JSON, restored exactly, on SQLite and PostgreSQL.

The file holds a format version, the Alembic revision of the schema it was read from, and the
tables in the order their foreign keys need (``data_tables()``), each with its column
names and its rows (by primary key, so two backups of the same data are the same bytes). Values
keep their type: instants as ISO 8601 with their offset, dates and times as ISO 8601, enums by their
stored value, JSON columns as JSON, bytes in base64. A restore goes into an empty database at the
same revision, in one transaction: it writes everything or nothing. It is not audited: the audit
trail is among the data it puts back, as it was.
"""

import base64
import enum
import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import Column, Table, exists, select, text
from sqlalchemy.exc import SQLAlchemyError

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.transaction import transaction

FORMAT = "cica-meetings-backup"
FORMAT_VERSION = 1
CHUNK = 1000  # rows per INSERT


# --- values ------------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """A column's value as JSON can hold it without loss (its column's type says how to read it back)."""
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()  # an aware instant keeps its offset (+00:00)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"no backup encoding for {type(value).__name__}")


def _plain(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        # bool is an int in Python; an id of True would be a bug, not data.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    return check


def decoder(column: Column) -> Callable[[Any], Any]:
    """How to read ``column``'s values back from the file (None stays None)."""
    try:  # a TypeDecorator (UTCDateTime) reads and writes as the type it wraps
        kind = getattr(column.type, "impl_instance", column.type).python_type
    except NotImplementedError:
        return lambda value: value
    for base, read in ((datetime, datetime.fromisoformat), (date, date.fromisoformat), (time, time.fromisoformat),
                       (Decimal, Decimal), (bytes, base64.b64decode), (enum.Enum, kind)):
        if issubclass(kind, base):
            return read
    if kind in (bool, int, float, str):
        return _plain(kind)
    return lambda value: value  # JSON columns: already JSON


# --- backup ------------------------------------------------------------------------------------


def schema_revision() -> str | None:
    """The Alembic revision the database is at (None: never migrated)."""
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def _rows(table: Table) -> list[list[Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = db.session.execute(select(*table.columns).order_by(*order))
    return [[encode(value) for value in row] for row in result]


def backup_data() -> dict[str, Any]:
    """Every table's rows, read in one snapshot where the database offers one."""
    if db.engine.dialect.name == "postgresql":  # one consistent view while others write
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    tables = [{"name": table.name, "columns": [column.name for column in table.columns], "rows": _rows(table)}
              for table in data_tables()]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "revision": schema_revision(), "tables": tables}


def write_backup(path: str | os.PathLike) -> dict[str, int]:
    """Write the backup to ``path`` (whole or not at all); the number of rows per table."""
    data = backup_data()
    target = Path(path)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent or ".", suffix=".part",
                                     delete=False) as out:
        json.dump(data, out, ensure_ascii=False, sort_keys=True, indent=1)
        out.write("\n")
    os.replace(out.name, target)
    return {table["name"]: len(table["rows"]) for table in data["tables"]}


# --- restore -----------------------------------------------------------------------------------


def read_backup(path: str | os.PathLike) -> dict[str, Any]:
    """The file's content, checked for shape: a clear refusal, never a traceback."""
    try:
        with open(path, encoding="utf-8") as source:
            data = json.load(source)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RuleError(f"{path} is not a readable backup file: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RuleError(f"{path} is not a CICA Meetings backup (no \"format\": \"{FORMAT}\").")
    if data.get("format_version") != FORMAT_VERSION:
        raise RuleError(f"{path} has backup format {data.get('format_version')!r}; this version of the "
                        f"application reads format {FORMAT_VERSION} only.")
    tables = data.get("tables")
    if not isinstance(data.get("revision"), str) or not isinstance(tables, list):
        raise RuleError(f"{path} is incomplete: it needs a \"revision\" and a list of \"tables\".")
    for table in tables:
        if not (isinstance(table, dict) and isinstance(table.get("name"), str)
                and isinstance(table.get("columns"), list) and isinstance(table.get("rows"), list)
                and all(isinstance(row, list) and len(row) == len(table["columns"]) for row in table["rows"])):
            raise RuleError(f"{path} is malformed: every table needs a name, columns and rows of as many values.")
    return data


def _check_revision(revision: str) -> None:
    current = schema_revision()
    if current is None:
        raise RuleError("The database has no schema yet: run `flask --app wsgi db upgrade` first, then restore.")
    if revision == current:
        return
    scripts = ScriptDirectory(current_app.extensions["migrate"].directory)
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise RuleError(f"The backup comes from schema revision {revision!r}, which this version of the application "
                        "does not know (a newer one?): restore it with the version that wrote it.")
    raise RuleError(f"The backup is at schema revision {revision!r}, the database at {current!r}: restore into a "
                    f"database migrated to {revision!r} (`flask --app wsgi db upgrade {revision}`), then upgrade it.")


def _decoded(read: Callable[[Any], Any], value: Any) -> Any:
    return None if value is None else read(value)


def _tables_of(data: dict[str, Any]) -> list[tuple[Table, list[dict[str, Any]]]]:
    """The file's tables as the schema's, with their rows decoded; refused if they differ."""
    schema = {table.name: table for table in data_tables()}
    named = {table["name"]: table for table in data["tables"]}
    if set(named) != set(schema):
        raise RuleError(f"The backup's tables differ from the schema's (missing: {sorted(set(schema) - set(named))}, "
                        f"unknown: {sorted(set(named) - set(schema))}).")
    loaded = []
    for table in data_tables():
        columns = named[table.name]["columns"]
        if sorted(columns) != sorted(table.columns.keys()):
            raise RuleError(f"The backup's columns of {table.name} differ from the schema's.")
        reads = [decoder(table.columns[name]) for name in columns]
        try:
            rows = [{name: _decoded(read, value) for name, read, value in zip(columns, reads, row, strict=True)}
                    for row in named[table.name]["rows"]]
        except (ValueError, TypeError) as error:
            raise RuleError(f"The backup has a value that does not fit its column in {table.name}: {error}") from error
        loaded.append((table, rows))
    return loaded


def data_tables() -> list[Table]:
    """Every table but the change counter: a cache key, not data (a restore moves it on, never back)."""
    return [table for table in db.metadata.sorted_tables if table.name != "change_counter"]


def _is_empty() -> bool:
    return not any(db.session.scalar(select(exists().select_from(table))) for table in data_tables())


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences, which rows inserted with their ids do not move."""
    quote = db.engine.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        columns = list(table.primary_key.columns)
        if len(columns) == 1 and columns[0].type.python_type is int:  # no sequence: setval(NULL) does nothing
            column = columns[0]
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                     f"COALESCE(MAX({quote.quote(column.name)}), 0) + 1, false) FROM {quote.format_table(table)}"),
                {"table": quote.format_table(table), "column": column.name},
            )


def restore(path: str | os.PathLike, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into this database, all or nothing; the number of rows per table."""
    data = read_backup(path)
    with transaction():
        _check_revision(data["revision"])
        tables = _tables_of(data)
        if not _is_empty():
            if not replace:
                raise RuleError("The database is not empty: restore only into an empty database, or pass --replace "
                                "to delete everything in it first.")
            for table in reversed(data_tables()):
                db.session.execute(table.delete())
        try:
            for table, rows in tables:
                for start in range(0, len(rows), CHUNK):
                    db.session.execute(table.insert(), rows[start:start + CHUNK])
        except SQLAlchemyError as error:
            raise RuleError(f"The backup's rows do not fit the database: {error.__class__.__name__}: "
                            f"{str(getattr(error, 'orig', error)).splitlines()[0]}") from error
        if db.engine.dialect.name == "postgresql":
            _reset_sequences()
    return {table.name: len(rows) for table, rows in tables}

