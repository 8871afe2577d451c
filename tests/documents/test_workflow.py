"""Documents' rules: symbols (scheme, uniqueness, also under a race), versions and their numbering,
the current version, issue and its circulation, deletion and the files left in the store."""

import email
import email.policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from meetings import storage
from meetings.documents import services, symbols
from meetings.extensions import db
from meetings.models import (
    AuditEntry,
    Document,
    DocumentCategory,
    DocumentFile,
    DocumentVersion,
    OutboxMessage,
    PartyKind,
    UserRole,
    Visibility,
)
from tests.documents.samples import pdf_bytes


def blobs(app) -> set[str]:
    return {p.name for p in (Path(app.config["FILES_DIR"]) / "blobs").rglob("*") if p.is_file()}


def test_symbols_follow_the_scheme_with_the_next_free_number(build):
    soc = build.meeting()  # an SOC starting in 2026
    first = build.document(soc)
    second = build.document(soc)
    statement = build.document(soc, category=DocumentCategory.STATEMENT)
    assert [first.symbol, second.symbol, statement.symbol] == [
        "CICA/SOC/2026/DEC.1", "CICA/SOC/2026/DEC.2", "CICA/SOC/2026/STAT.1"]
    typed = build.document(soc, symbol="CICA/SOC/2026/DEC.7")
    assert typed.symbol == "CICA/SOC/2026/DEC.7"
    assert services.propose_symbol(soc, DocumentCategory.DECISION) == "CICA/SOC/2026/DEC.8"


def test_the_scheme_is_a_setting(app, build):
    app.config["DOCUMENT_SYMBOL_SCHEME"] = "{body}/{category}/{year}/{n}"
    soc = build.meeting(type_code="SOC")
    assert build.document(soc, category=DocumentCategory.REPORT).symbol == "SOC/REP/2026/1"


def test_a_scheme_naming_an_unknown_part_falls_back_to_the_default(app, build):
    app.config["DOCUMENT_SYMBOL_SCHEME"] = "CICA/{body}/{session}/{n}"
    assert build.document(build.meeting()).symbol == "CICA/SOC/2026/DEC.1"


def test_a_taken_symbol_is_refused_beside_the_field_with_what_was_typed(auth, build, client):
    auth.login(UserRole.ORGANIZER)
    soc = build.meeting()
    build.document(soc, symbol="CICA/SOC/2026/DEC.1")
    values = {"title_en": "Another decision", "symbol": "CICA/SOC/2026/DEC.1", "category": "decision",
              "distribution": "public", "original_language": "en"}
    page = client.post(f"/meetings/{soc.id}/documents/new", data=values)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Another document already has this symbol." in text and 'value="Another decision"' in text
    for bad, message in ((" CICA/X ", "Remove the spaces at the start or end of the symbol."),
                         ("CICA/\u200bX", "Use only printable characters in the symbol."),
                         ("C" * 121, "Field cannot be longer than 120 characters.")):
        text = client.post(f"/meetings/{soc.id}/documents/new", data=values | {"symbol": bad}).get_data(as_text=True)
        assert message in text, bad
    assert db.session.scalar(select(func.count(Document.id))) == 1


def test_a_symbol_taken_at_the_same_moment_is_a_form_error_not_a_500(auth, build, client, monkeypatch):
    """Two organizers saving the same symbol at once: both pass the check, the database's unique
    constraint refuses the second, and the form says so."""
    auth.login(UserRole.ORGANIZER)
    soc = build.meeting()
    build.document(soc, symbol="CICA/SOC/2026/DEC.1")
    monkeypatch.setattr(symbols, "taken", lambda symbol, but=None: False)  # the other one is not committed yet
    page = client.post(f"/meetings/{soc.id}/documents/new", data={
        "title_en": "Same symbol", "symbol": "CICA/SOC/2026/DEC.1", "category": "decision",
        "distribution": "public", "original_language": "en"})
    assert page.status_code == 200
    assert "Another document already has this symbol." in page.get_data(as_text=True)


def test_versions_hang_from_the_original_with_their_own_numbers(build):
    soc = build.meeting()
    original = build.document(soc, files={"en": pdf_bytes()}, issued=True)
    rev1 = build.document(soc, version_of=original)
    rev2 = build.document(soc, version_of=rev1)  # a revision of a revision: the original's /Rev.2
    add1 = build.document(soc, version_of=rev2, version=DocumentVersion.ADDENDUM)
    corr1 = build.document(soc, version_of=original, version=DocumentVersion.CORRIGENDUM)
    assert [d.symbol for d in (rev1, rev2, add1, corr1)] == [
        "CICA/SOC/2026/DEC.1/Rev.1", "CICA/SOC/2026/DEC.1/Rev.2", "CICA/SOC/2026/DEC.1/Add.1",
        "CICA/SOC/2026/DEC.1/Corr.1"]
    assert {d.original_id for d in (rev1, rev2, add1, corr1)} == {original.id}
    assert [d.version_number for d in (rev1, rev2, add1, corr1)] == [1, 2, 1, 1]
    # Drafts do not replace the original; an issued revision does, wherever one starts from.
    assert services.current_version(original) is original
    services.upload_file(rev1, services.UploadInput("en", "rev1.pdf", pdf_bytes("Rev 1")), user=build.secretariat)
    services.issue_document(rev1, user=build.secretariat)
    assert services.current_version(add1) is rev1
    assert services.current_version(original) is rev1


