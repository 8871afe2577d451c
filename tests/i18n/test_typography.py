"""Typography of the Russian pages, e-mails and PDFs as the Secretariat's own documents set it:
no weekday phrase inside a sentence, no-break spaces before «г.» and in grouped numbers, time
zones as a city with its UTC offset and never a raw IANA identifier."""

import email
import re
from datetime import UTC, date, datetime, timedelta
from email import policy

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from meetings.extensions import db
from meetings.models import MeetingStatus, OutboxMessage, UserRole
from meetings.notifications import notices
from meetings.scheduling.forms import ZoneField, timezone_choices
from meetings.timeutil import local_today
from tests.printing.helpers import read_pdf

NBSP = "\u00a0"
# Every case form of every Russian weekday: «воскресенье», «воскресенья», «среду», «пятницы»...
WEEKDAY = re.compile(r"\b(понедельник\w*|вторник\w*|сред[аыуе]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*)\b",
                     re.IGNORECASE)
RAW_ZONE = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+")
SUNDAY = date(2099, 12, 6)
# 04:00 UTC on 9 December 2026 is 08:00 in Baku (UTC+4); New York is then on UTC−5.
START = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)


def sentences(html: str) -> list[str]:
    """The running text of a page: paragraphs and definitions, tags and spacing flattened."""
    blocks = re.findall(r"<(p|dd|li)\b[^>]*>(.*?)</\1>", html, re.DOTALL)
    # Only ASCII spacing is flattened: str.split() would also eat the no-break spaces under test.
    return [re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for _, text in blocks]


def russian(client) -> None:
    client.get("/language/ru?next=/")


def test_the_deadline_sentences_of_the_pages_carry_a_plain_date(client, auth, build):
    meeting = build.meeting(registration_deadline=SUNDAY)
    kz = build.delegation(meeting, "KZ")
    auth.login(UserRole.FOCAL_POINT, party_id=kz.party_id)
    russian(client)
    for url in (f"/meetings/{meeting.id}/participants", "/desk/party"):
        texts = sentences(client.get(url).get_data(as_text=True))
        deadline = [t for t in texts if f"6 декабря 2099{NBSP}г." in t]
        assert deadline, url
        assert all(WEEKDAY.search(t) is None for t in deadline), deadline
    participants = client.get(f"/meetings/{meeting.id}/participants").get_data(as_text=True)
    assert f"по 6 декабря 2099{NBSP}г. включительно" in participants


def test_the_invitation_and_the_reminder_carry_a_plain_date(app_context, build):
    meeting = build.meeting(status=MeetingStatus.CONFIRMED)
    meeting.registration_deadline = local_today(meeting.timezone, datetime.now(UTC)) + timedelta(days=1)
    db.session.commit()
    user = build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id, email="fp@kz.example.org")
    user.locale = "ru"
    db.session.commit()
    build.delegation(meeting, "KZ")  # queues the invitation
    notices.queue_due_reminders()
    bodies = [email.message_from_bytes(m.content, policy=policy.default).get_body(preferencelist=("plain",))
              .get_content() for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.language == "ru"))]
    assert len(bodies) == 2  # the invitation and the reminder
    for body in bodies:
        assert f"{meeting.registration_deadline.year}{NBSP}г." in body
        assert WEEKDAY.search(body) is None, body


@pytest.mark.parametrize(("lang", "label", "sentence"), [
    ("ru", "Баку, UTC+4", "Указано местное время (Баку, UTC+4)."),
    ("en", "Baku, UTC+4", "Times are local times (Baku, UTC+4)."),
])
def test_meeting_page_and_timetable_name_the_zone_by_city_and_offset(client, auth, build, lang, label, sentence):
    meeting = build.meeting(starts_at=START, ends_at=START + timedelta(days=1), status=MeetingStatus.CONFIRMED)
    build.item(meeting, timedelta(hours=1), "Opening", "Открытие")
    auth.login(UserRole.ORGANIZER)
    for url in (f"/meetings/{meeting.id}?lang={lang}", f"/manage/meetings/{meeting.id}/timetable?lang={lang}"):
        text = " ".join(sentences(client.get(url).get_data(as_text=True)))
        assert label in text and sentence in text, url
        assert RAW_ZONE.search(text) is None, url


