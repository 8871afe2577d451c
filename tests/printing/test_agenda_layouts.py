"""The programme's layouts and options: parallel sessions side by side by time or one list,
descriptions shown or hidden; and the 500-entry Summit week (tests/printing/large_agenda.py) in no
more pages than Indico's timetable PDF of the same data (47)."""

from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import AgendaItemKind, MeetingStatus
from tests.layout import overflow
from tests.printing.helpers import fetch_pdf, in_order
from tests.printing.large_agenda import DESCRIPTIONS, build_large_meeting, large_programme

START = datetime(2026, 12, 9, 5, 0, tzinfo=UTC)  # 09:00 in Baku
INDICO_PAGES = 47


def flat(text: str) -> str:
    """Without spaces and line breaks, as Pdf.flat: a title wraps in its column, long words at a hyphen."""
    return "".join(text.split())


@pytest.fixture
def parallel(build):
    """A morning: an opening across the rooms, two sessions side by side, a longer one beside two
    short ones, and a lunch."""
    meeting = build.meeting(title_en="Expert meeting", starts_at=START, ends_at=START + timedelta(hours=8),
                            status=MeetingStatus.CONFIRMED)
    venue = build.venue("Congress Centre")
    hall, room_a = (build.room(name, name_ru=name_ru, venue=venue)
                    for name, name_ru in (("Plenary Hall", "Пленарный зал"), ("Room A", "Зал А")))
    build.item(meeting, timedelta(), "Opening", "Открытие", minutes=30, room=hall)
    build.item(meeting, timedelta(minutes=30), "Energy panel", "Энергетическая секция", room=hall,
               description_en="Statements of the coordinators.", description_ru="Выступления координаторов.")
    build.item(meeting, timedelta(minutes=30), "Transport panel", "Транспортная секция", room=room_a,
               kind=AgendaItemKind.WORKING_SESSION)
    build.item(meeting, timedelta(minutes=90), "Long workshop", "Длинный семинар", minutes=60, room=hall)
    build.item(meeting, timedelta(minutes=90), "First briefing", "Первый брифинг", minutes=30, room=room_a)
    build.item(meeting, timedelta(minutes=120), "Second briefing", "Второй брифинг", minutes=30, room=room_a)
    build.item(meeting, timedelta(minutes=150), "Lunch", "Обед", minutes=60, kind=AgendaItemKind.BREAK)
    return meeting


def _x(pdf, text: str) -> float:
    """Where the line ``text`` is drawn, from the left (pypdf joins the pieces drawn on one line: a
    title at the top of its cell comes with the row's time)."""
    return next(x for _, x, line in pdf.placements if line.strip() == text)


def test_parallel_sessions_side_by_side_under_their_rooms(client, parallel, pdf_of):
    pdf = pdf_of(client.get(f"/meetings/{parallel.id}/agenda.pdf?lang=en"))

    assert len(pdf.pages) == 1
    assert pdf.width > 800  # a landscape page: the rooms' columns need its width
    assert in_order(pdf.words, "Time Plenary Hall Room A", "09:00–09:30 Opening", "09:30–10:30 Energy panel",
                    "Statements of the coordinators.", "Transport panel", "10:30–11:30 Long workshop",
                    "First briefing", "10:30–11:00 · PLENARY", "11:00–11:30 Second briefing", "11:30–12:30 Lunch BREAK")
    # Side by side: what starts together is in one row, each entry in its room's column.
    hall, room_a = _x(pdf, "Statements of the coordinators."), _x(pdf, "Transport panel")
    assert _x(pdf, "09:30–10:30 Energy panel") < hall < room_a
    assert _x(pdf, "First briefing") == _x(pdf, "10:30–11:00 · PLENARY") == room_a
    # Beside the longer workshop, under its room: the line after its title is in that column.
    second = next(n for n, (_, _, line) in enumerate(pdf.placements) if line.endswith("Second briefing"))
    assert pdf.placements[second + 1][1:] == (room_a, "PLENARY")
    # An entry alone at its time runs across the rooms' columns, its room in small type.
    assert "Opening PLENARY · Plenary Hall" in pdf.words


