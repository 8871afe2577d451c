from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from meetings.models.base import Base, UTCDateTime, enum_column, utcnow
from meetings.models.enums import UserRole
from meetings.models.meetings import Meeting
from meetings.models.parties import Party
from meetings.models.people import Person

SECRETARIAT_ROLES = frozenset({UserRole.ADMIN, UserRole.ORGANIZER, UserRole.STAFF})
ORGANIZER_ROLES = frozenset({UserRole.ADMIN, UserRole.ORGANIZER})


class User(UserMixin, Base):
    __tablename__ = "user"
    __table_args__ = (
        # A focal point always speaks for a party, a delegate always is a person.
        CheckConstraint("role != 'focal_point' OR party_id IS NOT NULL", name="focal_point_party"),
        CheckConstraint("role != 'delegate' OR person_id IS NOT NULL", name="delegate_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="")  # "" = follow the browser
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by an admin's reset: the user is sent to change it after logging in, until they do.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    party: Mapped[Party | None] = relationship()
    person: Mapped[Person | None] = relationship()

    # The login session a request runs in (set by the user loader and on login, never stored):
    # Flask-Login keeps get_id() in the session and remember cookies, so both carry its secret
    # and a session ended on the server ends every copy of them.
    login_session_id = None  # int, once set
    login_secret = ""

    def get_id(self) -> str:
        return f"{self.id}:{self.login_secret}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    @property
    def is_organizer(self) -> bool:
        return self.role in ORGANIZER_ROLES


class LoginSession(Base):
    """One login: what a browser's cookies stand for. Only the hash of its secret is stored;
    ending it (logout, "log out everywhere", a password change, deactivation) ends every copy
    of the cookies that carry the secret."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    device: Mapped[str] = mapped_column(String(100), default="")  # "Firefox on Windows", from the User-Agent
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class FeedToken(Base):
    """A secret, revocable address of a personal iCalendar feed. Only its hash is stored."""

    __tablename__ = "feed_token"
    __table_args__ = (
        CheckConstraint(
            "user_id IS NOT NULL OR person_id IS NOT NULL OR party_id IS NOT NULL", name="has_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
    person: Mapped[Person | None] = relationship()
    party: Mapped[Party | None] = relationship()


class ApiToken(Base):
    """A personal token for the JSON API: it acts as its user, under /api/ only. Only the hash of
    its secret is stored; it stops working when revoked, past its expiry, or once its user is
    deactivated or given another role, party or person than it was created under."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class AuditEntry(Base):
    """Who changed what and when; a meeting's history is its entries."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(50))  # created, edited, postponed, cancelled, ...
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The personal API token the change came through (a script, not a person at a form); None
    # for a page, a command, or a token since gone with its user.
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    api_token: Mapped[ApiToken | None] = relationship()
