"""Retention periods of personal data per meeting type

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 04:00:00

"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COLUMNS = ('passport_retention_days', 'birth_date_retention_days', 'phone_retention_days')


def upgrade():
    # Null until `flask --app wsgi seed` fills them from meetings/data/meeting_types.csv (the seed
    # fills only nulls, so a period an organizer set is kept); nothing is purged before. One ALTER
    # TABLE per column with its check, as in 0004: a batch rebuild of the table on SQLite would be
    # refused by its enforced foreign keys (meetings of the type).
    for column in COLUMNS:
        op.execute(f"ALTER TABLE meeting_type ADD COLUMN {column} INTEGER "
                   f"CONSTRAINT ck_meeting_type_{column} CHECK ({column} IS NULL OR {column} >= 0)")


def downgrade():
    for column in COLUMNS:
        op.drop_column('meeting_type', column)
