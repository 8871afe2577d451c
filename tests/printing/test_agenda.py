import re
from datetime import UTC, datetime, timedelta

import pytest

from meetings.extensions import db
from meetings.models import AgendaItemKind, MeetingStatus, UserRole, Visibility
from meetings.scheduling import services
from meetings.scheduling.services import PostponeInput
from meetings.timeutil import to_local
from tests.printing.helpers import ARABIC, HEBREW, HOSTILE, LONG_WORD, in_order, read_pdf

CICA_EN = "Conference on Interaction and Confidence Building Measures in Asia"
CICA_RU = "Совещание по взаимодействию и мерам доверия в Азии"
# 04:00 UTC is 08:00 in Baku (UTC+4).
START = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)


@pytest.fixture
def meeting(build):
    meeting = build.meeting(
        title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц", number=3,
        starts_at=START, ends_at=START + timedelta(days=1, hours=10), status=MeetingStatus.CONFIRMED,
    )
    room = build.room("Plenary Hall")
    chair = build.person(honorific="H.E. Mr.", printed_name="Elnur Mammadli", printed_name_ru="Эльнур Мамедли")
    speaker = build.person(honorific="Ms.", printed_name="Anna Morozova", printed_name_ru="Анна Морозова")
    build.item(meeting, timedelta(hours=1), "Opening of the meeting", "Открытие заседания", room=room,
               chair=chair, speakers=[speaker], minutes=30)
    build.item(meeting, timedelta(hours=4, minutes=30), "Lunch", "Обед", kind=AgendaItemKind.BREAK)
    build.item(meeting, timedelta(days=1, hours=2), "Adoption of the report", "Принятие доклада",
               kind=AgendaItemKind.CLOSED_SESSION, documents="Draft report\nDraft declaration")
    return meeting


def test_agenda_pdf_in_english(client, meeting, pdf_of):
    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en"))

    assert len(pdf.pages) == 1
    assert in_order(
        pdf.text, CICA_EN.upper(), "Senior Officials Committee", "No. 3 · Baku · 9–10 December 2026", "PROGRAMME",
        "As of ", "All times are local (Baku, UTC+4).",
        "Wednesday, 9 December 2026", "TIME ITEM ROOM", "09:00–09:30 Opening of the meeting", "PLENARY",
        "Chair: H.E. Mr. Elnur Mammadli", "Speakers: Ms. Anna Morozova", "Plenary Hall", "12:30–13:30 Lunch", "BREAK",
        "Thursday, 10 December 2026", "TIME ITEM ROOM", "10:00–11:00 Adoption of the report", "CLOSED SESSION",
        "Documents:", "– Draft report", "– Draft declaration", "Page 1 of 1",
    )
    assert CICA_RU not in pdf.text and "Мамедли" not in pdf.text
    assert "CICA-Print-Sans" in pdf.fonts  # the bundled font, not whatever the machine has


def test_agenda_pdf_in_russian(client, meeting, pdf_of):
    response = client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=ru")
    pdf = pdf_of(response)

    assert response.headers["Content-Disposition"] == f'inline; filename="CICA-programme-{meeting.id}-ru.pdf"'
    assert in_order(
        pdf.text, CICA_RU.upper(), "Комитет старших должностных лиц", "№\u00a03 · Баку · 9–10 декабря 2026\u00a0г.",
        "ПРОГРАММА", "По состоянию на", "Указано местное время (Баку, UTC+4).",
        "Среда, 9 декабря 2026\u00a0г.", "09:00–09:30 Открытие заседания", "Председатель: Его Превосходительство г-н",
        "г-жа Анна Морозова", "12:30–13:30 Обед",
        "Четверг, 10 декабря 2026\u00a0г.", "10:00–11:00 Принятие доклада", "Страница 1 из 1",
    )
    # Kind, chair and speakers share a line of small type, which wraps where it must.
    assert "ПЛЕНАРНОЕ ЗАСЕДАНИЕ · Председатель: Его Превосходительство г-н Эльнур Мамедли · Выступающие: г-жа Анна Морозова" in pdf.words
    assert "Opening of the meeting" not in pdf.text


def test_print_html_is_the_same_document(client, meeting):
    response = client.get(f"/meetings/{meeting.id}/agenda?lang=ru")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ru">' in html
    assert in_order(html, CICA_RU, "Комитет старших должностных лиц", "Открытие заседания", "Принятие доклада")
    assert '<thead>' in html and 'scope="col"' in html
    # The CSP forbids inline styles and scripts: the print CSS is a file of the app.
    assert "style=" not in html and "<style" not in html and "<script" not in html
    assert re.search(r'href="/static/css/print\.[0-9a-f]{12}\.css"', html)
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]


