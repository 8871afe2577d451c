"""The archive search: full-text indexes of documents' titles and files' texts (PostgreSQL)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 07:30:00

GIN indexes of the vectors that meetings/documents/search.py searches: the 'russian' and the
'english' configurations' vectors concatenated, of a document's titles and of a file's text.
The expressions are those of title_vector() and text_vector() there, exactly: PostgreSQL uses an
index only for the same expression. SQLite has no full-text vectors: nothing to do there (its
search reads the rows).
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

TITLES = "document.title_en || ' ' || document.title_ru"


def _vectors(column: str) -> str:
    return f"to_tsvector('russian'::regconfig, {column}) || to_tsvector('english'::regconfig, {column})"


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"CREATE INDEX ix_document_title_search ON document USING gin (({_vectors(TITLES)}))")
    op.execute(f"CREATE INDEX ix_document_file_text_search ON document_file USING gin (({_vectors('text')}))")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX ix_document_file_text_search")
    op.execute("DROP INDEX ix_document_title_search")
