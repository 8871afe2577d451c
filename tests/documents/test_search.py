"""The archive search (meetings/documents/search.py) and its page GET /documents: by symbol, words
of the titles and texts, party, category, year and language; only what the reader may see."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from meetings.documents.search import ArchiveQuery, archive_statement, search_documents
from meetings.extensions import db
from meetings.models import DocumentCategory, UserRole, Visibility
from tests.conftest import requires_postgres
from tests.documents.conftest_search import add_document
from tests.documents.samples import docx_bytes


def symbols(user, **criteria) -> list[str]:
    return [d.symbol for d in search_documents(user, **criteria).items]


def found(client, **args) -> list[str]:
    response = client.get("/documents", query_string=args)
    assert response.status_code == 200
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.get_data(as_text=True))


@pytest.fixture
def archive(app_context, build):
    """Four documents of two meetings (2025 and 2026), public unless said."""
    summit = build.meeting(starts_at=datetime(2026, 10, 5, 5, 0, tzinfo=UTC), title_en="Sixth Summit")
    soc = build.meeting(starts_at=datetime(2025, 6, 3, 5, 0, tzinfo=UTC), title_en="SOC meeting")
    kz, az = build.party("KZ"), build.party("AZ")
    return {
        "declaration": add_document(summit, symbol="CICA/SUMMIT/2026/DECL.1", title_en="Astana Declaration",
                                    title_ru="Астанинская декларация", category=DocumentCategory.DECLARATION,
                                    party_id=kz.id, texts={"en": "We, the Heads of State, adopt this declaration.",
                                                           "ru": "Мы, главы государств, принимаем эту декларацию."}),
        "decision": add_document(soc, symbol="CICA/SOC/2025/DEC.1", title_en="Decision on the budget",
                                 title_ru="Решение о бюджете", party_id=az.id,
                                 texts={"en": "The Committee decides to approve the budget for 2026."}),
        "concept": add_document(soc, symbol="CICA/SOC/2025/CP.1", title_en="Concept paper on tourism",
                                title_ru="", category=DocumentCategory.CONCEPT_PAPER,
                                texts={"ru": "Туризм и взаимосвязанность: предложения Председательства."}),
        "restricted": add_document(soc, symbol="CICA/SOC/2025/INF.1", title_en="Security arrangements",
                                   title_ru="Меры безопасности", category=DocumentCategory.INFORMATION,
                                   distribution=Visibility.RESTRICTED,
                                   texts={"en": "Secret arrangements for the budget of the declaration."}),
    }


def test_everyone_finds_by_symbol_part_in_any_case(archive):
    assert symbols(None, q="soc/2025/dec") == ["CICA/SOC/2025/DEC.1"]
    assert symbols(None, symbol="cica/soc/2025") == ["CICA/SOC/2025/CP.1", "CICA/SOC/2025/DEC.1"]
    assert symbols(None, symbol="%") == [] and symbols(None, symbol="_") == []  # no wildcards from a reader


def test_title_words_in_english_and_russian_in_any_case(archive):
    assert symbols(None, q="BUDGET decision") == ["CICA/SOC/2025/DEC.1"]
    assert symbols(None, q="АСТАНИНСКАЯ") == ["CICA/SUMMIT/2026/DECL.1"]
    assert symbols(None, q="бюджете") == ["CICA/SOC/2025/DEC.1"]


def test_words_of_a_files_text(archive):
    assert symbols(None, q="Туризм") == ["CICA/SOC/2025/CP.1"]
    assert symbols(None, q="approve") == ["CICA/SOC/2025/DEC.1"]
    assert symbols(None, q="unknownword") == []


def test_filters_by_party_category_year_and_language(archive, build):
    kz = build.party("KZ")
    assert symbols(None, party_id=kz.id) == ["CICA/SUMMIT/2026/DECL.1"]
    assert symbols(None, category=DocumentCategory.CONCEPT_PAPER) == ["CICA/SOC/2025/CP.1"]
    assert symbols(None, year=2026) == ["CICA/SUMMIT/2026/DECL.1"]
    assert symbols(None, year=2025) == ["CICA/SOC/2025/CP.1", "CICA/SOC/2025/DEC.1"]
    assert symbols(None, language="ru") == ["CICA/SUMMIT/2026/DECL.1", "CICA/SOC/2025/CP.1"]
    assert symbols(None, year=2024) == []


def test_a_restricted_document_is_never_found_by_those_who_may_not_see_it(archive, build):
    """Not by anonymous readers nor members, whatever matches it (its symbol, title or text)."""
    focal_point = build.user(UserRole.FOCAL_POINT)  # of Kazakhstan, a member state: members' documents
    organizer = build.user(UserRole.ORGANIZER)
    for user in (None, focal_point):
        for criteria in ({"q": "Secret"}, {"q": "безопасности"}, {"q": "INF.1"}, {"symbol": "INF"},
                         {"category": DocumentCategory.INFORMATION}, {}):
            assert "CICA/SOC/2025/INF.1" not in symbols(user, **criteria), (user, criteria)
    assert symbols(organizer, q="Secret") == ["CICA/SOC/2025/INF.1"]
    assert "CICA/SOC/2025/INF.1" in symbols(organizer)


def test_drafts_and_members_documents_are_for_those_who_may_see_them(app_context, build):
    meeting = build.meeting()
    add_document(meeting, symbol="CICA/SOC/2026/DEC.9", title_en="Draft not issued", issued=False)
    add_document(meeting, symbol="CICA/SOC/2026/DEC.8", title_en="For members", distribution=Visibility.MEMBERS)
    focal_point, organizer = build.user(UserRole.FOCAL_POINT), build.user(UserRole.ORGANIZER)
    assert symbols(None) == []
    assert symbols(focal_point) == ["CICA/SOC/2026/DEC.8"]
    assert symbols(organizer) == ["CICA/SOC/2026/DEC.8", "CICA/SOC/2026/DEC.9"]  # issued first, drafts after


def test_documents_of_a_meeting_nobody_may_see_are_not_found(app_context, build):
    private = build.meeting(visibility=Visibility.RESTRICTED)
    add_document(private, symbol="CICA/SOC/2026/DEC.7", title_en="Public document of a restricted meeting")
    assert symbols(None, q="document") == [] and symbols(build.user(UserRole.FOCAL_POINT), q="document") == []


def test_the_page_shows_each_result_in_the_readers_language(client, archive):
    page = client.get("/documents", query_string={"q": "tourism"}).get_data(as_text=True)
    concept = archive["concept"]
    assert f'href="/meetings/{concept.meeting_id}/documents/{concept.id}"' in page
    assert "Concept paper on tourism" in page and "SOC meeting" in page and "3 June 2025" in page
    russian = client.get("/documents", query_string={"q": "tourism", "lang": "ru"}).get_data(as_text=True)
    assert '<span lang="en" class="fallback"' in russian  # no Russian title: the English one, marked
    assert "Концептуальная записка" in russian and "Русский" in russian  # its category, its file's language


def test_the_page_searches_with_every_filter_and_keeps_them_on_the_next_page(client, app_context, archive, build):
    kz = build.party("KZ")
    assert found(client, q="декларация", party=str(kz.id), category="declaration", year="2026",
                 language="ru") == ["CICA/SUMMIT/2026/DECL.1"]
    meeting = build.meeting(starts_at=datetime(2024, 3, 1, 5, 0, tzinfo=UTC))
    for n in range(52):
        add_document(meeting, symbol=f"CICA/SOC/2024/INF.{n + 100}", category=DocumentCategory.INFORMATION)
    first = client.get("/documents", query_string={"year": "2024"}).get_data(as_text=True)
    assert "/documents?year=2024&amp;page=2" in first
    assert len(found(client, year="2024", page="2")) == 2


@pytest.mark.parametrize("args", [
    {"year": "abc"}, {"year": "-1"}, {"year": "99999999999999999999"}, {"category": "nonsense"},
    {"party": "1 OR 1=1"}, {"party": "99999999999"}, {"language": "../../etc"}, {"q": "x" * 5000},
    {"q": "a\x00b"}, {"symbol": "\x00"}, {"q": "'\"&|!:*()<>"}, {"q": "-"}, {"q": "or"},
])
def test_junk_in_the_query_string_is_refused_beside_its_field_or_finds_nothing(client, archive, args):
    response = client.get("/documents", query_string=args)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "CICA/SOC/2025/INF.1" not in body
    if set(args) & {"year", "category", "party", "language"} or len(args.get("q", "")) > 200 or "\x00" in str(args):
        assert 'class="errors"' in body


def test_a_page_number_that_is_not_one_is_a_clear_400(client, archive):
    response = client.get("/documents?page=abc")
    assert response.status_code == 400


def test_the_number_of_queries_does_not_grow_with_the_results(client, app_context, build, count_queries):
    meeting = build.meeting()

    def requests_count(n: int) -> int:
        for _ in range(n):
            add_document(meeting, party_id=build.party("KZ").id, texts={"en": "budget", "ru": "бюджет"})
        with count_queries() as counter:
            assert client.get("/documents?q=budget").status_code == 200
        return counter.count

    assert requests_count(2) == requests_count(20)


def test_the_archive_is_in_everyones_main_menu(client, auth):
    assert 'href="/documents"' in client.get("/").get_data(as_text=True)
    auth.login(UserRole.FOCAL_POINT)
    assert 'href="/documents"' in client.get("/").get_data(as_text=True)


@requires_postgres
def test_postgresql_finds_words_in_their_inflected_forms(archive):
    """Russian and English stemming: «декларации» finds «декларация», "decisions" "decision"."""
    assert symbols(None, q="декларации") == ["CICA/SUMMIT/2026/DECL.1"]  # title «декларация», text «декларацию»
    assert symbols(None, q="бюджету") == ["CICA/SOC/2025/DEC.1"]  # title «бюджете»
    assert symbols(None, q="decisions") == ["CICA/SOC/2025/DEC.1"]  # title "Decision", text "decides"
    assert symbols(None, q="предложение") == ["CICA/SOC/2025/CP.1"]  # text «предложения»
    assert symbols(None, q='"heads of state"') == ["CICA/SUMMIT/2026/DECL.1"]  # a web search's phrase


@requires_postgres
def test_postgresql_ranks_a_title_above_a_mention_in_a_text(app_context, build):
    meeting = build.meeting()
    add_document(meeting, symbol="CICA/SOC/2026/REP.1", title_en="Report of the Chair",
                 texts={"en": "The tourism working group met twice."})
    add_document(meeting, symbol="CICA/SOC/2026/CP.2", title_en="Tourism concept paper", texts={"en": "Text."})
    assert symbols(None, q="tourism") == ["CICA/SOC/2026/CP.2", "CICA/SOC/2026/REP.1"]


@requires_postgres
def test_postgresql_searches_through_the_gin_indexes(archive):
    """The search's expressions are those of migration 0016's indexes (else it reads every row)."""
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    statement = archive_statement(None, ArchiveQuery(q="декларации"))
    compiled = statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = "\n".join(db.session.execute(text(f"EXPLAIN {compiled}")).scalars())
    assert "ix_document_title_search" in plan and "ix_document_file_text_search" in plan
    db.session.rollback()


def test_each_role_finds_the_restricted_documents_of_its_own_meetings_only(client, app_context, build, auth):
    """Restricted distribution: the Secretariat, the meeting's registered participants and the focal
    points of its invited parties; by text too, and through the page as through the service."""
    meeting, other = build.meeting(), build.meeting()
    registration = build.registration(meeting, "KZ")
    add_document(meeting, symbol="CICA/SOC/2026/INF.5", title_en="Logistics note", distribution=Visibility.RESTRICTED,
                 texts={"ru": "Конфиденциальная записка о безопасности"})
    add_document(other, symbol="CICA/SOC/2026/INF.6", title_en="Logistics note", distribution=Visibility.RESTRICTED,
                 texts={"ru": "Конфиденциальная записка о безопасности"})
    people = {
        "delegate of the meeting": build.user(UserRole.DELEGATE, person_id=registration.person_id),
        "focal point of an invited party": build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id),
        "focal point of another party": build.user(UserRole.FOCAL_POINT, party_id=build.party("AZ").id),
        "staff": build.user(UserRole.STAFF),
    }
    expected = {"delegate of the meeting": ["CICA/SOC/2026/INF.5"],
                "focal point of an invited party": ["CICA/SOC/2026/INF.5"],
                "focal point of another party": [], "staff": ["CICA/SOC/2026/INF.5", "CICA/SOC/2026/INF.6"]}
    assert found(client, q="конфиденциальная") == []
    for who, user in people.items():
        assert symbols(user, q="конфиденциальная") == expected[who], who
        auth.login(user)
        assert found(client, q="конфиденциальная") == expected[who], who
        assert found(client, symbol="INF") == expected[who], who
        auth.logout()


def test_an_uploaded_files_words_are_found_once_its_text_is_extracted(app_context, build):
    """The whole way: an organizer's upload queues the extraction (run at once outside a request,
    without Redis), whose text the archive search then reads."""
    meeting = build.meeting(title_en="Senior Officials Committee")
    document = build.document(meeting, title_en="Concept paper", files={"en": (docx_bytes("Maritime cooperation in Asia"), "paper.docx")},
                              issued=True)
    found = search_documents(None, q="maritime")
    assert [d.id for d in found.items] == [document.id]
