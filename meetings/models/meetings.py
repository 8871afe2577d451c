import uuid
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import AgendaItemKind, MeetingFormat, MeetingStatus, Visibility
from meetings.models.parties import Party
from meetings.models.venues import Room, Venue
from meetings.timeutil import to_local


class MeetingType(Base):
    """Summit, Ministerial Council, SOC, SWG, workshop, advisory body meeting, ..."""

    __tablename__ = "meeting_type"
    __table_args__ = tuple(
        CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=column) for column in (
            "passport_retention_days", "birth_date_retention_days", "phone_retention_days")
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    # Meetings of one body overlapping in time deserve a warning (see scheduling).
    body_en: Mapped[str] = mapped_column(String(200), default="")
    body_ru: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    # Days after a meeting's end that its participants' passport data (number and expiry), date
    # of birth and phone are kept (meetings/privacy/retention.py). None: not set yet (the seed
    # fills it from meetings/data/meeting_types.csv), and until then nothing is purged.
    passport_retention_days: Mapped[int | None]
    birth_date_retention_days: Mapped[int | None]
    phone_retention_days: Mapped[int | None]
    # Feeds show the type's name: any change of the row moves the change counter they are cached under (meetings/changes.py).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        CheckConstraint("sequence >= 0", name="sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable identity for calendars: never changes, even when the meeting is postponed.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: uuid.uuid4().hex)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300), default="")
    type_id: Mapped[int] = mapped_column(ForeignKey("meeting_type.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    host_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    chair_party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    city_en: Mapped[str] = mapped_column(String(100), default="")
    city_ru: Mapped[str] = mapped_column(String(100), default="")
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"), index=True)
    format: Mapped[MeetingFormat] = mapped_column(
        enum_column(MeetingFormat, "meeting_format"), default=MeetingFormat.IN_PERSON
    )
    online_url: Mapped[str] = mapped_column(String(500), default="")
    # IANA zone of the host city; starts_at/ends_at are instants shown in this zone.
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT, index=True
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.PUBLIC
    )
    cbm_dimension: Mapped[str] = mapped_column(String(100), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    registration_deadline: Mapped[date | None]
    # The local dates (in the zone of that time) the meeting had before it was last moved to new
    # dates: "Rescheduled from 11–12 November 2024" on its page, in feeds and in documents.
    rescheduled_from_start: Mapped[date | None]
    rescheduled_from_end: Mapped[date | None]
    # RFC 5545 SEQUENCE: grows on every change a calendar must see (time, place, status, title).
    sequence: Mapped[int] = mapped_column(default=0)
    # When it was cancelled (scheduling.workflow): feeds keep a cancelled meeting at least 7 days after.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking: a save based on an older version is refused, never silently applied.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    type: Mapped[MeetingType] = relationship()
    host_party: Mapped[Party | None] = relationship(foreign_keys=[host_party_id])
    chair_party: Mapped[Party | None] = relationship(foreign_keys=[chair_party_id])
    venue: Mapped[Venue | None] = relationship()
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="(AgendaItem.starts_at, AgendaItem.position, AgendaItem.id)",
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title_en!r}>"

    def timetable_days(self) -> list[tuple[date, list["AgendaItem"]]]:
        """The timetable grouped by local day of the meeting's zone (items come ordered by start)."""
        return [
            (day, list(items))
            for day, items in groupby(self.agenda_items, key=lambda i: to_local(i.starts_at, self.timezone).date())
        ]


agenda_item_speaker = Table(
    "agenda_item_speaker",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(Base):
    """One entry of a meeting's timetable."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("sequence >= 0", name="sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[AgendaItemKind] = mapped_column(
        enum_column(AgendaItemKind, "agenda_item_kind"), default=AgendaItemKind.PLENARY
    )
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"), index=True)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")
    # Titles of linked documents, one per line, until the documents archive exists.
    documents: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    room: Mapped[Room | None] = relationship()
    chair: Mapped["Person | None"] = relationship()  # noqa: F821
    speakers: Mapped[list["Person"]] = relationship(secondary=agenda_item_speaker)  # noqa: F821
