"""Document symbols: the scheme that proposes them, the rules a typed one must follow, and the
suffixes of versions (CICA/SOC/2026/DEC.1/Rev.2).

The scheme is the setting DOCUMENT_SYMBOL_SCHEME (``{body}``: the meeting type's code, ``{year}``:
the year the meeting starts, in its zone; ``{category}``: the category's abbreviation; ``{n}``: the
next free number for that prefix). A symbol stays editable: the Secretariat sometimes follows an
older numbering, and the database's unique constraint is the last word.
"""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import Document, DocumentCategory, DocumentVersion, Meeting
from meetings.timeutil import to_local

DEFAULT_SCHEME = "CICA/{body}/{year}/{category}.{n}"
MAX_LENGTH = 120
ABBREVIATIONS = {
    DocumentCategory.AGENDA: "AGD",
    DocumentCategory.DECISION: "DEC",
    DocumentCategory.DECLARATION: "DECL",
    DocumentCategory.CONCEPT_PAPER: "CP",
    DocumentCategory.STATEMENT: "STAT",
    DocumentCategory.REPORT: "REP",
    DocumentCategory.INFORMATION: "INF",
}
SUFFIXES = {DocumentVersion.REVISION: "Rev", DocumentVersion.ADDENDUM: "Add", DocumentVersion.CORRIGENDUM: "Corr"}


class SymbolError(RuleError):
    """A symbol the archive cannot take."""


def scheme() -> str:
    """The configured scheme, or the default one when the setting names a part there is not (a
    typo in a setting must not keep the Secretariat from creating documents)."""
    configured = current_app.config.get("DOCUMENT_SYMBOL_SCHEME") or DEFAULT_SCHEME
    try:
        configured.replace("{n}", "1").format(body="", year="", category="")
    except (KeyError, IndexError, ValueError):
        current_app.logger.warning("DOCUMENT_SYMBOL_SCHEME %r is not a scheme: the default is used", configured)
        return DEFAULT_SCHEME
    return configured


def _parts(meeting: Meeting, category: DocumentCategory) -> dict[str, str]:
    return {"body": meeting.type.code if meeting.type else "MTG", "year": str(to_local(meeting.starts_at, meeting.timezone).year),
            "category": ABBREVIATIONS[category]}


def propose(meeting: Meeting, category: DocumentCategory) -> str:
    """The next free symbol of the scheme for a new document of ``category`` at ``meeting``: one
    more than the highest number already given under the same prefix (gaps left by deleted
    documents are not filled: a symbol once circulated is not given to another text)."""
    template = scheme()
    if "{n}" not in template:
        template += ".{n}"
    head, tail = template.split("{n}", 1)
    prefix, suffix = head.format(**_parts(meeting, category)), tail.format(**_parts(meeting, category))
    pattern = re.compile(re.escape(prefix) + r"(\d+)" + re.escape(suffix))
    taken = db.session.scalars(select(Document.symbol).where(Document.symbol.startswith(prefix, autoescape=True)))
    numbers = [int(m.group(1)) for symbol in taken if (m := pattern.fullmatch(symbol))]
    return f"{prefix}{max(numbers, default=0) + 1}{suffix}"


def check(symbol: str) -> str:
    """A symbol as typed, refused (never silently changed) when the archive cannot hold it."""
    if not symbol:
        raise SymbolError(_l("Enter the document's symbol."), "symbol")
    if symbol != symbol.strip():
        raise SymbolError(_l("Remove the spaces at the start or end of the symbol."), "symbol")
    if len(symbol) > MAX_LENGTH:
        raise SymbolError(_l("Use at most %(num)d characters.", num=MAX_LENGTH), "symbol")
    if not symbol.isprintable():
        raise SymbolError(_l("Use only printable characters in the symbol."), "symbol")
    return symbol


def taken(symbol: str, but: int | None = None) -> bool:
    query = select(Document.id).where(Document.symbol == symbol)
    if but is not None:
        query = query.where(Document.id != but)
    return db.session.scalar(query) is not None


def taken_error() -> SymbolError:
    return SymbolError(_l("Another document already has this symbol."), "symbol")


def version_symbol(original: Document, version: DocumentVersion, number: int) -> str:
    return f"{original.symbol}/{SUFFIXES[version]}.{number}"
