"""updated_at on venue, room, meeting_type and party, for feed ETags

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00.000000

Feeds show the names of venues, rooms, meeting types and parties, so a feed's ETag must move
when one of them is renamed (meetings/feeds/scopes.py::fingerprint).

Existing rows get the time of the upgrade: when they last changed is unknown, and a stamp newer
than any feed a client holds makes every client fetch the feed once more, which is right.

SQLite can make a column NOT NULL only by copying the table, and with foreign keys enforced
(meetings/extensions.py) dropping the old ``venue`` or ``party`` would cascade to rooms or fail
on meetings. So on SQLite the column is added NOT NULL with the upgrade time as a constant
default, which stays in SQLite's schema (the application always writes the value itself);
PostgreSQL alters in place and drops the default again.
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ('venue', 'room', 'meeting_type', 'party')


def upgrade():
    now = datetime.now(UTC)
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # The text UTCDateTime stores on SQLite (naive UTC), an ISO instant elsewhere.
    stamp = now.strftime('%Y-%m-%d %H:%M:%S.%f') if sqlite else now.isoformat()
    for table in TABLES:
        op.add_column(table, sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False,
                                       server_default=sa.text(f"'{stamp}'")))
        if not sqlite:
            op.alter_column(table, 'updated_at', server_default=None)


def downgrade():
    for table in reversed(TABLES):
        op.drop_column(table, 'updated_at')