def test_the_zone_select_shows_cities_and_stores_the_identifier(client, auth, build):
    meeting = build.meeting(starts_at=START, ends_at=START + timedelta(days=1))
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/manage/meetings/{meeting.id}/edit?lang=ru").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="Asia/Kolkata"[^>]*>Калькутта, UTC\+5:30</option>', page)
    assert re.search(r'<option[^>]*value="America/New_York"[^>]*>Нью-Йорк, UTC−[45]</option>', page)


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "Указано местное время (Баку, UTC+4)."), ("en", "All times are local (Baku, UTC+4)."),
])
def test_the_agenda_pdf_names_the_zone_by_city_and_offset(client, build, lang, expected):
    meeting = build.meeting(starts_at=START, ends_at=START + timedelta(days=1), status=MeetingStatus.CONFIRMED)
    build.item(meeting, timedelta(hours=1), "Opening", "Открытие")
    pdf = read_pdf(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang={lang}").data)
    text = re.sub(r"[ \t\r\n]+", " ", pdf.text)
    assert expected in text
    assert RAW_ZONE.search(text) is None


def test_dates_and_numbers_keep_their_no_break_spaces(client, auth, build):
    meeting = build.meeting(starts_at=START, ends_at=START + timedelta(days=1), status=MeetingStatus.CONFIRMED)
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/meetings/{meeting.id}?lang=ru").get_data(as_text=True)
    assert f"9–10 декабря 2026{NBSP}г." in page
    assert re.search(r"\d г\.", page) is None  # no plain space before «г.» anywhere on the page
    month = client.get("/calendar?view=month&year=2026&month=12&lang=ru").get_data(as_text=True)
    assert f"Календарь мероприятий: декабрь 2026{NBSP}г." in month
    # A year is a period, not a label after a colon: «на 2026 г.».
    year = client.get("/calendar?view=year&year=2026&lang=ru").get_data(as_text=True)
    assert f"<h1>Календарь мероприятий на 2026{NBSP}г.</h1>" in year
    listed = client.get("/calendar?view=list&year=2026&lang=ru").get_data(as_text=True)
    assert f"<h1>Календарь мероприятий на 2026{NBSP}г.</h1>" in listed
    english = client.get("/calendar?view=year&year=2026&lang=en").get_data(as_text=True)
    assert "<h1>Calendar of meetings in 2026</h1>" in english
    room = build.room()
    refused = client.post(f"/manage/rooms/{room.id}/edit?lang=ru", data={"name": room.name, "capacity": "200000"})
    assert f"Введите целое число от 0 до 100{NBSP}000." in refused.get_data(as_text=True)


def test_each_city_is_listed_once_in_the_zone_select_and_an_alias_still_edits(app):
    """Aliases (Asia/Calcutta for Asia/Kolkata) used to list one city twice; a meeting saved with
    an alias opens with its zone chosen (the canonical one), so saving keeps it."""

    with app.test_request_context("/?lang=ru"):
        choices = timezone_choices()
        labels = [choice.label for choice in choices if choice.value]
        assert len(labels) == len(set(labels))
        assert "Asia/Kolkata" in {choice.value for choice in choices}
        assert "Asia/Calcutta" not in {choice.value for choice in choices}
        class ZoneForm(Form):
            timezone = ZoneField(choices=choices)

        assert ZoneForm(data={"timezone": "Asia/Calcutta"}).timezone.data == "Asia/Kolkata"
        posted = ZoneForm(formdata=MultiDict({"timezone": "Asia/Calcutta"}))
        assert posted.validate() and posted.timezone.data == "Asia/Kolkata"
