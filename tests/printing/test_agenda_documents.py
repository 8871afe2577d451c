"""Each agenda item's documents: by symbol (their current version) in the printed agenda, linked in
the reader's language (the other as a fallback, marked) on the meeting page and the organizer's
timetable; only those the reader may see; in a fixed number of queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from meetings.extensions import db
from meetings.models import DocumentVersion, UserRole, Visibility
from tests.documents.silence_rows import document, under_silence

START = datetime(2030, 12, 9, 4, 0, tzinfo=UTC)  # 08:00 in Baku


@pytest.fixture
def meeting(build):
    return build.meeting(title_en="Senior Officials Committee", starts_at=START, ends_at=START + timedelta(hours=10))


@pytest.fixture
def item(build, meeting):
    return build.item(meeting, timedelta(hours=1), "Adoption of the declaration", "Принятие декларации",
                      documents="Chair's non-paper")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_printed_agenda_lists_each_items_documents_by_their_current_version(client, build, meeting, item):
    original = document(meeting, "CICA/SOC/2030/DECL.1", item=item, title_en="Draft Astana Declaration",
                        title_ru="Проект Астанинской декларации")
    document(meeting, original=original, version=DocumentVersion.REVISION, title_en="Draft Astana Declaration",
             title_ru="Проект Астанинской декларации (пересмотренный)")  # /Rev.1
    document(meeting, original=original, version=DocumentVersion.REVISION, issued=False)  # /Rev.2: a draft
    document(meeting, original=original, version=DocumentVersion.ADDENDUM)  # /Add.1: not the item's document
    other_item = document(meeting, "CICA/SOC/2030/INF.1")  # of the meeting, of no item
    html = _page(client, f"/meetings/{meeting.id}/agenda?lang=en")
    assert "CICA/SOC/2030/DECL.1/Rev.1 Draft Astana Declaration" in html
    assert "DECL.1/Rev.2" not in html and "DECL.1/Add.1" not in html
    assert "CICA/SOC/2030/DECL.1 " not in html  # the revision stands in for its original
    assert other_item.symbol not in html
    assert "Chair&#39;s non-paper" in html  # the item's own list stays
    russian = _page(client, f"/meetings/{meeting.id}/agenda?lang=ru")
    assert "CICA/SOC/2030/DECL.1/Rev.1 Проект Астанинской декларации (пересмотренный)" in russian


def test_the_agenda_pdf_prints_the_symbols(client, build, meeting, item, pdf_of):
    document(meeting, "CICA/SOC/2030/DEC.4", item=item, title_en="Draft decision on the CBM catalogue")
    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en"))
    assert "CICA/SOC/2030/DEC.4 Draft decision on the CBM catalogue" in pdf.words


def test_the_agenda_shows_only_the_documents_its_reader_may_see(client, auth, build, meeting, item):
    public = document(meeting, "CICA/SOC/2030/DEC.1", item=item)
    members = document(meeting, "CICA/SOC/2030/DEC.2", item=item, distribution=Visibility.MEMBERS)
    restricted = document(meeting, "CICA/SOC/2030/DEC.3", item=item, distribution=Visibility.RESTRICTED)
    draft = document(meeting, "CICA/SOC/2030/DEC.4", item=item, issued=False)
    url = f"/meetings/{meeting.id}/agenda"
    seen = lambda: {d.symbol for d in (public, members, restricted, draft) if d.symbol + " " in _page(client, url)}  # noqa: E731
    assert seen() == {public.symbol}
    registration = build.registration(build.meeting(), "KZ")
    auth.login(UserRole.DELEGATE, person_id=registration.person_id)
    assert seen() == {public.symbol, members.symbol}
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    assert seen() == {public.symbol, members.symbol, restricted.symbol}  # an issued agenda: no drafts


def test_a_document_under_silence_says_so_in_the_agenda(client, build, meeting, item):
    doc = document(meeting, "CICA/SOC/2030/DEC.5", item=item)
    under_silence(doc, datetime(2030, 12, 14, 18, 0), build.secretariat)
    html = _page(client, f"/meetings/{meeting.id}/agenda?lang=en")
    assert "CICA/SOC/2030/DEC.5 Draft decision on confidence building measures (Under silence until 14 December " \
           "2030, 18:00 (Baku time))" in html


def test_the_meeting_page_links_the_file_in_the_readers_language_else_the_other_marked(client, build, meeting, item):
    both = document(meeting, "CICA/SOC/2030/DEC.1", item=item, files=("en", "ru"))
    russian_only = document(meeting, "CICA/SOC/2030/DEC.2", item=item, files=("ru",))
    no_file = document(meeting, "CICA/SOC/2030/DEC.3", item=item, files=())
    base = f"/meetings/{meeting.id}/documents"
    english = _page(client, f"/meetings/{meeting.id}?lang=en")
    assert f'<a href="{base}/{both.id}/files/en" class="document-symbol" type="application/pdf">CICA/SOC/2030/DEC.1</a> <span' in english
    assert re.search(rf'<a href="{base}/{russian_only.id}/files/ru" class="document-symbol" type="application/pdf">CICA/SOC/2030/DEC.2</a> '
                     r'<abbr class="lang-mark" title="Russian" lang="ru">RU</abbr>', english)
    assert f'<a href="{base}/{no_file.id}" class="document-symbol">CICA/SOC/2030/DEC.3</a>' in english
    russian = _page(client, f"/meetings/{meeting.id}?lang=ru")
    assert f'<a href="{base}/{both.id}/files/ru" class="document-symbol" type="application/pdf">CICA/SOC/2030/DEC.1</a> <span' in russian
    assert f'<a href="{base}/{russian_only.id}/files/ru" class="document-symbol" type="application/pdf">CICA/SOC/2030/DEC.2</a> <span' in russian
    assert "Проект решения о мерах доверия" in russian


def test_the_organizers_timetable_links_the_documents_too(client, auth, build, meeting, item):
    doc = document(meeting, "CICA/SOC/2030/DEC.1", item=item, files=("en",), distribution=Visibility.RESTRICTED)
    auth.login(UserRole.ORGANIZER)
    page = _page(client, f"/manage/meetings/{meeting.id}/timetable?lang=ru")
    assert f'href="/meetings/{meeting.id}/documents/{doc.id}/files/en" class="document-symbol" type="application/pdf">CICA/SOC/2030/DEC.1</a>' \
           ' <abbr class="lang-mark" title="английский" lang="en">EN</abbr>' in page
    assert f'href="/manage/meetings/{meeting.id}/documents/{doc.id}/silence">Процедура умолчания</a>' in page


def test_the_meeting_page_says_a_document_is_under_silence(client, build, meeting, item):
    doc = document(meeting, "CICA/SOC/2030/DEC.1", item=item)
    under_silence(doc, datetime(2030, 12, 14, 18, 0), build.secretariat)
    page = _page(client, f"/meetings/{meeting.id}?lang=en")
    assert "Under silence until 14 December 2030, 18:00 (Baku time)" in page


@pytest.mark.parametrize("who", [None, UserRole.DELEGATE, UserRole.ORGANIZER])
def test_the_pages_with_documents_load_in_a_fixed_number_of_queries(client, auth, build, count_queries, who):
    def meeting_with(n: int):
        meeting = build.meeting(starts_at=START, ends_at=START + timedelta(hours=10))
        for k in range(n):
            item = build.item(meeting, timedelta(minutes=30 * k), f"Item {k}", minutes=30)
            for distribution in (Visibility.PUBLIC, Visibility.MEMBERS):
                original = document(meeting, item=item, distribution=distribution, files=("en", "ru")[: 1 + k % 2])
                for _ in range(k % 3):
                    document(meeting, original=original, version=DocumentVersion.REVISION, distribution=distribution)
        return meeting

    small, large = meeting_with(1), meeting_with(8)
    if who is not None:
        auth.login(who)
    db.session.expire_all()
    urls = ["/meetings/{}", "/meetings/{}/agenda"] + (["/manage/meetings/{}/timetable"] if who is UserRole.ORGANIZER else [])
    counts = {}
    for meeting in (small, large):
        for url in urls:
            with count_queries() as counter:
                page = _page(client, url.format(meeting.id))
            counts.setdefault(url, []).append(counter.count)
        assert page.count('class="document-symbol"') in (0, len(meeting.agenda_items) * (1 if who is None else 2))
    assert all(small_count == large_count for small_count, large_count in counts.values()), counts
