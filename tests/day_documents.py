"""The documents part of the day in the life (tests/test_day_in_the_life.py): the organizer makes
a draft decision through the forms, uploads its files, issues it (the focal points are told),
revises it, corrects its details, and deletes a document made by mistake; after each step every
role looks at the circulation page, the document and its files."""

from meetings.models import Document, OutboxMessage
from tests.documents.samples import docx_bytes, pdf_bytes


def _look(t, soc: int, *documents: int) -> None:
    pages = [f"/meetings/{soc}/documents"]
    for document in documents:
        pages += [f"/meetings/{soc}/documents/{document}", f"/meetings/{soc}/documents/{document}/files/en",
                  f"/meetings/{soc}/documents/{document}/files/ru"]
    t.look(pages=pages, manage=[f"/meetings/{soc}/documents/{d}/edit" for d in documents])


def _upload(t, soc: int, document: int, language: str, data: bytes, name: str) -> None:
    browser = t["organizer"]
    url = f"/meetings/{soc}/documents/{document}/upload"
    browser.submit(browser.page(url).form(url), {"language": language}, files={"file": (data, name)})


def documents_day(t, soc: int) -> None:
    base = f"/meetings/{soc}/documents"
    t.step("organizer drafts a decision on the Plan of Action, submitted by Kazakhstan")
    t.save("organizer", f"{base}/new", {
        "title_en": "Draft decision on the CICA Plan of Action", "title_ru": "Проект решения о Плане действий СВМДА",
        "category": "decision", "distribution": "members",
        "party_id": lambda form: form.option("party_id", "Kazakhstan")})
    decision = t.id_of(Document, meeting_id=soc, original_id=None)
    _look(t, soc, decision)
    t.step("organizer uploads the decision in English (PDF) and Russian (DOCX)")
    _upload(t, soc, decision, "en", pdf_bytes("Draft decision"), "Draft decision.pdf")
    _upload(t, soc, decision, "ru", docx_bytes("Проект решения"), "Проект решения.docx")
    _look(t, soc, decision)
    t.step("organizer issues the decision: the focal points are told by e-mail")
    before = len(t.inbox.messages)
    t.click("organizer", f"{base}/{decision}", f"{base}/{decision}/issue")
    assert len(t.inbox.messages) > before, "no focal point was told of the issue"
    assert t.id_of(OutboxMessage, subject=t.inbox.messages[-1]["Subject"])
    _look(t, soc, decision)
    t.step("organizer makes its first revision, uploads it and issues it")
    t.click("organizer", f"{base}/{decision}", f"{base}/{decision}/versions", values={"kind": "revision"})
    revision = t.id_of(Document, original_id=decision)
    _upload(t, soc, revision, "en", pdf_bytes("Draft decision Rev.1"), "Draft decision Rev1.pdf")
    t.click("organizer", f"{base}/{revision}", f"{base}/{revision}/issue")
    _look(t, soc, decision, revision)
    t.step("organizer corrects the revision's Russian title")
    t.save("organizer", f"{base}/{revision}/edit", {"title_ru": "Проект решения о Плане действий СВМДА (пересмотр)"})
    _look(t, soc, revision)
    t.step("organizer makes a note verbale by mistake and deletes it")
    t.save("organizer", f"{base}/new", {"title_en": "Note verbale", "category": "information",
                                        "distribution": "public"})
    mistake = t.id_of(Document, meeting_id=soc, title_en="Note verbale")
    _upload(t, soc, mistake, "en", pdf_bytes("Note"), "note.pdf")
    t.click("organizer", f"{base}/{mistake}/delete", f"{base}/{mistake}/delete")
    _look(t, soc, decision)
