"""Bilingual data: rooms, venue addresses and people's names in the page's language (the other as a
fallback) on pages, in PDFs and feeds, and people sorted by the family name in the page's alphabet."""

import csv
import io
import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import MeetingStatus, Party, Person, RegistrationRole, UserRole
from tests.printing.helpers import in_order, read_pdf

ROOM = {"name": "Plenary Hall", "name_ru": "Пленарный зал"}
ADDRESS = ("1 Heydar Aliyev Ave", "пр. Гейдара Алиева, 1")
# Latin and Cyrillic orders differ: Kh/Х and Zh/Ж sort differently in each alphabet.
PEOPLE = (("Khalilov", "Rauf", "Халилов", "Рауф"), ("Zhukov", "Oleg", "Жуков", "Олег"),
          ("Ivanov", "Ivan", "Иванов", "Иван"), ("Petrov", "Petr", "Петров", "Пётр"))
LATIN_ORDER = ["Ivanov", "Khalilov", "Petrov", "Zhukov"]
CYRILLIC_ORDER = ["Жуков", "Иванов", "Петров", "Халилов"]


@pytest.fixture
def pdf_of():
    def get(response):
        assert (response.status_code, response.mimetype) == (200, "application/pdf")
        return read_pdf(response.data)

    return get


@pytest.fixture
def meeting(build):
    venue = build.venue("Baku Congress Center", name_ru="Бакинский конгресс-центр", address=ADDRESS[0],
                        address_ru=ADDRESS[1], rooms=[ROOM])
    meeting = build.meeting(venue=venue, status=MeetingStatus.CONFIRMED, title_en="Senior Officials Committee",
                            title_ru="Комитет старших должностных лиц")
    item = build.item(meeting, title_en="Opening", title_ru="Открытие")
    build.edit_item(item, room=venue.rooms[0])
    for index, (family, given, family_ru, given_ru) in enumerate(PEOPLE):
        build.registration(meeting, "KZ", family_name=family, given_names=given, family_name_ru=family_ru,
                           given_names_ru=given_ru, honorific="H.E. Mr.",
                           role=RegistrationRole.HEAD_OF_DELEGATION if index == 0 else RegistrationRole.DELEGATE)
    return meeting


def test_room_and_address_in_the_pages_language(client, meeting):
    ru = client.get(f"/meetings/{meeting.id}?lang=ru").get_data(as_text=True)
    en = client.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Пленарный зал" in ru and ADDRESS[1] in ru
    assert "Plenary Hall" not in ru and ADDRESS[0] not in ru
    assert "Plenary Hall" in en and ADDRESS[0] in en and "Пленарный зал" not in en


def test_a_room_without_a_russian_name_falls_back_marked(client, build, meeting):
    build.edit_item(build.item(meeting, start=timedelta(hours=3), title_en="Lunch"),
                    room=build.room("Hall B", venue=meeting.venue))
    ru = client.get(f"/meetings/{meeting.id}?lang=ru").get_data(as_text=True)
    assert '<span lang="en" class="fallback" title="en">Hall B <small>[EN]</small></span>' in ru


def test_russian_feed_locations(client, meeting):
    for lang, room, address in (("ru", "Пленарный зал", ADDRESS[1]), ("en", "Plenary Hall", ADDRESS[0])):
        calendar = icalendar.Calendar.from_ical(client.get(f"/meetings/{meeting.id}.ics?lang={lang}").data)
        locations = {str(event.get("SUMMARY")): str(event.get("LOCATION")) for event in calendar.walk("VEVENT")}
        item = next(location for summary, location in locations.items() if summary in ("Открытие", "Opening"))
        assert item.startswith(f"{room}, ") and address in item, item
        assert all(address in location for location in locations.values()), locations


def test_agenda_pdf_names_the_room_in_its_language(client, meeting, pdf_of):
    assert "Пленарный зал" in pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=ru")).text
    en = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en")).text
    assert "Plenary Hall" in en and "Пленарный" not in en


