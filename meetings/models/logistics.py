from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import TaskStatus, TravelDirection, VisaLetterStatus
from meetings.models.meetings import AgendaItem, Meeting
from meetings.models.people import Registration


class Hotel(Base):
    __tablename__ = "hotel"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")


class HotelBlock(Base):
    """Rooms reserved in one hotel for one meeting."""

    __tablename__ = "hotel_block"
    __table_args__ = (
        CheckConstraint("check_out > check_in", name="check_out_after_check_in"),
        CheckConstraint("rooms >= 0", name="rooms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    hotel_id: Mapped[int] = mapped_column(ForeignKey("hotel.id"), index=True)
    rooms: Mapped[int] = mapped_column(default=0)
    check_in: Mapped[date]
    check_out: Mapped[date]
    rate: Mapped[str] = mapped_column(String(100), default="")

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

    registration: Mapped[Registration] = relationship()
    hotel_block: Mapped[HotelBlock] = relationship()


class Travel(Base):
    """An arrival or departure, with airport pick-up."""

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
    pickup: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship()


class Interpretation(Base):
    """Interpretation into one language for one session."""

    __tablename__ = "interpretation"
    __table_args__ = (
        UniqueConstraint("agenda_item_id", "language", name="uq_interpretation_item_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))  # BCP 47: en, ru, zh, ar, ...
    interpreters: Mapped[str] = mapped_column(String(300), default="")

    agenda_item: Mapped[AgendaItem] = relationship()


class VisaLetter(Base):
    __tablename__ = "visa_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[VisaLetterStatus] = mapped_column(
        enum_column(VisaLetterStatus, "visa_letter_status"), default=VisaLetterStatus.REQUESTED
    )
    reference: Mapped[str] = mapped_column(String(50), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()


class Task(Base):
    """An item of a meeting's organisational checklist."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus, "task_status"), default=TaskStatus.OPEN)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
