"""Changes an organizer makes, through the services, between rounds of the benchmark: each makes
the next answer of a feed or PDF a cold build (whatever cache main keeps, it must not serve the
old bytes after a change)."""

from datetime import datetime

from sqlalchemy import select

from meetings.accounts.services import find_user
from meetings.bench_data import ACTOR_EMAIL
from meetings.extensions import db
from meetings.models import AgendaItem, Meeting, MeetingStatus, User, Visibility
from meetings.scheduling import services as scheduling
from meetings.timeutil import to_local


def _local(instant: datetime, tz: str) -> datetime:
    return to_local(instant, tz).replace(tzinfo=None)


def _actor() -> User:
    return find_user(ACTOR_EMAIL)


def upcoming_public_meeting(exclude: int) -> int:
    """The first upcoming public meeting other than ``exclude`` (the large one): it is in every window."""
    return db.session.scalar(select(Meeting.id).where(
        Meeting.id != exclude, Meeting.visibility == Visibility.PUBLIC,
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.CONFIRMED])).order_by(Meeting.starts_at).limit(1))


def retitle_meeting(meeting_id: int, n: int) -> None:
    """A new English title (``n`` tells the rounds apart): a change every feed that holds it shows."""
    m = db.session.get(Meeting, meeting_id)
    base = m.title_en.split(" [rev")[0]
    scheduling.update_meeting(m, scheduling.MeetingInput(
        title_en=f"{base} [rev {n}]", title_ru=m.title_ru, type_id=m.type_id, timezone=m.timezone,
        local_start=_local(m.starts_at, m.timezone), local_end=_local(m.ends_at, m.timezone), number=m.number,
        status=m.status, visibility=m.visibility, format=m.format, host_party_id=m.host_party_id,
        chair_party_id=m.chair_party_id, city_en=m.city_en, city_ru=m.city_ru, venue_id=m.venue_id,
        online_url=m.online_url, cbm_dimension=m.cbm_dimension, description_en=m.description_en,
        description_ru=m.description_ru, registration_deadline=m.registration_deadline),
        user=_actor(), expected_version=None, accept_warnings=True)


def retitle_item(meeting_id: int, n: int) -> None:
    """A new title of the meeting's first timetable entry: its agenda and .ics change."""
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                             .order_by(AgendaItem.starts_at, AgendaItem.id).limit(1))
    tz = item.meeting.timezone
    base = item.title_en.split(" [rev")[0]
    scheduling.update_agenda_item(item, scheduling.ItemInput(
        title_en=f"{base} [rev {n}]", title_ru=item.title_ru, kind=item.kind, room_id=item.room_id,
        chair_id=item.chair_id, speaker_ids=[p.id for p in item.speakers], documents=item.documents,
        description_en=item.description_en, description_ru=item.description_ru, position=item.position,
        local_start=_local(item.starts_at, tz), local_end=_local(item.ends_at, tz)),
        user=_actor(), expected_version=None, accept_warnings=True)
