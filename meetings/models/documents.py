"""The documents archive: a meeting's documents, their versions and their files per language."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import DocumentCategory, DocumentVersion, SilenceOutcome, TextExtraction, Visibility
from meetings.models.meetings import AgendaItem, Meeting
from meetings.models.parties import Party


class Document(Base):
    """One document of a meeting (e.g. CICA/SOC/2025/DEC.1), or a revision, addendum or
    corrigendum of one (CICA/SOC/2025/DEC.1/Rev.1), linked to its original.

    Until it is issued (``issued_at``) only the Secretariat sees it; then whoever may see its meeting
    and its distribution (the same three levels as a meeting's visibility)."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("original_id", "version", "version_number", name="uq_document_original_version"),
        CheckConstraint("version_number >= 0", name="version_number"),
        CheckConstraint("(original_id IS NULL) = (version = 'original')", name="original_has_no_original"),
        CheckConstraint("sequence >= 0", name="sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True)
    symbol: Mapped[str] = mapped_column(String(120), unique=True)
    original_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    version: Mapped[DocumentVersion] = mapped_column(
        enum_column(DocumentVersion, "document_version"), default=DocumentVersion.ORIGINAL
    )
    version_number: Mapped[int] = mapped_column(default=0)  # N of /Rev.N, /Add.N, /Corr.N
    title_en: Mapped[str] = mapped_column(String(500))
    title_ru: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[DocumentCategory] = mapped_column(enum_column(DocumentCategory, "document_category"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)  # who submitted it
    distribution: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "document_distribution"), default=Visibility.PUBLIC
    )
    original_language: Mapped[str] = mapped_column(String(8), default="en")
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Silence procedure: a draft is adopted at silence_until unless a party breaks the silence.
    silence_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    silence_outcome: Mapped[SilenceOutcome | None] = mapped_column(enum_column(SilenceOutcome, "silence_outcome"))
    silence_broken_by_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    # The silence deadline's calendar entry: a stable UID and a SEQUENCE that grows with its changes.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: uuid.uuid4().hex)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    party: Mapped[Party | None] = relationship(foreign_keys=[party_id])
    silence_broken_by: Mapped[Party | None] = relationship(foreign_keys=[silence_broken_by_id])
    original: Mapped["Document | None"] = relationship(remote_side=[id], back_populates="versions")
    versions: Mapped[list["Document"]] = relationship(
        back_populates="original", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Document.version, Document.version_number)",
    )
    files: Mapped[list["DocumentFile"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DocumentFile.language",
    )


class DocumentFile(Base):
    """A document's file in one language; its bytes are in meetings/storage.py under ``blob_key``."""

    __tablename__ = "document_file"
    __table_args__ = (
        UniqueConstraint("document_id", "language", name="uq_document_file_document_language"),
        CheckConstraint("size > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))  # made safe at upload; given as the download's name
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    blob_key: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    text_state: Mapped[TextExtraction] = mapped_column(
        enum_column(TextExtraction, "text_extraction"), default=TextExtraction.PENDING
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="files")
