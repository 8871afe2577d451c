from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.accounts import User
from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import TaskStatus, TravelDirection, VisaLetterStatus
from meetings.models.meetings import AgendaItem, Meeting
from meetings.models.people import Registration


class Hotel(Base):
    __tablename__ = "hotel"
    # One hotel of a name per city, also when two organizers add it at once (an index, not a table
    # constraint: SQLite adds it without rebuilding a table that blocks point at).
    __table_args__ = (Index("uq_hotel_name_en_city", "name_en", "city", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    address_en: Mapped[str] = mapped_column(String(300), default="")
    address_ru: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(254), default="")


class HotelBlock(Base):
    """Rooms of one type reserved in one hotel for one meeting, for the nights from check-in to
    check-out; rooms not assigned by the release date go back to the hotel."""

    __tablename__ = "hotel_block"
    __table_args__ = (
        CheckConstraint("check_out > check_in", name="check_out_after_check_in"),
        CheckConstraint("rooms >= 0", name="rooms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    room_type: Mapped[str] = mapped_column(String(100), default="")
    rooms: Mapped[int] = mapped_column(default=0)
    check_in: Mapped[date]
    check_out: Mapped[date]
    rate: Mapped[str] = mapped_column(String(100), default="")
    release_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship()
    hotel: Mapped[Hotel] = relationship()


class HotelAssignment(Base):
    __tablename__ = "hotel_assignment"
    __table_args__ = (CheckConstraint("check_out > check_in", name="check_out_after_check_in"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), unique=True
    )
    hotel_block_id: Mapped[int] = mapped_column(ForeignKey("hotel_block.id", ondelete="CASCADE"), index=True)
    check_in: Mapped[date]
    check_out: Mapped[date]
    room_number: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship()
    hotel_block: Mapped[HotelBlock] = relationship()


class Travel(Base):
    """An arrival or departure at an airport or station; pick-up is undecided (None) until the
    Secretariat or the focal point says yes or no."""

    __tablename__ = "travel"
    __table_args__ = (
        UniqueConstraint("registration_id", "direction", name="uq_travel_registration_direction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    direction: Mapped[TravelDirection] = mapped_column(enum_column(TravelDirection, "travel_direction"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    flight: Mapped[str] = mapped_column(String(20), default="")
    airport: Mapped[str] = mapped_column(String(100), default="")
    pickup: Mapped[bool | None]
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship()


class Interpreter(Base):
    """A conference interpreter the Secretariat books (staff or freelance)."""

    __tablename__ = "interpreter"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    languages: Mapped[str] = mapped_column(String(100), default="")  # BCP 47 codes: "en, ru, zh"
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")


interpretation_interpreter = Table(
    "interpretation_interpreter",
    Base.metadata,
    Column("interpretation_id", ForeignKey("interpretation.id", ondelete="CASCADE"), primary_key=True),
    Column("interpreter_id", ForeignKey("interpreter.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Interpretation(Base):
    """Interpretation into one language for one session, and the interpreters booked for it."""

    __tablename__ = "interpretation"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "language", name="uq_interpretation_item_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))  # BCP 47: en, ru, zh, ar, ...

    agenda_item: Mapped[AgendaItem] = relationship()
    interpreters: Mapped[list[Interpreter]] = relationship(secondary=interpretation_interpreter,
                                                           order_by=Interpreter.name)


class VisaLetter(Base):
    """A visa support letter for one participant: requested, issued (with its reference number),
    sent. The letter carries passport data: Secretariat roles only."""

    __tablename__ = "visa_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[VisaLetterStatus] = mapped_column(
        enum_column(VisaLetterStatus, "visa_letter_status"), default=VisaLetterStatus.REQUESTED
    )
    reference: Mapped[str | None] = mapped_column(String(50), unique=True)  # given at issue
    language: Mapped[str] = mapped_column(String(2), default="en")
    embassy: Mapped[str] = mapped_column(String(300), default="")  # where the visa is applied for
    note: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()
    requested_by: Mapped[User | None] = relationship()


class Task(Base):
    """An item of a meeting's organisational checklist."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # In both working languages where both are known (a standard checklist gives both); pages
    # show the reader's, with the other as fallback (i18n.localized).
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_ru: Mapped[str] = mapped_column(String(300), default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus, "task_status"), default=TaskStatus.OPEN)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    owner: Mapped[User | None] = relationship()
