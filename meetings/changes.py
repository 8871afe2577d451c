"""The change counter: one number that grows with every committed change a feed may show.

Feeds are cached under it (meetings/feeds/cache.py): reading it is one indexed read, and any
change anywhere that can reach a feed (a venue's name, a chair's, a delegation, a registration)
makes the next request build the feed again; when the bytes come out the same, so does the ETag.

It is a deny-list: every table counts unless it is named here as never reaching a feed, so a
new table cannot leave feeds stale. The bump is made late (before the commit) and once per
transaction, so PostgreSQL holds the counter's row lock only for the commit itself.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from meetings.models import ChangeCounter, utcnow

# Tables whose rows never reach a feed: the trail, logins, mail, logistics, photos, the counter.
# feed_token too: a token's last use is written as it is read, and a revoked token is refused
# before any cache is asked; api_token likewise (its last use is written as the API reads).
NEVER_IN_FEEDS = frozenset({
    "change_counter", "audit_entry", "login_session", "outbox_message", "feed_token", "api_token", "person_photo",
    "hotel", "hotel_block", "hotel_assignment", "travel", "visa_letter", "task", "interpreter", "interpretation",
})
# Columns of other tables that no feed shows or depends on, written often: a login is no change,
# nor a file's text extracted for the archive search (a job writes it after each upload).
COLUMNS_NEVER_IN_FEEDS = {"user": frozenset({"last_login_at"}), "document_file": frozenset({"text", "text_state"})}

_CHANGED = "meetings.changes.changed"


@dataclass(frozen=True)
class Stamp:
    """The counter as read: part of every feed's cache key."""

    version: int
    changed_at: datetime | None

    @property
    def key(self) -> str:
        return f"{self.version}@{self.changed_at.isoformat() if self.changed_at else '-'}"


def stamp_columns():
    """The columns to read for a Stamp, to put into another query (a token's, say)."""
    return ChangeCounter.version, ChangeCounter.changed_at


def to_stamp(version: int | None, changed_at: datetime | None) -> Stamp:
    return Stamp(version or 0, changed_at)


_CURRENT = select(ChangeCounter.__table__.c.version, ChangeCounter.__table__.c.changed_at).where(
    ChangeCounter.__table__.c.id == 1)


def current(session: Session) -> Stamp:
    """The counter now (0 before a database's first change, or where tests emptied the tables).
    A Core statement on the session's connection: the cheapest read, in the session's transaction."""
    row = session.connection().execute(_CURRENT).first()
    return to_stamp(*row) if row is not None else Stamp(0, None)


def _reaches_feeds(obj, session: Session) -> bool:
    table = inspect(obj).mapper.local_table.name
    if table in NEVER_IN_FEEDS:
        return False
    ignored = COLUMNS_NEVER_IN_FEEDS.get(table)
    if ignored and obj in session.dirty and obj not in session.new:
        state = inspect(obj)
        return any(attr.key not in ignored and attr.history.has_changes() for attr in state.attrs)
    return True


@event.listens_for(Session, "before_flush")
def _note_flushed_changes(session: Session, _flush_context, _instances) -> None:
    # Before the flush, while new/dirty/deleted and each attribute's history still say what changes.
    if session.info.get(_CHANGED):
        return
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    for obj in (*session.new, *session.deleted, *dirty):
        if _reaches_feeds(obj, session):
            session.info[_CHANGED] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state: ORMExecuteState) -> None:
    """UPDATE/DELETE/INSERT statements run through the session (ends of login sessions, revoked
    tokens of a deactivated user, a restore's deletions) count unless their table never reaches feeds."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in NEVER_IN_FEEDS:
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    # The commit flushes after this hook: flush now, so what is pending is noted too.
    if session.new or session.deleted or session.dirty:
        session.flush()
    if not session.info.pop(_CHANGED, False):
        return
    # One plain statement on the session's connection (no ORM hooks, no bump of the bump); the
    # row is made by the first change of a database, so an empty database stays empty.
    connection = session.connection()
    table = ChangeCounter.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    now = utcnow()
    connection.execute(
        dialect.insert(table).values(id=1, version=1, changed_at=now)
        .on_conflict_do_update(index_elements=[table.c.id], set_={"version": table.c.version + 1, "changed_at": now})
    )


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction: SessionTransaction) -> None:
    # Rolled back or closed: what was noted never happened.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
