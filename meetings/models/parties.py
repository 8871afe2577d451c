from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import PartyKind


class Party(Base):
    """A Member State, Observer State, observer or partner organisation, or the Secretariat."""

    __tablename__ = "party"
    __table_args__ = (
        CheckConstraint("joined_year IS NULL OR joined_year BETWEEN 1992 AND 2100", name="joined_year"),
        CheckConstraint("language IN ('en', 'ru')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # ISO 3166 alpha-2 for states, a short acronym for organisations (UN, OSCE, CICA).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[PartyKind] = mapped_column(enum_column(PartyKind, "party_kind"))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    joined_year: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)
    # Feed names show a party's name: any change of the row moves the change counter they are cached under (meetings/changes.py).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The language the Secretariat writes to the party in (of CICA's two working languages):
    # invitations to its people go in it unless their own account asks for the other. Seeded
    # from meetings/data/parties.csv, editable on the party's page.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")

    @property
    def is_state(self) -> bool:
        return self.kind in (PartyKind.MEMBER_STATE, PartyKind.OBSERVER_STATE)

    def __repr__(self) -> str:
        return f"<Party {self.code}>"
