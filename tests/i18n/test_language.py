"""Language choice and date formats in both languages (plural forms: test_plurals.py)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from meetings.i18n import format_date_range
from meetings.models import UserRole

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def test_accept_language_then_user_preference_then_switch(client, auth, build):
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de, en;q=0.5"}).get_data(as_text=True)
    auth.login(UserRole.STAFF)
    client.post("/account/language", data={"locale": "ru"})
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.get("/language/en?next=/")
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="ru">' in client.get("/?lang=ru").get_data(as_text=True)


def test_unknown_language_values_are_ignored(client, auth, build):
    user = auth.login(UserRole.STAFF)
    client.post("/account/language", data={"locale": "xx"})
    assert user.locale == ""
    response = client.get("/?lang=<script>")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in body and "<script>" not in body  # the refused choice is not kept: English
    assert client.get("/language/klingon?next=https://evil.example/").headers["Location"] == "/"


def test_no_translation_is_said_twice():
    """A merge of two branches once joined both sides of an entry: «…мероприятия (%(zone)s).Даты и время…»."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="ru")
    doubled = []
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            half = len(text) // 2
            if text and text[:half] == text[half:]:
                doubled.append(message.id)
    assert doubled == []


@pytest.mark.parametrize(
    ("lang", "start", "end", "expected"),
    [
        ("en", datetime(2022, 10, 12, 4, tzinfo=UTC), datetime(2022, 10, 13, 12, tzinfo=UTC), "12–13 October 2022"),
        ("ru", datetime(2022, 10, 12, 4, tzinfo=UTC), datetime(2022, 10, 13, 12, tzinfo=UTC), "12–13 октября 2022\u00a0г."),
        ("en", datetime(2023, 9, 21, 4, tzinfo=UTC), datetime(2023, 9, 21, 10, tzinfo=UTC), "21 September 2023"),
        ("ru", datetime(2024, 11, 30, 4, tzinfo=UTC), datetime(2024, 12, 2, 12, tzinfo=UTC), "30 ноября – 2 декабря 2024\u00a0г."),
        ("en", datetime(2025, 12, 31, 4, tzinfo=UTC), datetime(2026, 1, 1, 12, tzinfo=UTC), "31 December 2025 – 1 January 2026"),
    ],
)
def test_date_ranges_in_both_languages(lang, start, end, expected):
    assert format_date_range(start, end, "Asia/Almaty", lang) == expected


def test_local_dates_follow_the_meeting_zone():
    # 20:00 UTC on 11 October is already 12 October in Astana (UTC+5).
    start = datetime(2022, 10, 11, 20, tzinfo=UTC)
    assert format_date_range(start, datetime(2022, 10, 12, 10, tzinfo=UTC), "Asia/Almaty", "en") == "12 October 2022"
