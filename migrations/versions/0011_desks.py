"""Delegation level and badge photos (filled by the desks part of issue 15)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:40:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
