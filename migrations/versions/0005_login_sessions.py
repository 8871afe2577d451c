"""Login sessions that can end, and passwords an admin reset must change

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00

A login session row stands behind every session and remember cookie (meetings/accounts/sessions.py):
cookies issued before this upgrade carry no session secret and stop working, so everyone logs
in once more, which is what ending sessions needs.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device', sa.String(length=100), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_login_session_secret_hash'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)
    # A plain ADD COLUMN with a default, which SQLite and PostgreSQL both accept in place: a batch
    # rebuild of "user" on SQLite would be refused by the foreign keys that point at it.
    op.add_column('user', sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    op.drop_column('user', 'must_change_password')
    op.drop_table('login_session')
