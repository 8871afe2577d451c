from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from meetings.models.base import Base, UTCDateTime, utcnow


class Venue(Base):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    city_en: Mapped[str] = mapped_column(String(100))
    city_ru: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")  # English (or as written locally)
    address_ru: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    # Feeds show the venue's name: any change of the row moves the change counter they are cached under (meetings/changes.py).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    rooms: Mapped[list["Room"]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", order_by="Room.name"
    )

    # ``address`` is the English one; the synonym lets i18n.localized(venue, "address") pair it
    # with ``address_ru`` without renaming a column every part of the code and its tests use.
    address_en = synonym("address")


class Room(Base):
    __tablename__ = "room"
    __table_args__ = (
        UniqueConstraint("venue_id", "name", name="uq_room_venue_name"),
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("interpretation_booths >= 0", name="interpretation_booths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # English (or the original)
    name_ru: Mapped[str] = mapped_column(String(100), default="")
    capacity: Mapped[int] = mapped_column(default=0)
    interpretation_booths: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    venue: Mapped[Venue] = relationship(back_populates="rooms")

    name_en = synonym("name")  # for i18n.localized(room, "name"), as address_en above
