"""Who gets a document's page and files: the meeting's visibility, the document's distribution,
drafts for the Secretariat only; a 404 to everyone else. The files' headers; the circulation
page's queries, constant as documents grow."""

import pytest

from meetings.models import MeetingStatus, PartyKind, UserRole, Visibility
from tests.conftest import Auth
from tests.documents.samples import docx_bytes, pdf_bytes, png_bytes

ROLES = ("anonymous", "delegate", "member_focal", "invited_focal", "partner_focal", "staff", "organizer")


@pytest.fixture
def world(build):
    """A members-only meeting to which Kazakhstan and a partner organisation are invited (not
    China); a delegate of Kazakhstan registered; a document of each distribution, and a draft."""
    meeting = build.meeting(visibility=Visibility.MEMBERS)
    partner = build.new_party("XP", "Partner Organisation", kind=PartyKind.PARTNER_ORGANISATION)
    registration = build.registration(meeting, "KZ")
    build.delegation(meeting, partner)
    users = {
        "delegate": build.user(UserRole.DELEGATE, person_id=registration.person_id),
        "member_focal": build.user(UserRole.FOCAL_POINT, party_id=build.party("CN").id),
        "invited_focal": build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id),
        "partner_focal": build.user(UserRole.FOCAL_POINT, party_id=partner.id),
        "staff": build.user(UserRole.STAFF),
        "organizer": build.user(UserRole.ORGANIZER),
    }
    documents = {
        distribution: build.document(meeting, distribution=distribution, files={"en": pdf_bytes(distribution.value)},
                                     issued=True)
        for distribution in Visibility
    }
    documents["draft"] = build.document(meeting, files={"en": pdf_bytes("draft")})
    return meeting, users, documents


# Who may read each document of the members-only meeting: the partner organisation's focal point
# sees no members-only meeting; restricted documents are for the meeting's participants.
READERS = {
    Visibility.PUBLIC: {"delegate", "member_focal", "invited_focal", "staff", "organizer"},
    Visibility.MEMBERS: {"delegate", "member_focal", "invited_focal", "staff", "organizer"},
    Visibility.RESTRICTED: {"delegate", "invited_focal", "staff", "organizer"},
    "draft": {"staff", "organizer"},
}


def test_files_and_pages_answer_each_role_by_meeting_distribution_and_issue(app, build, world):
    meeting, users, documents = world
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            Auth(client, build).login(users[role])
        listing = client.get(f"/meetings/{meeting.id}/documents")
        assert listing.status_code == (404 if role in ("anonymous", "partner_focal") else 200), role
        for key, document in documents.items():
            expected = 200 if role in READERS[key] else 404
            base = f"/meetings/{meeting.id}/documents/{document.id}"
            assert client.get(base).status_code == expected, (role, key)
            with client.get(f"{base}/files/en") as response:
                assert response.status_code == expected, (role, key)
                if expected == 200:
                    assert response.data == pdf_bytes(key if key == "draft" else key.value)
            if listing.status_code == 200:
                assert (document.symbol in listing.get_data(as_text=True)) == (role in READERS[key]), (role, key)


def test_a_public_meetings_public_document_is_for_everyone_and_others_are_404(client, build):
    meeting = build.meeting()
    document = build.document(meeting, files={"en": pdf_bytes()}, issued=True)
    assert client.get(f"/meetings/{meeting.id}/documents/{document.id}/files/en").status_code == 200
    assert client.get(f"/meetings/{meeting.id}/documents/{document.id}/files/ru").status_code == 404  # no such file
    assert client.get(f"/meetings/{meeting.id}/documents/{document.id}/files/../en").status_code == 404
    other = build.meeting()
    assert client.get(f"/meetings/{other.id}/documents/{document.id}").status_code == 404  # not that meeting's
    assert client.get(f"/meetings/{other.id}/documents/{document.id}/files/en").status_code == 404
    draft_meeting = build.meeting(status=MeetingStatus.DRAFT)
    hidden = build.document(draft_meeting, files={"en": pdf_bytes()}, issued=True)
    assert client.get(f"/meetings/{draft_meeting.id}/documents/{hidden.id}/files/en").status_code == 404


def test_files_are_served_with_their_type_disposition_and_no_sniffing(client, build):
    meeting = build.meeting()
    document = build.document(meeting, files={"en": (pdf_bytes(), "Decision.pdf"),
                                              "ru": (docx_bytes(), "Проект решения.docx"),
                                              "zh": (png_bytes(), "map.png")}, issued=True)
    base = f"/meetings/{meeting.id}/documents/{document.id}/files"
    with client.get(f"{base}/en") as pdf:
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.headers["Content-Disposition"] == "inline; filename=Decision.pdf"
        assert pdf.headers["X-Content-Type-Options"] == "nosniff"
        assert "private" in pdf.headers["Cache-Control"] and "public" not in pdf.headers["Cache-Control"]
        etag = pdf.headers["ETag"]
    with client.get(f"{base}/en", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    with client.get(f"{base}/ru") as docx:
        assert docx.headers["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        # RFC 6266 with RFC 5987's filename* for the Cyrillic name, an ASCII fallback beside it.
        assert docx.headers["Content-Disposition"] == (
            "attachment; filename=CICA-SOC-2026-DEC.1-ru.docx; filename*=UTF-8''%D0%9F%D1%80%D0%BE%D0%B5%D0%BA%D1%82%20"
            "%D1%80%D0%B5%D1%88%D0%B5%D0%BD%D0%B8%D1%8F.docx")
    with client.get(f"{base}/zh") as png:
        assert (png.headers["Content-Type"], png.headers["Content-Disposition"]) == ("image/png", "inline; filename=map.png")


def test_the_circulation_page_shows_what_was_issued_when_and_in_which_languages(auth, build, client):
    meeting = build.meeting()
    issued = build.document(meeting, title_en="Draft Astana declaration", files={"en": pdf_bytes(), "ru": pdf_bytes("ru")},
                            issued=True)
    rev = build.document(meeting, version_of=issued, files={"en": pdf_bytes("rev")}, issued=True)
    draft = build.document(meeting, title_en="Unfinished report")
    page = client.get(f"/meetings/{meeting.id}/documents", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert issued.symbol in page and rev.symbol in page and draft.symbol not in page
    files = f"/meetings/{meeting.id}/documents/{issued.id}/files/"
    assert page.index(f'{files}ru"') < page.index(f'{files}en"')  # the reader's language first
    auth.login(UserRole.STAFF)
    page = client.get(f"/meetings/{meeting.id}/documents").get_data(as_text=True)
    assert draft.symbol in page and "Not issued" in page and "Superseded" in page


def test_the_circulation_page_takes_the_same_queries_however_many_documents(auth, build, client, count_queries):
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    url = f"/meetings/{meeting.id}/documents"

    def add(n: int) -> None:
        for i in range(n):
            original = build.document(meeting, files={"en": pdf_bytes(f"en {i}"), "ru": pdf_bytes(f"ru {i}")},
                                      issued=True, party_id=build.party("KZ").id)
            build.document(meeting, version_of=original, files={"en": pdf_bytes(f"rev {i}")})

    add(1)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add(6)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count, many.statements
