"""The e-mail outbox: every message the application sends is stored here first, in the transaction
of the change that causes it, and delivered afterwards (meetings/notifications/outbox.py)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.meetings import Meeting


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # given up after the last attempt (or refused for good): an admin may retry


class MessageKind(StrEnum):
    INVITATION = "invitation"  # iTIP invitation of a registered participant
    UPDATE = "update"  # the same invitation, changed (higher SEQUENCE)
    CANCELLATION = "cancellation"  # the same invitation, cancelled
    PARTY_INVITATION = "party_invitation"  # to a party's focal points when the party is invited
    REMINDER = "reminder"  # of a deadline, to focal points
    NOTICE = "notice"  # of a postponement or cancellation, sent automatically to participants


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    # What the workers ask for: the queued messages that are due, oldest first.
    __table_args__ = (Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind, "message_kind"))
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, "outbox_status"),
                                                 default=OutboxStatus.QUEUED)
    recipient: Mapped[str] = mapped_column(String(254), index=True)  # the envelope's address
    subject: Mapped[str] = mapped_column(String(500), default="")  # as read, for the admin's list
    language: Mapped[str] = mapped_column(String(8))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # the whole message, RFC 5322 with CRLF line ends
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set where a message must go once (a reminder, a party's invitation): a second one with the
    # same key is not queued, whichever worker or request tries.
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    meeting: Mapped[Meeting | None] = relationship()
