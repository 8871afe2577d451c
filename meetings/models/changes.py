from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from meetings.models.base import Base, UTCDateTime, utcnow


class ChangeCounter(Base):
    """One row: a number that grows once per committed transaction that changed anything a feed
    may show (meetings/changes.py keeps it). A feed's cache key holds it, so one indexed read tells
    whether a built feed may still be served."""

    __tablename__ = "change_counter"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    # With the version in cache keys: a restored backup brings an old version back, never an old time.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
