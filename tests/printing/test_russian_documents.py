"""Every kind of PDF we produce, in Russian, read back with pypdf as a reader sees it: no English
honorific, no «Е. П.» (no Russian convention), no raw time zone identifier."""

import re

import pytest
from sqlalchemy import select

from meetings.demo_data import SOC_EN
from meetings.extensions import db
from meetings.models import HotelBlock, Meeting, Registration, UserRole, VisaLetter

ENGLISH_HONORIFIC = re.compile(r"H\.E\.|\bMrs?\.|\bMs\.|Е\. П\.")
ZONE_ID = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+")
# What the demo once typed in English and a Secretariat in Astana types in Russian: embassies,
# nationalities, stations, trains, room types, rates and notes; and a hotel's city after its address.
ENGLISH_TYPED = re.compile(r"Embassy|Kazakhstan|Azerbaijan|Railway|Train|Overnight|Deluxe|Standard single|"
                           r"Late arrival|breakfast|\bBaku\b")


@pytest.fixture
def russian_pdfs(runner, client, auth, pdf_of):
    """{kind: text} of each Russian PDF of the demo's December meeting of the SOC in Baku."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    auth.login(UserRole.ORGANIZER)
    meeting = db.session.scalar(select(Meeting).where(Meeting.title_en == SOC_EN, Meeting.city_en == "Baku")
                                .order_by(Meeting.starts_at.desc()))
    hotel_id = db.session.scalar(select(HotelBlock.hotel_id).where(HotelBlock.meeting_id == meeting.id))
    letter = db.session.scalar(select(VisaLetter).join(Registration).where(Registration.meeting_id == meeting.id,
                                                                          VisaLetter.language == "ru"))
    base = f"/meetings/{meeting.id}"
    urls = {
        "programme": f"{base}/agenda.pdf", "list of participants": f"{base}/participants/print.pdf",
        "badges": f"{base}/badges.pdf", "rooming list": f"{base}/logistics/hotels/{hotel_id}/rooming-list.pdf",
        "travel schedule": f"{base}/logistics/travel/schedule.pdf",
        "visa letter": f"{base}/logistics/visas/{letter.id}.pdf",
    }
    return {kind: " ".join(pdf_of(client.get(url + "?lang=ru")).pages) for kind, url in urls.items()}


def test_russian_pdfs_carry_russian_honorifics_only(russian_pdfs):
    found = {kind: ENGLISH_HONORIFIC.findall(text) for kind, text in russian_pdfs.items()}
    assert {kind: hits for kind, hits in found.items() if hits} == {}
    assert "г-н" in russian_pdfs["list of participants"]  # the list does carry honorifics, in Russian


def test_russian_pdfs_name_time_zones_by_city(russian_pdfs):
    """Fails until the "typography" part of issue 16 writes zones as «Баку, UTC+4»."""
    found = {kind: ZONE_ID.findall(text) for kind, text in russian_pdfs.items()}
    assert {kind: hits for kind, hits in found.items() if hits} == {}


def test_the_russian_list_says_whom_it_includes_as_the_secretariat_would(russian_pdfs):
    text = re.sub(r"\s+", " ", russian_pdfs["list of participants"])
    assert ("В список включены зарегистрированные и аккредитованные участники, а также участники, "
            "присутствовавшие на мероприятии; приглашённые лица, отказы и отменённые регистрации в список "
            "не включаются.") in text


def test_russian_pdfs_carry_what_the_secretariat_typed_in_russian(russian_pdfs):
    found = {kind: ENGLISH_TYPED.findall(text) for kind, text in russian_pdfs.items()}
    assert {kind: hits for kind, hits in found.items() if hits} == {}
    # Lines wrap anywhere, and words in narrow columns are hyphenated («за‐ езд»).
    text = {kind: " ".join(pages.split()).replace("\u2010 ", "") for kind, pages in russian_pdfs.items()}
    assert "Посольство Азербайджанской Республики в Республике Казахстан" in text["visa letter"]
    assert "Гражданство Казахстан" in text["visa letter"]
    assert "Поезд 37" in text["travel schedule"] and "Поздний заезд" in text["rooming list"]
