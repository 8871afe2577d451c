"""Audit actions namespaced by the kind of object: 'status_changed' of a registration is not a meeting's

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 03:30:00

"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Timetable actions were written as 'item_added' etc. with object_type 'agenda_item'.
ITEM_VERBS = {'item_added': 'added', 'item_edited': 'edited', 'item_deleted': 'deleted'}


def upgrade():
    for old, verb in ITEM_VERBS.items():
        op.execute(f"UPDATE audit_entry SET action = 'agenda_item.{verb}' WHERE action = '{old}'")
    op.execute("UPDATE audit_entry SET action = object_type || '.' || action WHERE action NOT LIKE '%.%'")


def downgrade():
    for old, verb in ITEM_VERBS.items():
        op.execute(f"UPDATE audit_entry SET action = '{old}' WHERE action = 'agenda_item.{verb}'")
    op.execute("UPDATE audit_entry SET action = substr(action, length(object_type) + 2) "
               "WHERE action LIKE object_type || '.%'")
