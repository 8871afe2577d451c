"""Names in both languages: rooms, venue addresses, people (filled by the bilingual-data part of issue 15)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:40:00

Plain ADD COLUMN (in place on SQLite and PostgreSQL): room, venue and person are pointed at by
other tables' foreign keys, which a batch rebuild on SQLite would trip over.

People: a Cyrillic name typed in the Latin (passport) fields before there were Cyrillic ones is
moved to them, so that English pages no longer show it as the Latin name. The downgrade gives the
Latin fields back what they held, and keeps a Cyrillic name that has a Latin one beside it as the
Russian printed name (when none was typed), so that no name is lost either way.
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CYRILLIC = re.compile('[\u0400-\u04ff]')
NEW_COLUMNS = (('room', 'name_ru', 100), ('venue', 'address_ru', 300),
               ('person', 'family_name_ru', 100), ('person', 'given_names_ru', 150))


def upgrade():
    for table, column, length in NEW_COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length), nullable=False, server_default=''))
    conn = op.get_bind()
    rows = conn.execute(sa.text('SELECT id, family_name, given_names FROM person')).all()
    for person_id, family, given in rows:
        if CYRILLIC.search(f'{family} {given}'):
            conn.execute(sa.text('UPDATE person SET family_name_ru = :f, given_names_ru = :g, family_name = :lf, '
                                 'given_names = :lg WHERE id = :id'),
                         {'id': person_id, 'f': family if CYRILLIC.search(family) else '',
                          'g': given if CYRILLIC.search(given) else '',
                          'lf': '' if CYRILLIC.search(family) else family,
                          'lg': '' if CYRILLIC.search(given) else given})


def downgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text('SELECT id, family_name, given_names, family_name_ru, given_names_ru, printed_name_ru '
                                'FROM person WHERE family_name_ru <> \'\' OR given_names_ru <> \'\'')).all()
    for person_id, family, given, family_ru, given_ru, printed_ru in rows:
        # What has a Latin value beside it can only be kept as the Russian printed name.
        left_out = (family and family_ru) or (given and given_ru)
        if left_out and not printed_ru:
            printed_ru = ' '.join(f'{given_ru} {family_ru}'.split())
        family, given = family or family_ru, given or given_ru
        conn.execute(sa.text('UPDATE person SET family_name = :f, given_names = :g, printed_name_ru = :p WHERE id = :id'),
                     {'id': person_id, 'f': family, 'g': given, 'p': printed_ru})
    for table, column, _length in reversed(NEW_COLUMNS):
        op.drop_column(table, column)
