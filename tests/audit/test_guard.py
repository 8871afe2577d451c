"""The trail is only ever added to: every session refuses to change or delete an entry."""

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from meetings.audit import AuditEntryChangeError
from meetings.extensions import db
from meetings.models import AuditEntry
from tests.audit.conftest import add_entry


@pytest.fixture
def entry(app_context):
    entry = add_entry("Recorded once", reason="As it was")
    db.session.commit()
    return entry


def _stored(entry_id: int) -> tuple[str, str] | None:
    db.session.rollback()
    return db.session.execute(select(AuditEntry.summary, AuditEntry.reason).where(AuditEntry.id == entry_id)).first()


def test_an_entry_cannot_be_changed(entry):
    entry_id = entry.id
    entry.summary = "Rewritten"
    with pytest.raises(AuditEntryChangeError):
        db.session.commit()
    assert tuple(_stored(entry_id)) == ("Recorded once", "As it was")


def test_an_entry_cannot_be_deleted(entry):
    entry_id = entry.id
    db.session.delete(entry)
    with pytest.raises(AuditEntryChangeError):
        db.session.flush()
    assert _stored(entry_id) is not None


@pytest.mark.parametrize("statement", [
    update(AuditEntry).values(reason="Rewritten"),
    delete(AuditEntry),
], ids=["bulk update", "bulk delete"])
def test_bulk_statements_cannot_change_the_trail(entry, statement):
    with pytest.raises(AuditEntryChangeError):
        db.session.execute(statement)
    assert tuple(_stored(entry.id)) == ("Recorded once", "As it was")


def test_a_session_of_its_own_is_refused_too(entry):
    # Services open sessions of their own (a stale form's reader): the guard is on every session.
    with Session(db.engine) as other:
        other.get(AuditEntry, entry.id).reason = "Rewritten"
        with pytest.raises(AuditEntryChangeError):
            other.commit()
    assert tuple(_stored(entry.id)) == ("Recorded once", "As it was")


def test_entries_are_still_added_and_read(entry):
    add_entry("Another")
    db.session.commit()
    assert db.session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)).all() == ["Recorded once", "Another"]
