"""A change counter for feeds; when a meeting was cancelled

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 04:00:00

change_counter: one row whose version grows with every committed change a feed may show
(meetings/changes.py), made by the first change after the upgrade; feeds cache their bytes under it. meeting.cancelled_at: feeds keep a
cancelled meeting until 7 days after its cancellation; meetings cancelled before this upgrade
take the time of their cancellation in the audit trail, else their last change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'change_counter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_change_counter_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter')),
    )
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE meeting SET cancelled_at = COALESCE("
        "(SELECT MAX(audit_entry.at) FROM audit_entry WHERE audit_entry.meeting_id = meeting.id "
        "AND audit_entry.action = 'meeting.cancelled'), meeting.updated_at) WHERE status = 'cancelled'"
    )


def downgrade():
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('cancelled_at')
    op.drop_table('change_counter')
