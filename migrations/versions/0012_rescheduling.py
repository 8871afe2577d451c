"""A postponed meeting moved to new dates (filled by the rescheduling part of issue 15)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 19:40:00

Until now a meeting moved to new dates stayed "postponed" there, and calendars showed it as
"POSTPONED:" and tentative at dates that were in fact fixed. From now on only a meeting postponed
until further notice (no new dates) is postponed; a moved one is planned or confirmed at its new
dates and remembers the local dates it was moved from.

Every meeting in status postponed had been moved to new dates (that was the only way to postpone),
so the upgrade makes each planned, with the dates it was moved from read from its last
'meeting.postponed' audit entry when that entry has them (old start, end and zone), and raises its
SEQUENCE and its sessions' so that calendars drop the "POSTPONED:" prefix. The downgrade gives the
meetings moved to new dates and still planned their old status back; the dates they were moved
from go with the columns (the audit entries keep them).
"""
import json
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

# The zone rules of PyPI tzdata, as everywhere else (a system's older data has Kazakhstan at UTC+6).
from calendar_export.zones import load_zone

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _local_dates(changes, fallback_zone):
    """The local first and last day of the old [start, end) of a postponement's changes, or None."""
    try:
        old_start, old_end = changes["starts_at"][0], changes["ends_at"][0]
        zone = changes["timezone"][0] if isinstance(changes.get("timezone"), list) else fallback_zone
        tz = load_zone(zone or fallback_zone)
        start = datetime.fromisoformat(old_start).astimezone(tz)
        end = datetime.fromisoformat(old_end).astimezone(tz)
    except (KeyError, IndexError, TypeError, ValueError):  # an entry without old dates: nothing to derive
        return None
    if end.time() == time(0):  # an end at midnight belongs to the day before (meetings.timeutil.local_dates)
        end -= timedelta(microseconds=1)
    return start.date(), end.date()


def _raise_sequences(conn, meeting_ids):
    for meeting_id in meeting_ids:
        conn.execute(sa.text("UPDATE meeting SET sequence = sequence + 1, version = version + 1, "
                             "updated_at = CURRENT_TIMESTAMP WHERE id = :id"), {"id": meeting_id})
        conn.execute(sa.text("UPDATE agenda_item SET sequence = sequence + 1 WHERE meeting_id = :id"),
                     {"id": meeting_id})


def upgrade():
    # Plain ADD COLUMN on both databases: a batch rebuild of "meeting" on SQLite would be refused by
    # the foreign keys of every table that points at it.
    op.add_column('meeting', sa.Column('rescheduled_from_start', sa.Date(), nullable=True))
    op.add_column('meeting', sa.Column('rescheduled_from_end', sa.Date(), nullable=True))
    conn = op.get_bind()
    postponed = conn.execute(sa.text("SELECT id, timezone FROM meeting WHERE status = 'postponed'")).all()
    for meeting_id, zone in postponed:
        changes = conn.execute(sa.text(
            "SELECT changes FROM audit_entry WHERE object_type = 'meeting' AND object_id = :id "
            "AND action = 'meeting.postponed' ORDER BY at DESC, id DESC"), {"id": meeting_id}).scalar()
        if isinstance(changes, str):  # JSON comes back as text from SQLite
            changes = json.loads(changes)
        dates = _local_dates(changes or {}, zone)
        conn.execute(sa.text("UPDATE meeting SET status = 'planned', rescheduled_from_start = :start, "
                             "rescheduled_from_end = :end WHERE id = :id").bindparams(
                                 sa.bindparam("start", type_=sa.Date()), sa.bindparam("end", type_=sa.Date())),
                     {"id": meeting_id, "start": dates[0] if dates else None, "end": dates[1] if dates else None})
    _raise_sequences(conn, [meeting_id for meeting_id, _zone in postponed])


def downgrade():
    conn = op.get_bind()
    moved = conn.execute(sa.text("SELECT id FROM meeting WHERE status = 'planned' "
                                 "AND rescheduled_from_start IS NOT NULL")).scalars().all()
    for meeting_id in moved:
        conn.execute(sa.text("UPDATE meeting SET status = 'postponed' WHERE id = :id"), {"id": meeting_id})
    _raise_sequences(conn, moved)
    op.drop_column('meeting', 'rescheduled_from_end')
    op.drop_column('meeting', 'rescheduled_from_start')
