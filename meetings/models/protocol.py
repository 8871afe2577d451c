"""A meeting's protocol order: the draw by lot that fixes its first party, the alphabet, and the
overrides decided by hand. The order itself is not stored: meetings/protocol/order.py derives it
from these and from the delegations (their parties and levels), so a change of level moves a
party in every output at once."""

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.accounts import User
from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import SeatingLayout, SpeakerKind
from meetings.models.meetings import AgendaItem, Meeting
from meetings.models.parties import Party
from meetings.models.people import Person, Registration
from meetings.models.venues import Room


class ProtocolOrder(Base):
    """The draw of one meeting (at most one; a redraw replaces it, the audit trail keeps the old)."""

    __tablename__ = "protocol_order"
    __table_args__ = (CheckConstraint("alphabet IN ('en', 'ru')", name="alphabet"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)
    # The order of names the rotation follows: English or Russian.
    alphabet: Mapped[str] = mapped_column(String(2), default="en")
    # The draw: the seed and the candidates (party codes, sorted) make it reproducible by anyone:
    # random.Random(seed).choice(candidates) is first_party's code (meetings/protocol/order.py).
    seed: Mapped[int | None] = mapped_column(BigInteger)
    candidates: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="SET NULL"))
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    first_party: Mapped[Party | None] = relationship()
    drawn_by: Mapped[User | None] = relationship()


class ProtocolOverride(Base):
    """A party put at a place by hand (a head of state arriving late, a courtesy to the host), with
    the reason; the others keep their order around it."""

    __tablename__ = "protocol_override"
    __table_args__ = (UniqueConstraint("meeting_id", "party_id", name="uq_protocol_override_meeting_party"),
                      CheckConstraint("position >= 1", name="position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    position: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    party: Mapped[Party] = relationship()


class SpeakersList(Base):
    """The speakers list of one plenary entry of a timetable: its default time per speaker. Made
    when first needed; the inscriptions hang from the entry, and their order is derived
    (meetings/protocol/speakers.py) from the meeting's protocol order."""

    __tablename__ = "speakers_list"
    __table_args__ = (CheckConstraint("default_seconds BETWEEN 10 AND 3600", name="default_seconds"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), unique=True)
    default_seconds: Mapped[int] = mapped_column(default=300)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SpeakerInscription(Base):
    """A party on the speakers list of a plenary entry: its statement (one per party and entry)
    or a right of reply (as many as asked). The live state of the floor is kept here too, so every
    worker and every viewer sees the same: the time used, since when the speaker is speaking (None:
    not now), and when the speaker was done with."""

    __tablename__ = "speaker_inscription"
    __table_args__ = (
        CheckConstraint("seconds IS NULL OR seconds BETWEEN 10 AND 3600", name="seconds"),
        CheckConstraint("used_seconds >= 0", name="used_seconds"),
        # One statement per party and entry; rights of reply are not limited.
        Index("uq_speaker_inscription_statement", "item_id", "party_id", unique=True,
              sqlite_where=text("kind = 'statement'"), postgresql_where=text("kind = 'statement'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    kind: Mapped[SpeakerKind] = mapped_column(enum_column(SpeakerKind, "speaker_kind"), default=SpeakerKind.STATEMENT)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # The time limit of this speaker in seconds; None: the list's default.
    seconds: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(300), default="")
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    used_seconds: Mapped[int] = mapped_column(default=0)
    speaking_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    party: Mapped[Party] = relationship()
    person: Mapped[Person | None] = relationship()
# The seating plan's choices (meetings/protocol/seating.py draws them); kept as text with a check.
SEATING_LAYOUTS = tuple(SeatingLayout)
SEATING_PAPERS = ("A4", "A3")
# Seats behind a head of delegation: a room rarely has more than three rows of advisers.
MAX_SEATS_BEHIND = 3


class SeatingPlan(Base):
    """How a meeting's room is set out for the protocol order (at most one per meeting; until one
    is saved, the defaults of the form apply). The seats themselves are not stored: they follow
    the order (meetings/protocol/seating.py), so a change of level moves a party on the plan."""

    __tablename__ = "seating_plan"
    __table_args__ = (
        CheckConstraint("layout IN ('hollow_square', 'u_shape', 'round_table', 'theatre')", name="layout"),
        CheckConstraint(f"seats_behind >= 0 AND seats_behind <= {MAX_SEATS_BEHIND}", name="seats_behind"),
        CheckConstraint("paper IN ('A4', 'A3')", name="paper"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)
    layout: Mapped[str] = mapped_column(String(20), default="hollow_square")
    seats_behind: Mapped[int] = mapped_column(default=1)
    # A room of the meeting's venue, for its name on the plan (the venue may change: then unset).
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"))
    paper: Mapped[str] = mapped_column(String(2), default="A4")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    room: Mapped[Room | None] = relationship()
class Attendance(Base):
    """A registration checked in at the door on one local day of the meeting, for the day as a
    whole (no session) or for one session of that day; who checked it in and when.

    The same badge twice in the same session (or the same day without a session) is counted once,
    and the database holds the rule under concurrency: a unique index per case, since a NULL
    session is distinct from every other in a plain unique constraint (PostgreSQL and SQLite)."""

    __tablename__ = "attendance"
    __table_args__ = (
        Index("uq_attendance_session", "registration_id", "day", "agenda_item_id", unique=True,
              postgresql_where=text("agenda_item_id IS NOT NULL"), sqlite_where=text("agenda_item_id IS NOT NULL")),
        Index("uq_attendance_day", "registration_id", "day", unique=True,
              postgresql_where=text("agenda_item_id IS NULL"), sqlite_where=text("agenda_item_id IS NULL")),
        Index("ix_attendance_meeting_day", "meeting_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    day: Mapped[date]
    # A session deleted from the timetable takes its check-ins with it (SET NULL would merge them
    # into the day's and break the day's uniqueness).
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    checked_in_by: Mapped[User | None] = relationship()
