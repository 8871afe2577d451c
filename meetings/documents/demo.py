"""The demo's documents: a few realistic CICA documents for the demo meetings with participants,
made through the archive's services as the demo organizer (issued ones are circulated to the focal
points, as on the pages), with small PDFs rendered from their texts. Idempotent: a document
already there (by meeting and English title) is left alone.
"""

from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from meetings.documents import services
from meetings.extensions import db
from meetings.i18n import format_full_date
from meetings.models import (
    AgendaItem,
    Document,
    DocumentCategory,
    DocumentVersion,
    Meeting,
    Party,
    User,
    Visibility,
)
from meetings.printing.pdf import render_pdf
from meetings.timeutil import to_local


@dataclass(frozen=True)
class DemoDocument:
    type_code: str  # of the meetings it is made for
    title_en: str
    title_ru: str
    category: DocumentCategory
    text_en: tuple[str, ...]
    text_ru: tuple[str, ...] = ()
    party: str | None = None
    distribution: Visibility = Visibility.PUBLIC
    issued: bool = True
    first_item: bool = False  # linked to the meeting's first agenda item
    revised: tuple[str, ...] = field(default=())  # the English text of an issued first revision


DOCUMENTS = [
    DemoDocument(
        "SOC", "Provisional agenda of the meeting of the Senior Officials Committee",
        "Предварительная повестка дня заседания Комитета старших должностных лиц", DocumentCategory.AGENDA,
        ("1. Opening of the meeting.", "2. Adoption of the agenda.",
         "3. Implementation of the CICA confidence-building measures.", "4. Preparations for the Seventh CICA Summit.",
         "5. Other matters."),
        ("1. Открытие заседания.", "2. Утверждение повестки дня.", "3. Реализация мер доверия СВМДА.",
         "4. Подготовка к Седьмому саммиту СВМДА.", "5. Прочие вопросы."),
        first_item=True),
    DemoDocument(
        "SOC", "Draft decision on the CICA Plan of Action for the implementation of confidence-building measures",
        "Проект решения о Плане действий СВМДА по реализации мер доверия", DocumentCategory.DECISION,
        ("The Senior Officials Committee,", "Recalling the CICA Catalogue of Confidence Building Measures,",
         "Decides to approve the Plan of Action annexed to this decision."),
        ("Комитет старших должностных лиц,", "ссылаясь на Каталог мер доверия СВМДА,",
         "постановляет утвердить План действий, прилагаемый к настоящему решению."),
        party="KZ", distribution=Visibility.MEMBERS,
        revised=("The Senior Officials Committee,", "Recalling the CICA Catalogue of Confidence Building Measures,",
                 "Decides to approve the Plan of Action annexed to this decision, as revised at the meeting.")),
    DemoDocument(
        "SOC", "Concept paper on cooperation in digital connectivity", "Концептуальная записка о сотрудничестве "
        "в области цифровой взаимосвязанности", DocumentCategory.CONCEPT_PAPER,
        ("Digital connectivity is a new area of cooperation proposed for the CICA confidence-building measures.",),
        party="CN", distribution=Visibility.RESTRICTED, issued=False),
    DemoDocument(
        "SUMMIT", "Draft Baku Declaration of the Seventh CICA Summit", "Проект Бакинской декларации Седьмого "
        "саммита СВМДА", DocumentCategory.DECLARATION,
        ("We, the Heads of State and Government of the Member States of CICA,",
         "reaffirm our commitment to the principles of the Almaty Act."),
        party="AZ", distribution=Visibility.MEMBERS, issued=False),
]


def _pdf(meeting: Meeting, symbol: str, lang: str, title: str, paragraphs: tuple[str, ...]) -> bytes:
    # The demo runs as a command: the template's links (its stylesheet) need a request to be built.
    with current_app.test_request_context(), force_locale(lang):
        html = render_template("documents/demo_file.html", lang=lang, symbol=symbol, title=title,
                               paragraphs=paragraphs,
                               date=format_full_date(to_local(meeting.starts_at, meeting.timezone).date(), lang))
    return render_pdf(html)


def _upload(document: Document, meeting: Meeting, lang: str, title: str, text: tuple[str, ...], actor: User) -> None:
    data = _pdf(meeting, document.symbol, lang, title, text)
    name = f"{document.symbol.replace('/', '-')}-{lang}.pdf"
    services.upload_file(document, services.UploadInput(lang, name, data), user=actor)


def load(meeting: Meeting, actor: User) -> None:
    """The demo documents of ``meeting``'s type that it lacks."""
    titles = set(db.session.scalars(select(Document.title_en).where(Document.meeting_id == meeting.id)))
    first_item = db.session.scalar(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)
                                   .order_by(AgendaItem.starts_at, AgendaItem.position, AgendaItem.id).limit(1))
    for spec in DOCUMENTS:
        if spec.type_code != meeting.type.code or spec.title_en in titles:
            continue
        party = db.session.scalar(select(Party.id).where(Party.code == spec.party)) if spec.party else None
        document = services.create_document(meeting, services.DocumentInput(
            title_en=spec.title_en, title_ru=spec.title_ru, category=spec.category, party_id=party,
            distribution=spec.distribution, agenda_item_id=first_item if spec.first_item else None), user=actor)
        _upload(document, meeting, "en", spec.title_en, spec.text_en, actor)
        if spec.text_ru:
            _upload(document, meeting, "ru", spec.title_ru, spec.text_ru, actor)
        if not spec.issued:
            continue
        services.issue_document(document, user=actor)
        if spec.revised:
            revision = services.new_version(document, DocumentVersion.REVISION, user=actor)
            _upload(revision, meeting, "en", spec.title_en, spec.revised, actor)
            services.issue_document(revision, user=actor)
