"""The archive search across meetings: by symbol, words of the title or text, party, category,
year and language, over the documents the reader may see (meetings/visibility.py) only.

Words (``q``) match a document whose symbol contains them, or whose titles (English and Russian
together) or a file's extracted text contain them:

- PostgreSQL: full-text search with both the 'russian' and the 'english' configurations (a
  vector of each, concatenated; the words as a web search query in each, OR-ed), so that
  «декларации» finds «декларация» and "decisions" finds "decision"; ranked, titles first. The
  vectors are the expressions of the GIN indexes of migration 0016: the planner uses an index
  only for the very same expression, so both are written here once (``title_vector``,
  ``text_vector``) and in the migration character for character.
- SQLite (development, the demo): every word must appear, case-insensitively, in the symbol,
  the titles or a text. SQLite's lower() and LIKE fold ASCII only, so «Декларация» would not
  match «декларация»: a function registered on each SQLite connection (``cica_casefold``,
  Python's str.casefold) folds both sides. Chosen over a normalized shadow column because it
  needs no schema change, no copy of the texts to keep in step, and costs only time per row,
  which the SQLite deployments' few documents afford; no stemming there.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, case, event, exists, func, literal_column, or_, select, union
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from meetings.extensions import db
from meetings.models import Document, DocumentCategory, DocumentFile, Meeting, Party
from meetings.visibility import visible_documents_clause

MAX_WORDS = 10  # more words than a search needs: the rest are ignored
SQLITE_FOLD = "cica_casefold"
# The GIN indexes of migration 0016, PostgreSQL's only: the models do not describe them (an
# expression index of PostgreSQL functions), so the migrations' drift check leaves them aside.
POSTGRESQL_SEARCH_INDEXES = frozenset({"ix_document_title_search", "ix_document_file_text_search"})
_LIKE_SPECIAL = re.compile(r"([\\%_])")


@event.listens_for(Engine, "connect")
def _sqlite_folds_case(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function(SQLITE_FOLD, 1, _casefold, deterministic=True)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


@dataclass(frozen=True)
class ArchiveQuery:
    """What a reader searches for; every part optional (none: the whole archive, newest first)."""

    q: str = ""
    symbol: str = ""
    party_id: int | None = None
    category: DocumentCategory | None = None
    year: int | None = None
    language: str = ""

    @property
    def words(self) -> list[str]:
        return self.q.split()[:MAX_WORDS]


def _contains(pattern: str) -> str:
    escaped = _LIKE_SPECIAL.sub(r"\\\1", pattern)
    return f"%{escaped}%"


def _config(name: str):
    # A constant regconfig, not a bound parameter: an index expression matches constants only.
    return literal_column(f"'{name}'::regconfig")


def _both_vectors(column) -> ColumnElement:
    return func.to_tsvector(_config("russian"), column).op("||")(func.to_tsvector(_config("english"), column))


def title_vector(document=Document) -> ColumnElement:
    """The titles' vector: ix_document_title_search's expression (migration 0016)."""
    return _both_vectors(document.title_en.op("||")(literal_column("' '")).op("||")(document.title_ru))


def text_vector() -> ColumnElement:
    """A file's text's vector: ix_document_file_text_search's expression (migration 0016)."""
    return _both_vectors(DocumentFile.text)


def _ts_query(q: str) -> ColumnElement:
    return func.websearch_to_tsquery(_config("russian"), q).op("||")(func.websearch_to_tsquery(_config("english"), q))


