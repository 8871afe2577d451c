from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import UserRole
from tests.conftest import PASSWORD, ServerLikeClient


@pytest.fixture
def future():
    """A start in the future relative to today, so grace periods do not interfere."""
    return datetime.now(UTC).replace(hour=5, minute=0, second=0, microsecond=0) + timedelta(days=30)


@pytest.fixture
def mail_client(make_app, smtp, build):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp[0], MAIL_DELIVERY="inline")
    app.test_client_class = ServerLikeClient  # so the outbox delivers right after each response
    client = app.test_client()
    organizer = build.user(UserRole.ORGANIZER)
    client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    return client
