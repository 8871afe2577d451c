"""The pages people work on all day fit a laptop (1,280 px) and a phone (390 px), in English and in
Russian, on the demo's data (long Russian words, long e-mail addresses, many delegations):
nothing scrolls sideways and no column hides behind a scroll bar (tests/layout.py)."""

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting
from tests.layout import overflow

DEMO_PASSWORD = "cica-demo-2026"


@pytest.fixture
def summit(runner, app_context) -> int:
    """The demo's summit: its delegations, participants and a two-day timetable."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Meeting.id).where(Meeting.title_en == "7th CICA Summit"))


def _login(client, email: str) -> None:
    assert client.post("/login", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302


@pytest.mark.parametrize("email", ["organizer@example.org", "staff@example.org", "focal.kz@example.org"])
def test_the_list_of_participants_fits(client, summit, tmp_path, email):
    _login(client, email)
    assert overflow(client, f"/meetings/{summit}/participants", tmp_path) == []


def test_the_delegations_table_fits(client, summit, tmp_path):
    _login(client, "organizer@example.org")
    assert overflow(client, f"/meetings/{summit}/delegations", tmp_path) == []


def test_the_public_timetable_fits_with_its_rooms(client, summit, tmp_path):
    assert overflow(client, f"/meetings/{summit}", tmp_path) == []


def test_the_organizers_timetable_fits_with_its_rooms(client, summit, tmp_path):
    _login(client, "organizer@example.org")
    assert overflow(client, f"/manage/meetings/{summit}/timetable", tmp_path) == []


@pytest.mark.parametrize(("email", "desk"), [("organizer@example.org", "/desk/secretariat"),
                                             ("staff@example.org", "/desk/secretariat"),
                                             ("focal.kz@example.org", "/desk/party")])
def test_the_desks_fit(client, summit, tmp_path, email, desk):
    _login(client, email)
    assert overflow(client, desk, tmp_path) == []
