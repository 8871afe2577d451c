"""Pages of the documents archive. One blueprint; its pages are split by the rule they serve:
here a meeting's documents (the circulation page), one document, and the organizers' forms;
the files (upload and download) in file_views.py, the archive search and the silence procedure
in their own modules."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.documents import services
from meetings.documents.forms import DocumentForm, VersionForm
from meetings.documents.languages import NATIVE_NAMES, reader_first
from meetings.documents.uploads import KIND_NAMES
from meetings.domain import RuleError
from meetings.formtools import attempt
from meetings.i18n import current_language
from meetings.visibility import get_visible_meeting

bp = Blueprint("documents", __name__)

BASE = "/meetings/<int:meeting_id>/documents"


@bp.context_processor
def names() -> dict:
    return {"native_names": NATIVE_NAMES, "kind_names": KIND_NAMES}


def organizer_meeting(meeting_id: int):
    """A meeting whose documents an organizer manages: other roles are refused before anything
    is looked up (so nothing says whether it exists)."""
    services.require_organizer(current_user)
    return get_visible_meeting(current_user, meeting_id)


def organizer_document(meeting_id: int, document_id: int):
    meeting = organizer_meeting(meeting_id)
    return meeting, services.get_document(meeting, document_id)


@bp.get(BASE)
def meeting_documents(meeting_id: int):
    """The circulation page: what was issued for the meeting, when, in which languages."""
    meeting = get_visible_meeting(current_user, meeting_id)
    groups = services.meeting_documents(meeting, current_user)
    return render_template("documents/list.html", meeting=meeting, groups=groups, reader_first=reader_first,
                           lang=current_language())


@bp.get(f"{BASE}/<int:document_id>")
def document(meeting_id: int, document_id: int):
    page = services.document_page(current_user, meeting_id, document_id)
    organizer = current_user.is_authenticated and current_user.is_organizer
    return render_template("documents/document.html", page=page, meeting=page.meeting, document=page.document,
                           reader_first=reader_first, lang=current_language(),
                           version_form=VersionForm() if organizer else None)


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def new_document(meeting_id: int):
    meeting = organizer_meeting(meeting_id)
    form = DocumentForm(meeting=meeting)
    if request.method == "GET" and request.args.get("item", type=int):
        form.agenda_item_id.data = request.args.get("item", type=int)
    if form.validate_on_submit():
        created, _warnings = attempt(form, lambda: services.create_document(meeting, form.to_input(), user=current_user))
        if created is not None:
            flash(_("Document %(symbol)s is created as a draft: upload its files, then issue it.",
                    symbol=created.symbol), "success")
            return redirect(url_for(".document", meeting_id=meeting.id, document_id=created.id))
    return render_template("documents/form.html", meeting=meeting, form=form, document=None)


@bp.route(f"{BASE}/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit_document(meeting_id: int, document_id: int):
    meeting, document = organizer_document(meeting_id, document_id)
    form = DocumentForm(obj=document, meeting=meeting)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_document(document, form.to_input(), user=current_user))
        if saved is not None:
            flash(_("Document %(symbol)s is saved.", symbol=saved.symbol), "success")
            return redirect(url_for(".document", meeting_id=meeting.id, document_id=saved.id))
    return render_template("documents/form.html", meeting=meeting, form=form, document=document)


def _checked_post() -> bool:
    """The CSRF check of a form that is one button."""
    if FlaskForm().validate_on_submit():
        return True
    flash(_("The form has expired: please try again."), "error")
    return False


@bp.post(f"{BASE}/<int:document_id>/issue")
@login_required
def issue_document(meeting_id: int, document_id: int):
    meeting, document = organizer_document(meeting_id, document_id)
    back = url_for(".document", meeting_id=meeting.id, document_id=document.id)
    if _checked_post():
        try:
            queued = services.issue_document(document, user=current_user)
        except RuleError as error:  # already rolled back; the page says why
            flash(str(error), "error")
        else:
            flash(_("Document %(symbol)s is issued; focal points told by e-mail: %(num)d.",
                    symbol=document.symbol, num=queued), "success")
    return redirect(back)


@bp.post(f"{BASE}/<int:document_id>/versions")
@login_required
def new_version(meeting_id: int, document_id: int):
    meeting, document = organizer_document(meeting_id, document_id)
    form = VersionForm()
    if not form.validate_on_submit():
        flash(_("Choose a revision, an addendum or a corrigendum."), "error")
        return redirect(url_for(".document", meeting_id=meeting.id, document_id=document.id))
    try:
        version = services.new_version(document, form.kind.data, user=current_user)
    except RuleError as error:
        flash(str(error), "error")
        return redirect(url_for(".document", meeting_id=meeting.id, document_id=document.id))
    flash(_("Document %(symbol)s is created as a draft: upload its files, then issue it.", symbol=version.symbol),
          "success")
    return redirect(url_for(".document", meeting_id=meeting.id, document_id=version.id))


@bp.route(f"{BASE}/<int:document_id>/delete", methods=["GET", "POST"])
@login_required
def delete_document(meeting_id: int, document_id: int):
    """A confirmation page, then the deletion (of the document, its versions and their files)."""
    meeting, document = organizer_document(meeting_id, document_id)
    if request.method == "POST" and _checked_post():
        symbol = document.symbol
        services.delete_document(document, user=current_user)
        flash(_("Document %(symbol)s is deleted.", symbol=symbol), "success")
        return redirect(url_for(".meeting_documents", meeting_id=meeting.id))
    return render_template("documents/delete.html", meeting=meeting, document=document)


# The pages of each part register on bp when imported (after bp exists).
from meetings.documents import archive_views, file_views, silence_views  # noqa: E402, F401