def test_one_list_and_no_descriptions_on_request(client, parallel, pdf_of):
    pdf = pdf_of(client.get(f"/meetings/{parallel.id}/agenda.pdf?lang=ru&layout=list&descriptions=no"))

    assert pdf.width < 800  # one list fits a portrait page
    assert in_order(pdf.words, "ВРЕМЯ ПУНКТ ПРОГРАММЫ ЗАЛ", "09:30–10:30 Энергетическая секция", "Пленарный зал",
                    "09:30–10:30 Транспортная секция", "Зал А", "10:30–11:30 Длинный семинар")
    assert "Выступления координаторов" not in pdf.text
    assert _x(pdf, "ПЛЕНАРНОЕ ЗАСЕДАНИЕ") == _x(pdf, "РАБОЧЕЕ ЗАСЕДАНИЕ")  # one column, one under the other


@pytest.mark.parametrize("query", ["layout=columns&descriptions=maybe", "layout=&descriptions=",
                                   "layout=<script>&descriptions=%00", "layout=LIST&descriptions=NO",
                                   "layout=" + "x" * 5000])
def test_unknown_options_print_the_default_programme(client, parallel, query):
    html = client.get(f"/meetings/{parallel.id}/agenda?lang=en&{query}")

    assert html.status_code == 200
    page = html.get_data(as_text=True)
    assert '<option value="grouped" selected>' in page and '<option value="yes" selected>' in page
    assert "Statements of the coordinators." in page
    assert f'href="/meetings/{parallel.id}/agenda.pdf?lang=en"' in page  # the default has the plain URL
    assert client.get(f"/meetings/{parallel.id}/agenda.pdf?lang=en&{query}").status_code == 200


def test_the_choices_go_with_the_pdf_and_the_other_language(client, parallel):
    page = client.get(f"/meetings/{parallel.id}/agenda?lang=en&layout=list&descriptions=no").get_data(as_text=True)

    assert f'href="/meetings/{parallel.id}/agenda.pdf?lang=en&amp;layout=list&amp;descriptions=no"' in page
    assert f'href="/meetings/{parallel.id}/agenda?lang=ru&amp;layout=list&amp;descriptions=no"' in page
    assert '<option value="list" selected>' in page and '<option value="no" selected>' in page
    assert "Statements of the coordinators." not in page
    russian = client.get(f"/meetings/{parallel.id}/agenda?lang=ru").get_data(as_text=True)
    assert "Параллельные заседания" in russian and "Рядом, по времени" in russian


@pytest.mark.parametrize("query", ["", "layout=list&descriptions=no"])
def test_the_print_page_with_its_choices_fits_a_laptop_and_a_phone(client, parallel, tmp_path, query):
    assert overflow(client, f"/meetings/{parallel.id}/agenda?{query}", tmp_path) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_summit_week_fits_in_fewer_pages_than_indicos_with_every_title(client, build, pdf_of, lang):
    meeting = build_large_meeting(build)
    entries = large_programme()

    pdf = pdf_of(fetch_pdf(client, f"/meetings/{meeting.id}/agenda.pdf?lang={lang}"))

    assert len(pdf.pages) <= INDICO_PAGES
    text = pdf.flat
    missing = [entry for entry in entries if flat(getattr(entry, f"title_{lang}")) not in text]
    assert missing == []
    described = {getattr(entry, f"description_{lang}") for entry in entries} - {""}
    assert len(described) == len(DESCRIPTIONS)
    assert all(flat(description) in text for description in described)
    assert f"{len(pdf.pages)}" in pdf.pages[-1]

    hidden = pdf_of(fetch_pdf(client, f"/meetings/{meeting.id}/agenda.pdf?lang={lang}&descriptions=no"))
    assert not any(flat(description) in hidden.flat for description in described)
    assert len(hidden.pages) <= len(pdf.pages)
    assert all(flat(getattr(entry, f"title_{lang}")) in hidden.flat for entry in entries)
