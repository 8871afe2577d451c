"""One hotel of a name per city

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 17:00:00

A unique index, which SQLite and PostgreSQL add in place (a table constraint would need a batch
rebuild of "hotel" on SQLite, refused by the foreign keys of the room blocks that point at it).
A database holding two hotels of the same name in the same city (possible only through two
requests at the same moment before this) must have one renamed or merged first.
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('uq_hotel_name_en_city', 'hotel', ['name_en', 'city'], unique=True)


def downgrade():
    op.drop_index('uq_hotel_name_en_city', table_name='hotel')
