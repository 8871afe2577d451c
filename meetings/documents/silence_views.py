"""The silence procedure's pages (organizers), and what every page that shows a document uses to
say where its procedure stands and to link its files (Jinja globals)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.documents import links, silence
from meetings.documents.silence_forms import OutcomeForm, SilenceForm
from meetings.documents.views import bp
from meetings.domain import found
from meetings.extensions import db
from meetings.formtools import attempt
from meetings.i18n import current_language, language_name, zone_label
from meetings.models import Document, Meeting
from meetings.security import organizer_required
from meetings.timeutil import to_local

# Service field names that the deadline's form shows under another name.
FORM_FIELDS = {"silence_until": ("until_date",)}


@bp.app_template_global("silence_note_text")
def silence_note_text(document: Document, public: bool = False) -> str:
    """The document's silence line for the reader: the Secretariat also reads a missing outcome,
    except in what is handed out (``public``: the printed agenda)."""
    organizer = not public and current_user.is_authenticated and current_user.is_secretariat
    return silence.silence_text(document, organizer=organizer)


bp.add_app_template_global(silence.silence_state, "silence_state")


@bp.app_template_global("manages_documents")
def manages_documents() -> bool:
    """Whether the reader is an organizer (macros imported without the page's context ask this)."""
    return current_user.is_authenticated and current_user.is_organizer
bp.add_app_template_global(language_name, "language_name")


@bp.app_template_global("item_documents")
def template_item_documents(meeting: Meeting) -> dict[int, list[Document]]:
    """Each agenda item's documents that the reader may see (two queries for the whole page)."""
    return links.item_documents(meeting, current_user)


@bp.app_template_global("document_file_link")
def document_file_link(document: Document, lang: str | None = None) -> dict:
    """The link to a document for a reader of ``lang``: its file in that language, else in the other
    (``fallback`` names the language given instead), else its page."""
    lang = lang or current_language()
    link = links.file_for(document, lang)
    if link is None:
        return {"url": links.document_url(document), "language": None, "type": None}
    return {"url": links.file_url(document, link.file), "type": link.file.content_type,
            "language": link.language.upper() if link.fallback else None,
            "language_name": language_name(link.language, lang)}


def _document(meeting_id: int, document_id: int) -> Document:
    document = db.session.scalar(
        select(Document).where(Document.id == document_id)
        .options(joinedload(Document.meeting).joinedload(Meeting.type), joinedload(Document.silence_broken_by))
    )
    return found(document, lambda d: d.meeting_id == meeting_id)


def _page(document: Document, form: SilenceForm, outcome_form: OutcomeForm):
    return render_template(
        "documents/silence.html", document=document, meeting=document.meeting, form=form,
        outcome_form=outcome_form, lift_form=FlaskForm(), state=silence.silence_state(document),
        zone=zone_label(document.meeting.timezone, document.silence_until or document.meeting.starts_at),
        deadline=silence.local_deadline(document) if document.silence_until else "",
    )


def _here(document: Document):
    return redirect(url_for("documents.silence", meeting_id=document.meeting_id, document_id=document.id))


@bp.route("/manage/meetings/<int:meeting_id>/documents/<int:document_id>/silence", methods=["GET", "POST"],
          endpoint="silence")
@organizer_required
def silence_page(meeting_id: int, document_id: int):
    """Put the document under silence, or move its deadline (GET: the form with the deadline as it is)."""
    document = _document(meeting_id, document_id)
    form = SilenceForm()
    if form.validate_on_submit():
        was = document.silence_until
        saved, _warnings = attempt(form, lambda: silence.put_under_silence(document, form.to_input(),
                                                                            user=current_user), FORM_FIELDS)
        if saved is not None:
            if was is None:
                flash(_("The document is under silence until %(deadline)s.", deadline=silence.local_deadline(saved)),
                      "success")
            else:
                flash(_("The deadline is now %(deadline)s.", deadline=silence.local_deadline(saved)), "success")
            return _here(document)
    elif not form.is_submitted() and document.silence_until is not None:
        local = to_local(document.silence_until, document.meeting.timezone)
        form.until_date.data, form.until_time.data = local.date(), local.time()
    return _page(document, form, OutcomeForm(formdata=None))


@bp.post("/manage/meetings/<int:meeting_id>/documents/<int:document_id>/silence/lift")
@organizer_required
def lift_silence(meeting_id: int, document_id: int):
    document = _document(meeting_id, document_id)
    form = FlaskForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: silence.lift_silence(document, user=current_user))
        if saved is not None:
            flash(_("The silence procedure was lifted; its deadline has left the calendars."), "info")
        for error in form.form_errors:
            flash(str(error), "error")
    return _here(document)


@bp.post("/manage/meetings/<int:meeting_id>/documents/<int:document_id>/silence/outcome")
@organizer_required
def silence_outcome(meeting_id: int, document_id: int):
    document = _document(meeting_id, document_id)
    outcome_form = OutcomeForm()
    if outcome_form.validate_on_submit():
        saved, _warnings = attempt(outcome_form, lambda: silence.record_outcome(
            document, outcome_form.to_input(), user=current_user))
        if saved is not None:
            flash(_("The outcome of the silence procedure was recorded."), "success")
            return _here(document)
    # Refused: the page again with the outcome as chosen and the reasons beside it.
    form = SilenceForm(formdata=None)
    return _page(document, form, outcome_form)