def test_room_and_venue_forms_take_both_languages(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    venue = build.venue("Kokhi Navruz", city_en="Dushanbe", timezone="Asia/Dushanbe")
    response = client.post(f"/manage/venues/{venue.id}/rooms", data={"name": "Grand Hall", "name_ru": "Большой зал",
                                                               "capacity": "500", "interpretation_booths": "6"})
    assert response.status_code == 302
    response = client.post(f"/manage/venues/{venue.id}", data={
        "name_en": "Kokhi Navruz", "name_ru": "Кохи Навруз", "city_en": "Dushanbe", "city_ru": "Душанбе",
        "address": "Ismoili Somoni Ave", "address_ru": "пр. Исмоила Сомони", "timezone": "Asia/Dushanbe"})
    assert response.status_code == 302
    ru = client.get(f"/manage/venues/{venue.id}?lang=ru").get_data(as_text=True)
    assert "Большой зал" in ru and "пр. Исмоила Сомони" in ru
    assert "Большой зал" in client.get("/manage/venues?lang=ru").get_data(as_text=True)
    db.session.refresh(venue)
    assert (venue.address_ru, venue.rooms[0].name_ru) == ("пр. Исмоила Сомони", "Большой зал")


NAME_CELL = re.compile(r'<th scope="row">(?:<a [^>]*>)?(?:<span lang="\w+">)?([^<]*)<')


def test_participants_list_in_each_alphabet_with_russian_honorifics(client, auth, meeting):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{meeting.id}/participants"
    en = [name.split()[-1] for name in NAME_CELL.findall(client.get(url + "?lang=en").get_data(as_text=True))]
    ru_names = NAME_CELL.findall(client.get(url + "?lang=ru").get_data(as_text=True))
    # The head of delegation first, then by family name in the page's alphabet.
    assert en == ["Khalilov", *[n for n in LATIN_ORDER if n != "Khalilov"]]
    assert [n.split()[-1] for n in ru_names] == ["Халилов", *[n for n in CYRILLIC_ORDER if n != "Халилов"]]
    assert ru_names[0] == "г-н Рауф Халилов"


def test_exports_sort_in_their_language_and_carry_both_scripts(client, auth, meeting):
    auth.login(UserRole.ORGANIZER)
    text = client.get(f"/meetings/{meeting.id}/participants.csv?lang=ru").get_data(as_text=True).lstrip("\ufeff")
    header, *rows = csv.reader(io.StringIO(text))
    columns = [header.index(title) for title in ("Обращение", "Фамилия", "Фамилия (кириллицей)")]
    assert [[row[c] for c in columns] for row in rows] == [
        ["Его Превосходительство г-н", latin, cyrillic] for latin, cyrillic in (("Khalilov", "Халилов"), ("Zhukov", "Жуков"),
                                                              ("Ivanov", "Иванов"), ("Petrov", "Петров"))]


def test_printed_list_orders_a_delegation_by_the_russian_family_name(client, auth, meeting, pdf_of):
    auth.login(UserRole.STAFF)
    ru = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=ru"))
    en = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=en"))
    assert in_order(ru.words, "г-н Рауф Халилов", *[f"г-н {n}" for n in ("Олег Жуков", "Иван Иванов",
                                                                                      "Пётр Петров")])
    assert in_order(en.words, "H.E. Mr. Rauf Khalilov", "H.E. Mr. Ivan Ivanov", "H.E. Mr. Petr Petrov",
                    "H.E. Mr. Oleg Zhukov")
    assert "Ivanov" not in ru.text and "Иванов" not in en.text


def test_a_name_typed_in_cyrillic_in_the_latin_field_is_refused_beside_it_and_kept(client, auth, meeting):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{meeting.id}/participants/new"
    body = client.post(url, data={"family_name": "Токаев", "given_names": "Аскар", "role": "delegate",
                                  "party_id": meeting_party(meeting)}).get_data(as_text=True)
    assert "a name in Cyrillic goes in the Cyrillic field" in body
    assert 'value="Токаев"' in body
    assert db.session.scalar(select(Person).where(Person.family_name == "Токаев")) is None


def test_a_person_known_only_in_cyrillic_shows_in_cyrillic_in_both_languages(client, auth, meeting):
    auth.login(UserRole.ORGANIZER)
    response = client.post(f"/meetings/{meeting.id}/participants/new", data={
        "family_name_ru": "Токаев", "given_names_ru": "Аскар", "role": "delegate", "party_id": meeting_party(meeting)})
    assert response.status_code == 302
    url = f"/meetings/{meeting.id}/participants"
    assert "Аскар Токаев" in client.get(url + "?lang=ru").get_data(as_text=True)
    en = client.get(url + "?lang=en").get_data(as_text=True)
    assert '<span lang="ru">Аскар Токаев</span>' in en  # marked as Russian, never passed off as Latin
    people = client.get("/people?q=Токаев&lang=ru").get_data(as_text=True)
    assert "ТОКАЕВ, Аскар" in people


def meeting_party(meeting) -> int:
    return db.session.scalar(select(Party.id).where(Party.code == "KZ"))
