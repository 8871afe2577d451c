"""Names in both languages: rooms, venue addresses, people (filled by the bilingual-data part of issue 15)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:40:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