def test_documents_for_items_gives_each_item_its_current_visible_versions(build, count_queries):
    soc = build.meeting()
    opening, closing = build.item(soc), build.item(soc, soc.starts_at.replace(hour=6), "Closing")
    agenda = build.document(soc, category=DocumentCategory.AGENDA, agenda_item_id=opening.id,
                            files={"en": pdf_bytes()}, issued=True)
    rev = build.document(soc, version_of=agenda, files={"en": pdf_bytes("Rev")}, issued=True)
    build.document(soc, version_of=agenda, version=DocumentVersion.ADDENDUM, files={"en": pdf_bytes("Add")},
                   issued=True)
    restricted = build.document(soc, agenda_item_id=closing.id, distribution=Visibility.RESTRICTED,
                                files={"ru": pdf_bytes("RU")}, issued=True)
    build.document(soc, agenda_item_id=closing.id)  # a draft
    with count_queries() as counter:
        opening_id, _meeting_id = opening.id, soc.id  # read again after the block's commit: not the function's
        before = counter.count
        found = services.documents_for_items(soc, None)
        assert [f.language for d in found[opening_id] for f in d.files] == ["en"]
    assert counter.count - before == 2, counter.statements
    assert found == {opening.id: [rev]}
    secretariat = services.documents_for_items(soc, build.secretariat)
    assert secretariat[opening.id] == [rev]
    assert restricted in secretariat[closing.id] and len(secretariat[closing.id]) == 2


def test_issuing_needs_a_file_and_happens_once(build):
    soc = build.meeting()
    document = build.document(soc)
    with pytest.raises(services.DocumentError, match="Upload the document's file"):
        services.issue_document(document, user=build.secretariat)
    services.upload_file(document, services.UploadInput("en", "d.pdf", pdf_bytes()), user=build.secretariat)
    services.issue_document(document, user=build.secretariat)
    with pytest.raises(services.DocumentError, match="already issued"):
        services.issue_document(document, user=build.secretariat)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "document").order_by(AuditEntry.id)).all()
    assert actions == ["document.created", "document.file_uploaded", "document.issued"]


def _focal(build, code: str, **fields):
    return build.user(UserRole.FOCAL_POINT, party_id=build.party(code).id, **fields)


def test_issuing_tells_the_focal_points_who_may_read_it_in_their_language(build):
    soc = build.meeting(visibility=Visibility.PUBLIC)
    for code in ("KZ", "CN", "JP"):
        build.delegation(soc, code)
    kz = _focal(build, "KZ", email="focal@mfa.kz")
    kz.locale = "ru"  # chosen on their account page
    db.session.commit()
    cn = _focal(build, "CN", email="focal@mfa.cn")
    _focal(build, "TR", email="focal@mfa.tr")  # Türkiye is not invited to this meeting
    partner = build.new_party("XP", "Partner Organisation", kind=PartyKind.PARTNER_ORGANISATION)
    build.delegation(soc, partner)
    _focal(build, "XP", email="focal@partner.org")
    restricted = build.document(soc, distribution=Visibility.MEMBERS, files={"en": pdf_bytes()})
    queued = services.issue_document(restricted, user=build.secretariat)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient)).all()
    # Japan has no focal point; the partner organisation is not a member (a members-only document).
    assert queued == 2 and [m.recipient for m in messages] == [cn.email, kz.email]
    russian = email.message_from_bytes(messages[1].content, policy=email.policy.default)
    assert messages[1].language == "ru" and russian["Subject"] == f"Издан документ: {restricted.symbol}"
    assert f"/meetings/{soc.id}/documents/{restricted.id}" in russian.get_content()
    public = build.document(soc, files={"en": pdf_bytes("Public")})
    assert services.issue_document(public, user=build.secretariat) == 3  # the partner's focal point too


def test_a_deleted_documents_files_leave_the_store_unless_another_file_holds_the_same_bytes(app, build):
    soc = build.meeting()
    shared, own = pdf_bytes("Shared"), pdf_bytes("Own")
    first = build.document(soc, files={"en": shared, "ru": own})
    rev = build.document(soc, version_of=first, files={"en": pdf_bytes("Revision")})
    other = build.document(soc, files={"en": shared})  # the same file, stored once
    assert blobs(app) == {storage.key_of(b) for b in (shared, own, pdf_bytes("Revision"))}
    services.delete_document(first, user=build.secretariat)
    assert blobs(app) == {storage.key_of(shared)}  # its own file and its revision's are gone
    assert db.session.get(type(rev), rev.id) is None
    services.delete_document(other, user=build.secretariat)
    assert blobs(app) == set()
    assert db.session.scalar(select(func.count(DocumentFile.id))) == 0


def test_a_file_replaced_in_its_language_leaves_the_store(app, build):
    soc = build.meeting()
    document = build.document(soc, files={"en": pdf_bytes("Old")})
    services.upload_file(document, services.UploadInput("en", "new.pdf", pdf_bytes("New")), user=build.secretariat)
    assert blobs(app) == {storage.key_of(pdf_bytes("New"))}
    assert [(f.language, f.filename) for f in document.files] == [("en", "new.pdf")]
