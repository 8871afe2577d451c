from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import AccreditationStatus, DelegationLevel, DelegationReply, RegistrationRole
from meetings.models.meetings import Meeting
from meetings.models.parties import Party


class Person(Base):
    """Someone who attends meetings; typed once, registered for many meetings."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Latin, as in the passport (for visa letters), and Cyrillic; either may be missing. Every page
    # and document takes the name in its language from meetings/names.py.
    family_name: Mapped[str] = mapped_column(String(100), index=True)
    given_names: Mapped[str] = mapped_column(String(150), default="")
    family_name_ru: Mapped[str] = mapped_column(String(100), default="")
    given_names_ru: Mapped[str] = mapped_column(String(150), default="")
    # Optional overrides of the whole name as printed, where it is not "Given Family".
    printed_name: Mapped[str] = mapped_column(String(200), default="")
    printed_name_ru: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(40), default="")  # H.E., Mr., Ms., Dr.
    position_en: Mapped[str] = mapped_column(String(300), default="")
    position_ru: Mapped[str] = mapped_column(String(300), default="")
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    dietary_needs: Mapped[str] = mapped_column(String(300), default="")
    accessibility_needs: Mapped[str] = mapped_column(String(300), default="")
    # Personal data: Secretariat roles only, never in exports for other roles.
    passport_number: Mapped[str] = mapped_column(String(40), default="")
    passport_expiry: Mapped[date | None]
    nationality: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    party: Mapped[Party | None] = relationship()

    @property
    def display_name(self) -> str:
        """The name for the audit trail and logs (language-neutral: Latin, else Cyrillic); pages
        and documents use meetings.names, which knows the reader's language."""
        latin = self.printed_name or f"{self.given_names} {self.family_name}".strip()
        return latin or self.printed_name_ru or f"{self.given_names_ru} {self.family_name_ru}".strip()


class Delegation(Base):
    """One party at one meeting."""

    __tablename__ = "delegation"
    __table_args__ = (UniqueConstraint("meeting_id", "party_id", name="uq_delegation_meeting_party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    head_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    reply: Mapped[DelegationReply] = mapped_column(
        enum_column(DelegationReply, "delegation_reply"), default=DelegationReply.PENDING
    )
    # The rank of whoever heads it, as the party says when replying; unknown (None) until then.
    level: Mapped[DelegationLevel | None] = mapped_column(enum_column(DelegationLevel, "delegation_level"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship()
    party: Mapped[Party] = relationship()
    head: Mapped[Person | None] = relationship()
    registrations: Mapped[list["Registration"]] = relationship(back_populates="delegation")


class Registration(Base):
    """One person at one meeting, with a role and an accreditation status."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id", name="uq_registration_meeting_person"),
        # Badge numbers are unique per meeting; the database holds the rule under concurrency.
        UniqueConstraint("meeting_id", "badge_number", name="uq_registration_meeting_badge"),
        CheckConstraint("badge_number IS NULL OR badge_number > 0", name="badge_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[RegistrationRole] = mapped_column(
        enum_column(RegistrationRole, "registration_role"), default=RegistrationRole.DELEGATE
    )
    status: Mapped[AccreditationStatus] = mapped_column(
        enum_column(AccreditationStatus, "accreditation_status"), default=AccreditationStatus.INVITED
    )
    ministerial_level: Mapped[bool] = mapped_column(default=False)
    badge_number: Mapped[int | None]
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person] = relationship()
    delegation: Mapped[Delegation | None] = relationship(back_populates="registrations")


class PersonPhoto(Base):
    """The photo printed on a person's badges: one per person, re-encoded on upload (a JPEG of
    bounded size without the original's metadata), so what is stored is never the file as sent."""

    __tablename__ = "person_photo"
    __table_args__ = (CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name="content_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    # Deferred: lists only ask whether a photo exists (and its time, for the image's URL).
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()