def test_page_count_grows_with_the_programme(client, build, pdf_of):
    short = build.meeting(starts_at=START, ends_at=START + timedelta(days=3))
    long = build.meeting(starts_at=START, ends_at=START + timedelta(days=3))
    build.programme(short, 6, days=1)
    build.programme(long, 60, days=3)

    short_pdf = pdf_of(client.get(f"/meetings/{short.id}/agenda.pdf?lang=en"))
    long_pdf = pdf_of(client.get(f"/meetings/{long.id}/agenda.pdf?lang=en"))

    assert len(short_pdf.pages) == 1
    pages = len(long_pdf.pages)
    assert pages > 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in long_pdf.pages[number - 1]
    # Every item once, in order, none cut across two pages (title and time on the same page).
    assert in_order(long_pdf.text, *(f"Item {n}\n" for n in range(1, 61)))
    for n in range(1, 61):
        assert sum(f"Item {n}\n" in page for page in long_pdf.pages) == 1
    # A day that goes on to the next page repeats the table's header there.
    for page in long_pdf.pages[1:]:
        assert in_order(page, "TIME", "ITEM", "ROOM", "Item ")


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        (MeetingStatus.DRAFT, "PROVISIONAL"),
        (MeetingStatus.PLANNED, "PROVISIONAL"),
        (MeetingStatus.POSTPONED, "POSTPONED"),
        (MeetingStatus.CONFIRMED, None),
        (MeetingStatus.HELD, None),
        (MeetingStatus.CANCELLED, "CANCELLED"),
    ],
)
def test_provisional_mark_exactly_while_not_confirmed(client, auth, build, pdf_of, status, mark):
    auth.login(UserRole.STAFF)  # drafts are seen by the Secretariat only
    meeting = build.meeting(status=status, starts_at=START, ends_at=START + timedelta(hours=13))  # 25 half hours fit
    build.programme(meeting, 25, days=1)  # two pages: the mark is on each

    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en"))

    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        assert ("PROVISIONAL" in page) is (mark == "PROVISIONAL")
        assert ("POSTPONED" in page) is (mark == "POSTPONED")
        assert ("CANCELLED" in page) is (mark == "CANCELLED")


@pytest.mark.parametrize(("lang", "moved_from"), [("en", "Rescheduled from 9 December 2026"),
                                                  ("ru", "Перенесено с прежних дат: 9 декабря 2026 г.")])
def test_a_meeting_moved_and_confirmed_is_not_provisional_and_says_where_it_moved_from(
        client, build, pdf_of, lang, moved_from):
    meeting = build.meeting(status=MeetingStatus.CONFIRMED, starts_at=START, ends_at=START + timedelta(hours=8))
    build.programme(meeting, 3, days=1)
    new_start = to_local(START, meeting.timezone).replace(tzinfo=None) + timedelta(days=14)
    services.postpone_meeting(meeting, PostponeInput(new_start=new_start, new_end=new_start + timedelta(hours=8),
                                                     reason="Host's request"),
                              user=build.user(UserRole.ORGANIZER), expected_version=meeting.version)
    assert meeting.status is MeetingStatus.CONFIRMED
    text = " ".join(pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang={lang}")).pages)
    assert "PROVISIONAL" not in text and "POSTPONED" not in text and "ПРЕДВАРИТЕЛЬН" not in text
    assert moved_from in " ".join(text.split())


def test_provisional_mark_in_russian(client, build, pdf_of):
    planned = build.meeting(status=MeetingStatus.PLANNED)
    confirmed = build.meeting(status=MeetingStatus.CONFIRMED)

    # The stamp names the document as its title does: a programme, not a "variant" of something.
    assert "ПРЕДВАРИТЕЛЬНАЯ ПРОГРАММА" in pdf_of(client.get(f"/meetings/{planned.id}/agenda.pdf?lang=ru")).text
    assert "ПРЕДВАРИТЕЛЬН" not in pdf_of(client.get(f"/meetings/{confirmed.id}/agenda.pdf?lang=ru")).text
    assert "PROVISIONAL PROGRAMME" in pdf_of(client.get(f"/meetings/{planned.id}/agenda.pdf?lang=en")).text


@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_restricted_and_draft_agendas_are_404_to_those_who_may_not_see_them(client, auth, build, suffix):
    restricted = build.meeting(title_en="Restricted SOC", visibility=Visibility.RESTRICTED,
                               status=MeetingStatus.CONFIRMED)
    draft = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT)
    participant = build.registration(restricted, "KZ")

    def agenda(meeting) -> int:
        """The answer; the agenda of that meeting when 200, nothing of it otherwise."""
        response = client.get(f"/meetings/{meeting.id}/agenda{suffix}")
        if response.status_code == 200 and suffix == ".pdf":
            assert (response.mimetype, response.data[:5]) == ("application/pdf", b"%PDF-")
            text = read_pdf(response.data).words
        else:
            assert response.mimetype == "text/html"
            text = response.get_data(as_text=True)
        assert (meeting.title_en in text) is (response.status_code == 200), (meeting.title_en, response.status_code)
        return response.status_code

    for meeting in (restricted, draft):
        assert agenda(meeting) == 404
    auth.login(UserRole.FOCAL_POINT)  # of Kazakhstan, whose delegation is invited: sees it
    assert agenda(restricted) == 200
    assert agenda(draft) == 404
    auth.logout()
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("CN").id)
    assert agenda(restricted) == 404
    auth.logout()
    auth.login(UserRole.DELEGATE)  # not registered for it
    assert agenda(restricted) == 404
    auth.logout()
    auth.login(UserRole.DELEGATE, person_id=participant.person_id)
    assert agenda(restricted) == 200
    auth.logout()
    auth.login(UserRole.STAFF)
    for meeting in (restricted, draft):
        assert agenda(meeting) == 200
    assert client.get(f"/meetings/999999/agenda{suffix}").status_code == 404


