"""Two links that Russian would name alike say what they open, and a hint says the zone once,
in the sentence used everywhere else."""

from datetime import UTC, datetime, timedelta

from meetings.models import MeetingStatus, UserRole


def test_the_timetable_editor_link_is_not_the_programme_document(client, auth, build):
    meeting = build.meeting(status=MeetingStatus.CONFIRMED)
    auth.login(UserRole.ORGANIZER)
    russian = client.get(f"/meetings/{meeting.id}?lang=ru").get_data(as_text=True)
    editor = f'href="/manage/meetings/{meeting.id}/timetable">'
    assert f"{editor}Изменить программу</a>" in russian
    assert f"{editor}Timetable</a>" in client.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)


def test_the_interpretation_page_says_local_times_as_the_timetable_does(client, auth, build):
    start = datetime(2026, 12, 9, 5, 0, tzinfo=UTC)
    meeting = build.meeting(starts_at=start, ends_at=start + timedelta(days=1), timezone="Asia/Baku")
    auth.login(UserRole.ORGANIZER)
    russian = client.get(f"/meetings/{meeting.id}/logistics/interpretation?lang=ru").get_data(as_text=True)
    assert "Указано местное время (Баку, UTC+4)." in russian and "local times" not in russian
