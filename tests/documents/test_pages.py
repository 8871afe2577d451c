"""The organizers' pages: a new document with its proposed symbol, editing, versions, deletion
with its confirmation; the Russian pages."""

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, Document, UserRole
from tests.documents.samples import pdf_bytes

VALUES = {"title_en": "Draft decision on the Plan of Action", "title_ru": "Проект решения", "symbol": "",
          "category": "decision", "distribution": "members", "original_language": "ru"}


def test_an_organizer_creates_edits_versions_and_deletes_a_document(auth, build, client):
    auth.login(UserRole.ORGANIZER)
    soc = build.meeting()
    item = build.item(soc, title_en="Opening")
    form = client.get(f"/meetings/{soc.id}/documents/new?item={item.id}").get_data(as_text=True)
    assert f'<option selected value="{item.id}">' in form  # the item the link came from
    created = client.post(f"/meetings/{soc.id}/documents/new", data=VALUES | {"agenda_item_id": item.id})
    document = db.session.scalar(select(Document))
    assert created.headers["Location"] == f"/meetings/{soc.id}/documents/{document.id}"
    assert (document.symbol, document.agenda_item_id, document.original_language) == (
        "CICA/SOC/2026/DEC.1", item.id, "ru")

    other = build.document(soc)
    refused = client.post(f"/meetings/{soc.id}/documents/{document.id}/edit",
                          data=VALUES | {"symbol": other.symbol, "title_en": "Renamed"})
    assert refused.status_code == 200
    assert "Another document already has this symbol." in refused.get_data(as_text=True)
    assert 'value="Renamed"' in refused.get_data(as_text=True)
    empty = client.post(f"/meetings/{soc.id}/documents/{document.id}/edit", data=VALUES | {"symbol": ""})
    assert "Enter the document&#39;s symbol." in empty.get_data(as_text=True)
    saved = client.post(f"/meetings/{soc.id}/documents/{document.id}/edit",
                        data=VALUES | {"symbol": "CICA/SOC/2026/DEC.10", "title_en": "Renamed"})
    assert saved.status_code == 302
    db.session.refresh(document)
    assert (document.symbol, document.title_en) == ("CICA/SOC/2026/DEC.10", "Renamed")

    issue = client.post(f"/meetings/{soc.id}/documents/{document.id}/issue", follow_redirects=True)
    assert "Upload the document&#39;s file in at least one language before issuing it." in issue.get_data(as_text=True)
    version = client.post(f"/meetings/{soc.id}/documents/{document.id}/versions", data={"kind": "corrigendum"})
    corrigendum = db.session.scalar(select(Document).where(Document.original_id == document.id))
    assert version.headers["Location"] == f"/meetings/{soc.id}/documents/{corrigendum.id}"
    assert corrigendum.symbol == "CICA/SOC/2026/DEC.10/Corr.1"
    page = client.get(f"/meetings/{soc.id}/documents/{corrigendum.id}").get_data(as_text=True)
    assert "CICA/SOC/2026/DEC.10/Corr.1" in page and "Not issued: only the Secretariat sees this draft." in page

    confirm = client.get(f"/meetings/{soc.id}/documents/{document.id}/delete").get_data(as_text=True)
    assert "CICA/SOC/2026/DEC.10/Corr.1" in confirm  # deleted with it: said before
    document_id, other_id = document.id, other.id
    assert client.post(f"/meetings/{soc.id}/documents/{document_id}/delete").status_code == 302
    assert db.session.scalars(select(Document.id)).all() == [other_id]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == document_id,
                                                                 AuditEntry.object_type == "document")).all()
    assert actions == ["document.created", "document.edited", "document.deleted"]


def test_the_pages_in_russian(auth, build, client):
    auth.login(UserRole.ORGANIZER)
    soc = build.meeting()
    document = build.document(soc, files={"ru": pdf_bytes("ru")}, issued=True, party_id=build.party("KZ").id)
    client.post("/language/ru")
    listing = client.get(f"/meetings/{soc.id}/documents?lang=ru").get_data(as_text=True)
    assert "Решение" in listing and "Представившая сторона" in listing and "Проект решения" in listing
    page = client.get(f"/meetings/{soc.id}/documents/{document.id}?lang=ru").get_data(as_text=True)
    assert "Условное обозначение" in page and "Издать документ" not in page and "Пересмотр" in page
