"""Every kind of feed and of invitation e-mail, read by every reader the tests have: icalendar,
ical, vobject and ical.js agreeing with zoneinfo on every instant, Outlook's one-rule reading too,
and ETags that never stand for two different bodies.

The calendar holds what breaks readers: Almaty before and after its 2024 change of offset, New
York across the end of daylight saving time, a break, a cancellation, Russian texts.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest

from meetings.extensions import db
from meetings.feeds.tokens import issue_token
from meetings.models import (
    AgendaItemKind,
    MeetingFormat,
    MeetingStatus,
    Party,
    Person,
    Registration,
    UserRole,
    Visibility,
)
from meetings.scheduling import services as scheduling
from tests.calendar_export.parsers import assert_parses_everywhere
from tests.calendar_export.test_outlook import one_rule_instants
from tests.conftest import deliver_outbox
from tests.feeds.test_invitations import invitation_of


def at(day: date, offset: int, hour: int) -> datetime:
    return datetime.combine(day + timedelta(days=offset), time(hour))


def _meeting(organizer, build, title, zone, day: date, days: int = 1, *, type_code="SOC", host="KZ", items=()):
    meeting = scheduling.create_meeting(scheduling.MeetingInput(
        title_en=title, title_ru=f"{title} (рус.)", type_id=build.meeting_type(type_code).id,
        timezone=zone, local_start=at(day, 0, 9),
        local_end=at(day, days - 1, 18), status=MeetingStatus.PLANNED,
        city_en="Astana", city_ru="Астана", format=MeetingFormat.IN_PERSON, visibility=Visibility.PUBLIC,
        host_party_id=build.party(host).id,
    ), user=organizer, accept_warnings=True)
    for offset, hour, title_en, kind in items:
        scheduling.add_agenda_item(meeting, scheduling.ItemInput(
            title_en=title_en, title_ru=f"{title_en} (рус.)", kind=AgendaItemKind(kind),
            local_start=at(day, offset, hour), local_end=at(day, offset, hour + 1),
        ), user=organizer, accept_warnings=True)
    return meeting


@pytest.fixture
def config_class(config_class):
    """Feeds that reach back ten years: the meeting of 2023 (Almaty's old offset) stays in them."""
    return type("TenYearWindow", (config_class,), {"FEED_WINDOW_DAYS": 3650})


@pytest.fixture
def calendar(build):
    organizer = build.user(UserRole.ORGANIZER)
    sessions = [(0, 10, "Opening", "plenary"), (0, 12, "Coffee", AgendaItemKind.BREAK.value),
                (1, 14, "Working session", "plenary")]
    past = _meeting(organizer, build, "SOC 2023", "Asia/Almaty", date(2023, 9, 12), items=sessions[:1])
    soon = _meeting(organizer, build, "SOC 2026", "Asia/Almaty", date(2026, 12, 15), 2, items=sessions)
    new_york = _meeting(organizer, build, "Briefing in New York", "America/New_York", date(2026, 10, 30), 5,
                        type_code="WORKSHOP", host="CN", items=[(0, 9, "Before the change", "plenary"),
                                                               (3, 9, "After the change", "plenary")])
    cancelled = _meeting(organizer, build, "Cancelled workshop", "Asia/Baku", date(2026, 12, 20), type_code="WORKSHOP")
    scheduling.cancel_meeting(cancelled, reason="The host withdrew.", user=organizer, expected_version=cancelled.version)
    build.delegation(new_york, "KZ")
    delegate_person = build.person(email="d@example.org")
    guest = build.person(email="g@example.org", party_id=build.party("KZ").id)
    for person in (delegate_person, guest):
        build.registration(soon, person=person)
    delegate = build.user(UserRole.DELEGATE, person_id=delegate_person.id)
    focal = build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    tokens = {
        "delegate": issue_token(user_id=delegate.id), "focal point": issue_token(user_id=focal.id),
        "organizer": issue_token(user_id=organizer.id), "issued for a person": issue_token(person_id=guest.id),
        "issued for a party": issue_token(party_id=build.party("KZ").id),
    }
    feeds = {
        "public": "/calendar.ics", "public, Russian": "/calendar.ics?lang=ru", "per type": "/calendar.ics?type=SOC",
        "per party": "/calendar.ics?party=KZ", "per party and type": "/calendar.ics?party=KZ&type=WORKSHOP",
        "meeting": f"/meetings/{soon.id}.ics", "meeting with breaks": f"/meetings/{soon.id}.ics?breaks=1",
        "meeting, Russian": f"/meetings/{soon.id}.ics?lang=ru", "meeting across DST": f"/meetings/{new_york.id}.ics",
        **{f"personal: {name}": f"/feeds/{token}.ics" for name, token in tokens.items()},
        **{f"personal, Russian: {name}": f"/feeds/{token}.ics?lang=ru" for name, token in tokens.items()},
    }
    return {"organizer": organizer, "soon": soon, "past": past, "feeds": feeds}


def test_every_feed_reads_alike_everywhere_and_its_etag_stands_for_one_body(client, calendar):
    seen: dict[str, bytes] = {}
    for name, url in calendar["feeds"].items():
        response = client.get(url)
        assert (response.status_code, response.content_type) == (200, "text/calendar; charset=utf-8"), name
        events = assert_parses_everywhere(response.data)
        assert events, name
        assert one_rule_instants(response.data) == [(e.uid, e.start, e.end) for e in events], name
        etag = response.headers["ETag"]
        assert seen.setdefault(etag, response.data) == response.data, f"{name}: one ETag for two bodies"
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, name
    # The Secretariat's feed holds Almaty sessions of 2023 (+06) and 2026 (+05): each period has its
    # own one-rule VTIMEZONE, which every reader above (and Outlook's one rule) read right.
    everything = client.get(calendar["feeds"]["personal: organizer"]).data.decode()
    assert "TZID:Asia/Almaty (until 2024-03-01)" in everything and "TZID:Asia/Almaty\r\n" in everything
    assert "Coffee" not in client.get(calendar["feeds"]["meeting"]).data.decode()
    assert "Coffee" in client.get(calendar["feeds"]["meeting with breaks"]).data.decode()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_invitation_kind_reads_alike_everywhere(mail_client, smtp, calendar, lang):  # noqa: F811
    _, inbox = smtp
    soon, organizer = calendar["soon"], calendar["organizer"]
    people = db.session.scalars(db.select(Person).join(Registration).where(Registration.meeting_id == soon.id)).all()
    for person in people:  # the recipient's language comes from their party
        person.party_id = calendar_party(lang)
    db.session.commit()

    def send():
        assert mail_client.post(f"/manage/meetings/{soon.id}/invitations").status_code == 302

    send()  # REQUEST
    scheduling.postpone_meeting(soon, scheduling.PostponeInput(new_start=datetime(2027, 3, 16, 9),
                                                               new_end=datetime(2027, 3, 17, 18), reason="Later."),
                                user=organizer, expected_version=soon.version)
    deliver_outbox(mail_client.application)  # the update: REQUEST again, newer (a notice of the service)
    scheduling.cancel_meeting(soon, reason="Off.", user=organizer, expected_version=soon.version)
    deliver_outbox(mail_client.application)  # CANCEL
    methods = []
    for message in inbox.messages:
        invitation = invitation_of(message)
        methods.append(str(invitation["METHOD"]))
        body = invitation.to_ical()
        events = assert_parses_everywhere(body)
        assert one_rule_instants(body) == [(e.uid, e.start, e.end) for e in events]
        assert bool(re.search("[а-яё]", message["Subject"], re.IGNORECASE)) is (lang == "ru"), message["Subject"]
    assert methods == ["REQUEST"] * 4 + ["CANCEL"] * 2


def calendar_party(lang: str) -> int:
    code = {"en": "CN", "ru": "KZ"}[lang]  # China is written to in English, Kazakhstan in Russian
    return db.session.scalar(db.select(Party.id).where(Party.code == code))
