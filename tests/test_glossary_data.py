"""Reference and demo data follow the glossary (translations/GLOSSARY.md): bodies named in full and
as they were at the time, meetings named as meetings; a database seeded before is brought up to it."""

import re

from sqlalchemy import func, select

from meetings.demo_data import MEETINGS, PEOPLE, VENUES, slots
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import AgendaItem, Meeting, MeetingType, Room, Venue
from meetings.reference import meeting_type_rows
from tests.test_demo import table_counts

BANNED = re.compile(r"Совет министров(?! иностранных дел)|[Сс]есси[яи]|Совместный секретарь|Директор МИД|^пр\. ")


def _russian_values() -> list[str]:
    values = [row[key] for row in meeting_type_rows() for key in ("name_ru", "body_ru")]
    values += [m.title_ru for m in MEETINGS] + [row[7] for row in PEOPLE]
    values += [v[6] for v in VENUES.values()] + [room[1] for v in VENUES.values() for room in v[7]]
    values += [s[3] for day in range(2) for last in (False, True) for s in slots(day, last, "SUMMIT")]
    return values


def test_russian_data_has_no_rendering_the_glossary_bans():
    assert [value for value in _russian_values() if BANNED.search(value)] == []
    # Meetings of a body are named as meetings of it, not as the body.
    bodies = [m for m in MEETINGS if m.type_code in ("SOC", "SWG")]
    assert bodies and all(m.title_ru.startswith("Заседание ") and "СВМДА" in m.title_ru for m in bodies)
    assert all(m.title_en.startswith("Meeting of the CICA ") for m in bodies)
    # «№» and its number are not split at a line end.
    assert all("№\u00a0" in room[1] for v in VENUES.values() for room in v[7] if "№" in room[1])


def test_a_ministerial_meeting_before_the_renaming_shows_the_name_of_its_time(runner, client, app_context):
    runner.invoke(args=["demo"])
    mc = MeetingType.code == "MC"
    sixth, seventh = (db.session.scalar(select(Meeting).join(Meeting.type).where(mc, Meeting.number == n))
                      for n in (6, 7))
    ru = client.get(f"/meetings/{sixth.id}?lang=ru").get_data(as_text=True)
    assert "Совещание министров иностранных дел" in ru and "Совет министров" not in ru
    assert "Ministerial Meeting" in client.get(f"/meetings/{sixth.id}?lang=en").get_data(as_text=True)
    assert "Совета министров иностранных дел (СМИД)" in client.get(f"/meetings/{seventh.id}?lang=ru").get_data(as_text=True)
    # The printed programme's header too.
    assert "Совещание министров иностранных дел" in client.get(f"/meetings/{sixth.id}/agenda?lang=ru").get_data(as_text=True)


def test_seed_and_demo_bring_an_earlier_database_to_the_glossary(runner, app_context):
    runner.invoke(args=["demo"])
    # As an earlier seed and demo left it.
    soc = db.session.scalar(select(MeetingType).where(MeetingType.code == "SOC"))
    soc.name_ru = "Комитет старших должностных лиц"
    meeting = db.session.scalar(select(Meeting).where(Meeting.title_en == MEETINGS[-1].title_en))
    meeting.title_en, meeting.title_ru = "Senior Officials Committee", "Комитет старших должностных лиц"
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title_ru.like("Рабочее заседание%")))
    item.title_ru = item.title_ru.replace("Рабочее заседание", "Рабочая сессия")
    room = db.session.scalar(select(Room).join(Room.venue).where(Venue.city_en == "Baku", Room.name == "Meeting Room 1"))
    room.name_ru = "Зал заседаний 1"
    edited = db.session.scalar(select(MeetingType).where(MeetingType.code == "TTF"))
    edited.name_ru = "Форум аналитиков"  # an organizer's edit is kept
    db.session.commit()
    before = table_counts()

    assert runner.invoke(args=["demo"]).exit_code == 0

    assert table_counts() == before  # renamed, not doubled
    assert (soc.name_ru, edited.name_ru) == ("Комитет старших должностных лиц (КСДЛ)", "Форум аналитиков")
    assert (meeting.title_en, meeting.title_ru) == (MEETINGS[-1].title_en, MEETINGS[-1].title_ru)
    assert meeting.title_ru == "Заседание Комитета старших должностных лиц (КСДЛ) СВМДА"
    assert item.title_ru.startswith("Рабочее заседание") and room.name_ru == "Зал заседаний №\u00a01"
    assert db.session.scalar(select(func.count()).where(AgendaItem.title_ru.like("%сессия%"))) == 0
    assert "up to date" in runner.invoke(args=["seed"]).output


def test_a_page_prints_the_type_of_meeting_only_where_the_title_does_not_name_it(runner, client, app_context):
    runner.invoke(args=["demo"])
    soc = db.session.scalar(select(Meeting).where(Meeting.title_en == MEETINGS[-1].title_en))
    # A public workshop whose title does not say "workshop" (the demo has a members-only one too).
    workshop = db.session.scalar(select(Meeting).where(Meeting.title_en == "Expert Meeting on Energy Security"))
    kicker = re.compile(r'<p class="kicker">([^<]*)</p>')
    for lang in ("ru", "en"):
        pages = [client.get(f"/meetings/{meeting.id}?lang={lang}") for meeting in (soc, workshop)]
        assert [page.status_code for page in pages] == [200, 200]
        assert kicker.findall(pages[0].get_data(as_text=True)) == []
        assert kicker.findall(pages[1].get_data(as_text=True)) == [str(localized(workshop.type, "name", lang))]
