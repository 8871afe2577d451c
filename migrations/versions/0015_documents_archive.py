"""The documents archive: documents of a meeting, their versions, their files per language

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 07:25:00

document: symbol (unique), category, distribution, submitting party, original language, when issued,
silence procedure; a revision, addendum or corrigendum points at its original (original_id).
document_file: one file per document and language, its bytes in the file store under blob_key
(meetings/storage.py), its extracted text for the archive search.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('symbol', sa.String(length=120), nullable=False),
    sa.Column('original_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Enum('original', 'revision', 'addendum', 'corrigendum', name='document_version', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=500), nullable=False),
    sa.Column('title_ru', sa.String(length=500), nullable=False),
    sa.Column('category', sa.Enum('agenda', 'decision', 'declaration', 'concept_paper', 'statement', 'report', 'information', name='document_category', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('distribution', sa.Enum('public', 'members', 'restricted', name='document_distribution', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('original_language', sa.String(length=8), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('silence_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('silence_outcome', sa.Enum('adopted', 'broken', name='silence_outcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('silence_broken_by_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(original_id IS NULL) = (version = 'original')", name=op.f('ck_document_original_has_no_original')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_document_sequence')),
    sa.CheckConstraint('version_number >= 0', name=op.f('ck_document_version_number')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_document_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_document_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['original_id'], ['document.id'], name=op.f('fk_document_original_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_document_party_id_party')),
    sa.ForeignKeyConstraint(['silence_broken_by_id'], ['party.id'], name=op.f('fk_document_silence_broken_by_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('original_id', 'version', 'version_number', name='uq_document_original_version'),
    sa.UniqueConstraint('symbol', name=op.f('uq_document_symbol')),
    sa.UniqueConstraint('uid', name=op.f('uq_document_uid'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_issued_at'), ['issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_original_id'), ['original_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_silence_until'), ['silence_until'], unique=False)

    op.create_table('document_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('blob_key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_state', sa.Enum('pending', 'done', 'none', 'failed', name='text_extraction', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size > 0', name=op.f('ck_document_file_size')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_file_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_file')),
    sa.UniqueConstraint('document_id', 'language', name='uq_document_file_document_language')
    )
    with op.batch_alter_table('document_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_file_blob_key'), ['blob_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_file_document_id'), ['document_id'], unique=False)



def downgrade():
    with op.batch_alter_table('document_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_file_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_file_blob_key'))

    op.drop_table('document_file')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_silence_until'))
        batch_op.drop_index(batch_op.f('ix_document_party_id'))
        batch_op.drop_index(batch_op.f('ix_document_original_id'))
        batch_op.drop_index(batch_op.f('ix_document_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_document_issued_at'))
        batch_op.drop_index(batch_op.f('ix_document_agenda_item_id'))

    op.drop_table('document')