def _words_clause(query: ArchiveQuery, postgresql: bool) -> tuple[ColumnElement[bool], ColumnElement | None]:
    """The match of ``q`` and, on PostgreSQL, its rank."""
    symbol_pattern = _contains(query.q.strip())
    symbol_match = Document.symbol.ilike(symbol_pattern, escape="\\")
    if postgresql:
        ts_query = _ts_query(query.q)
        # The ids that match, each way on its own (a union, not an OR in one WHERE): so each
        # vector is searched through its GIN index, and the symbols read (a small table).
        titled = aliased(Document)
        matching = union(
            select(titled.id).where(title_vector(titled).op("@@")(ts_query)),
            select(DocumentFile.document_id).where(text_vector().op("@@")(ts_query)),
            select(titled.id).where(titled.symbol.ilike(symbol_pattern, escape="\\")),
        )
        # Ranked by symbol and titles (short: their vectors are cheap to make again per row); a
        # file's text is not ranked: its vector would be made again from up to 300,000 characters
        # for every document found. Documents found by their text alone come after, newest first.
        rank = case((symbol_match, 4), else_=0) + func.ts_rank(title_vector(), ts_query) * 2
        return Document.id.in_(matching), rank
    fold = getattr(func, SQLITE_FOLD)
    clauses = []
    for word in query.words:
        pattern = _contains(word.casefold())
        titles = fold(Document.title_en.op("||")(" ").op("||")(Document.title_ru))
        in_text = exists().where(DocumentFile.document_id == Document.id,
                                 fold(DocumentFile.text).like(pattern, escape="\\"))
        clauses.append(or_(fold(Document.symbol).like(pattern, escape="\\"), titles.like(pattern, escape="\\"),
                           in_text))
    return or_(symbol_match, and_(*clauses)), None


def archive_statement(user, query: ArchiveQuery) -> Select:
    """The documents ``user`` may see that match ``query``, best match first (with words on
    PostgreSQL), else newest first; with what a result shows (meeting, party, files' languages)."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    statement = (
        select(Document).join(Document.meeting).where(visible_documents_clause(user))
        .options(contains_eager(Document.meeting), joinedload(Document.party),
                 selectinload(Document.files).load_only(DocumentFile.language, DocumentFile.document_id))
    )
    rank = None
    if query.q.strip():
        clause, rank = _words_clause(query, postgresql)
        statement = statement.where(clause)
    if query.symbol.strip():
        statement = statement.where(Document.symbol.ilike(_contains(query.symbol.strip()), escape="\\"))
    if query.party_id is not None:
        statement = statement.where(Document.party_id == query.party_id)
    if query.category is not None:
        statement = statement.where(Document.category == query.category)
    if query.year is not None:
        # The year the meeting starts, in UTC (the year of its symbol for every meeting that does
        # not start in the first hours of a January 1st).
        start = datetime(query.year, 1, 1, tzinfo=UTC)
        statement = statement.where(Meeting.starts_at >= start,
                                    Meeting.starts_at < start.replace(year=query.year + 1))
    if query.language:
        statement = statement.where(exists().where(DocumentFile.document_id == Document.id,
                                                   DocumentFile.language == query.language))
    order = [Document.issued_at.desc().nulls_last(), Meeting.starts_at.desc(), Document.symbol, Document.id]
    if rank is not None:
        order.insert(0, rank.desc())
    return statement.order_by(*order)


def search_documents(user, *, q: str = "", symbol: str = "", party_id: int | None = None,
                     category: DocumentCategory | None = None, year: int | None = None, language: str = "",
                     page: int = 1, per_page: int = 50) -> Pagination:
    """A page of the documents ``user`` may see that match (``archive_statement``)."""
    query = ArchiveQuery(q=q, symbol=symbol, party_id=party_id, category=category, year=year, language=language)
    return db.paginate(archive_statement(user, query), page=page, per_page=per_page, max_per_page=None,
                       error_out=False)


def filter_choices(user) -> tuple[list[Party], list[str]]:
    """The parties that submitted a document ``user`` may see, and the languages of those
    documents' files: the search form's choices (what is not there could find nothing)."""
    visible = select(Document.id).join(Document.meeting).where(visible_documents_clause(user))
    parties = db.session.scalars(
        select(Party).where(Party.id.in_(visible.where(Document.party_id.is_not(None))
                                         .with_only_columns(Document.party_id)))
        .order_by(Party.name_en)).all()
    languages = db.session.scalars(
        select(DocumentFile.language).where(DocumentFile.document_id.in_(visible)).distinct()
        .order_by(DocumentFile.language)).all()
    return list(parties), list(languages)

