"""Logistics: bilingual hotels, room types and release dates, interpreters, visa letters sent

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:43:31

Kept data: hotels' names and addresses become their English versions; the free-text
"interpreters" of an interpretation becomes an interpreter of that name booked for it; a travel's
pick-up stays as it was (the new "undecided" is for rows entered from now on).
Tables that others point at (hotel, hotel_block, interpretation) change with plain ALTER TABLE
statements: a batch rebuild on SQLite would be refused by the enforced foreign keys.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

VISA_STATUSES_BEFORE = ('requested', 'issued', 'cancelled')
VISA_STATUSES = ('requested', 'issued', 'sent', 'cancelled')


def _text(table, name, length=None):
    column_type = sa.String(length=length) if length else sa.Text()
    op.add_column(table, sa.Column(name, column_type, server_default='', nullable=False))


def upgrade():
    op.execute('ALTER TABLE hotel RENAME COLUMN name TO name_en')
    op.execute('ALTER TABLE hotel RENAME COLUMN address TO address_en')
    _text('hotel', 'name_ru', 200)
    _text('hotel', 'address_ru', 300)
    _text('hotel', 'email', 254)

    _text('hotel_block', 'room_type', 100)
    op.add_column('hotel_block', sa.Column('release_date', sa.Date(), nullable=True))
    _text('hotel_block', 'note')
    _text('hotel_assignment', 'note')

    op.create_table('interpreter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.String(length=100), server_default='', nullable=False),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=50), server_default='', nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interpreter'))
    )
    op.create_table('interpretation_interpreter',
    sa.Column('interpretation_id', sa.Integer(), nullable=False),
    sa.Column('interpreter_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interpretation_id'], ['interpretation.id'], name=op.f('fk_interpretation_interpreter_interpretation_id_interpretation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interpreter_id'], ['interpreter.id'], name=op.f('fk_interpretation_interpreter_interpreter_id_interpreter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interpretation_id', 'interpreter_id', name=op.f('pk_interpretation_interpreter'))
    )
    op.create_index(op.f('ix_interpretation_interpreter_interpreter_id'), 'interpretation_interpreter',
                    ['interpreter_id'], unique=False)
    op.execute("INSERT INTO interpreter (name) SELECT DISTINCT interpreters FROM interpretation "
               "WHERE interpreters <> ''")
    op.execute("INSERT INTO interpretation_interpreter (interpretation_id, interpreter_id) "
               "SELECT interpretation.id, interpreter.id FROM interpretation "
               "JOIN interpreter ON interpreter.name = interpretation.interpreters")
    op.drop_column('interpretation', 'interpreters')  # SQLite >= 3.35 drops in place

    # Nothing points at task, travel and visa_letter: batch rebuilds are safe on SQLite.
    op.add_column('task', sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE task SET updated_at = created_at')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    op.add_column('travel', sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE travel SET updated_at = CURRENT_TIMESTAMP')
    with op.batch_alter_table('travel', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('pickup', existing_type=sa.BOOLEAN(), nullable=True)

    with op.batch_alter_table('visa_letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='en', nullable=False))
        batch_op.add_column(sa.Column('embassy', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('requested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('reference', existing_type=sa.VARCHAR(length=50), nullable=True)
        batch_op.drop_constraint(op.f('ck_visa_letter_visa_letter_status'), type_='check')
        batch_op.create_check_constraint('visa_letter_status', sa.column('status').in_(VISA_STATUSES))
    # A reference was '' until given; now it is NULL, and unique among the given ones.
    op.execute("UPDATE visa_letter SET reference = NULL WHERE reference = ''")
    with op.batch_alter_table('visa_letter', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_visa_letter_reference'), ['reference'])
        batch_op.create_foreign_key(batch_op.f('fk_visa_letter_requested_by_id_user'), 'user',
                                    ['requested_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('visa_letter', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_visa_letter_requested_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_visa_letter_reference'), type_='unique')
    op.execute("UPDATE visa_letter SET reference = '' WHERE reference IS NULL")
    op.execute("UPDATE visa_letter SET status = 'issued' WHERE status = 'sent'")
    with op.batch_alter_table('visa_letter', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_visa_letter_visa_letter_status'), type_='check')
        batch_op.create_check_constraint('visa_letter_status', sa.column('status').in_(VISA_STATUSES_BEFORE))
        batch_op.alter_column('reference', existing_type=sa.VARCHAR(length=50), nullable=False)
        for column in ('sent_at', 'requested_by_id', 'note', 'embassy', 'language'):
            batch_op.drop_column(column)

    op.execute('UPDATE travel SET pickup = false WHERE pickup IS NULL')
    with op.batch_alter_table('travel', schema=None) as batch_op:
        batch_op.alter_column('pickup', existing_type=sa.BOOLEAN(), nullable=False)
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('updated_at')

    op.add_column('interpretation', sa.Column('interpreters', sa.String(length=300), server_default='',
                                              nullable=False))
    op.execute("UPDATE interpretation SET interpreters = COALESCE((SELECT MIN(interpreter.name) FROM interpreter "
               "JOIN interpretation_interpreter AS link ON link.interpreter_id = interpreter.id "
               "WHERE link.interpretation_id = interpretation.id), '')")
    op.drop_table('interpretation_interpreter')
    op.drop_table('interpreter')

    for table, column in (('hotel_assignment', 'note'), ('hotel_block', 'note'), ('hotel_block', 'release_date'),
                          ('hotel_block', 'room_type'), ('hotel', 'email'), ('hotel', 'address_ru'),
                          ('hotel', 'name_ru')):
        op.drop_column(table, column)
    op.execute('ALTER TABLE hotel RENAME COLUMN address_en TO address')
    op.execute('ALTER TABLE hotel RENAME COLUMN name_en TO name')