@pytest.mark.parametrize("lang", ["xx", "", "<script>", "ru-RU", "EN" * 200])
def test_bad_language_falls_back_to_the_default(client, meeting, pdf_of, lang):
    html = client.get(f"/meetings/{meeting.id}/agenda", query_string={"lang": lang})
    assert html.status_code == 200
    assert '<html lang="en">' in html.get_data(as_text=True)
    assert CICA_EN.upper() in pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf", query_string={"lang": lang})).text


def test_hostile_and_foreign_names_print_safely(client, build, pdf_of):
    meeting = build.meeting(title_en=f"{HOSTILE} {LONG_WORD}")
    chair = build.person(printed_name=ARABIC)
    speaker = build.person(printed_name=HEBREW)
    build.item(meeting, timedelta(hours=1), HOSTILE, chair=chair, speakers=[speaker],
               documents=f"{LONG_WORD}\n<b>bold</b>")

    response = client.get(f"/meetings/{meeting.id}/agenda?lang=en")
    html = response.get_data(as_text=True)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; O&#39;Brien &#34;Jr.&#34;" in html
    assert f'<span class="name" dir="auto">{ARABIC}</span>' in html
    assert f'<span class="name" dir="auto">{HEBREW}</span>' in html

    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en"))
    flat_hostile = "".join(HOSTILE.split())
    assert pdf.flat.count(flat_hostile) == 2  # the meeting's title and the item's, as typed
    assert pdf.flat.count(LONG_WORD) == 2  # the title's and the document's, wrapped, not cut
    assert "<b>bold</b>" in pdf.text
    # Right-to-left names are drawn in the bundled font (no missing glyphs) and readable.
    for name in (ARABIC, HEBREW):
        letters = set(name.replace(" ", ""))
        assert letters <= set(pdf.normalized_text), name
    # The word longer than a line is wrapped onto several lines rather than run off the page.
    assert LONG_WORD not in pdf.text
    right_margin = pdf.width - 18 / 25.4 * 72
    assert all(x < right_margin for _, x, _ in pdf.placements)


def test_agenda_loads_in_a_fixed_number_of_queries(client, build, count_queries):
    small = build.meeting(starts_at=START, ends_at=START + timedelta(days=3))
    large = build.meeting(starts_at=START, ends_at=START + timedelta(days=3))
    build.programme(small, 3)
    build.programme(large, 30, days=3)
    chair = build.person()
    for item in large.agenda_items:
        build.edit_item(item, chair=chair, speakers=[build.person(), build.person()])
    db.session.expire_all()  # a request starts with nothing loaded

    counts, items = [], []
    for meeting_id in (small.id, large.id):
        with count_queries() as counter:
            response = client.get(f"/meetings/{meeting_id}/agenda")
        assert response.status_code == 200
        counts.append(counter.count)
        items.append(len(set(re.findall(r"Item \d+\b", response.get_data(as_text=True)))))
    assert items == [3, 30]  # every entry is on the page whose queries were counted
    assert counts[0] == counts[1]


def test_print_page_links_its_pdf_and_other_language_but_the_pdf_does_not_show_them(client, meeting, pdf_of):
    html = client.get(f"/meetings/{meeting.id}/agenda?lang=en").get_data(as_text=True)

    assert f'href="/meetings/{meeting.id}/agenda.pdf?lang=en"' in html
    assert f'href="/meetings/{meeting.id}/agenda?lang=ru"' in html
    assert f'href="/meetings/{meeting.id}"' in html
    text = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en")).text
    assert "Download PDF" not in text and "Русский" not in text
