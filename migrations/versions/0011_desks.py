"""Delegation level and badge photos (filled by the desks part of issue 15)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:40:00

Kept data: every delegation keeps its reply and head, with no level until its party says one.
The delegation table is pointed at by registrations: its column is added with a plain ALTER
TABLE (its check with it), since a batch rebuild on SQLite would be refused by the enforced
foreign keys. Downgrading drops the photos (nothing older can hold them) and the levels.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

LEVELS = ('head_of_state', 'head_of_government', 'minister', 'deputy_minister', 'ambassador', 'other')


def upgrade():
    levels = ', '.join(f"'{level}'" for level in LEVELS)
    op.execute("ALTER TABLE delegation ADD COLUMN level VARCHAR(32) "
               f"CONSTRAINT ck_delegation_delegation_level CHECK (level IN ({levels}))")
    op.create_table('person_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name=op.f('ck_person_photo_content_type')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_photo_person_id_person'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_person_photo_updated_by_id_user'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_photo')),
    sa.UniqueConstraint('person_id', name=op.f('uq_person_photo_person_id'))
    )


def downgrade():
    op.drop_table('person_photo')
    op.drop_column('delegation', 'level')  # its check goes with it (SQLite 3.35 or later drops columns)
