from datetime import UTC, datetime, timedelta

import pytest

from meetings.extensions import db
from meetings.models import AgendaItem, AgendaItemKind, Registration, RegistrationRole, UserRole
from tests.conftest import PASSWORD


class FeedBuilders:
    def __init__(self, build) -> None:
        self.build = build

    def item(self, meeting, start: datetime, minutes: int = 60, **fields) -> AgendaItem:
        values = {"title_en": "Plenary session", "title_ru": "Пленарное заседание", "kind": AgendaItemKind.PLENARY,
                  "starts_at": start, "ends_at": start + timedelta(minutes=minutes)}
        values.update(fields)
        item = AgendaItem(meeting=meeting, **values)
        db.session.add(item)
        db.session.commit()
        return item

    def register(self, meeting, person, **fields) -> Registration:
        registration = Registration(meeting=meeting, person=person, role=fields.pop("role", RegistrationRole.DELEGATE),
                                    **fields)
        db.session.add(registration)
        db.session.commit()
        return registration


@pytest.fixture
def feeds(build) -> FeedBuilders:
    return FeedBuilders(build)


@pytest.fixture
def future():
    """A start in the future relative to today, so grace periods do not interfere."""
    return datetime.now(UTC).replace(hour=5, minute=0, second=0, microsecond=0) + timedelta(days=30)


@pytest.fixture
def mail_client(make_app, smtp, build):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp[0])
    client = app.test_client()
    organizer = build.user(UserRole.ORGANIZER)
    client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    return client
