"""The e-mail outbox and reminders sent (filled by the notifications part of issue 15)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 19:40:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
