"""Visa support letters: the list (the Secretariat's, or a focal point's delegation), the request
form, the organizers' actions and the letter as a PDF (the Secretariat's only: passport data)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from meetings.domain import NotAllowedError, RuleError
from meetings.extensions import db
from meetings.formtools import attempt, options
from meetings.i18n import format_full_date, localized
from meetings.logistics.access import require_organizer, secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.visas import services
from meetings.logistics.visas.forms import FilterForm, LetterForm, RequestForm
from meetings.models import Party, VisaLetterStatus
from meetings.names import display_name
from meetings.pagination import page_size, paginate_rows
from meetings.participants.access import participants_access
from meetings.printing.pdf import pdf_response

BASE = "/meetings/<int:meeting_id>/logistics/visas"


def _filters(form: FilterForm) -> dict:
    """The list's valid filters, as arguments of a link back to it."""
    values = {"status": form.value("status"), "party": form.value("party")}
    return {k: getattr(v, "value", v) for k, v in values.items() if v is not None}


@bp.get(BASE)
@login_required
def visas(meeting_id: int):
    access = participants_access(current_user, meeting_id)
    form = FilterForm(request.args)
    form.party.choices = options([("", _("All parties")), *((pid, "") for pid in db.session.scalars(select(Party.id)))])
    form.validate()
    result = services.letter_list(access, status=form.value("status"), party_id=form.value("party"))
    form.party.choices = options([("", _("All parties"))]) + options(
        (p.id, str(localized(p, "name"))) for p in result.parties)
    # Sorted in Python (names collated), so paged like the list of participants.
    page = paginate_rows(result.rows, per_page=page_size("PARTICIPANTS_PAGE_SIZE"))
    return render_template("logistics/visas/list.html", access=access, meeting=access.meeting, form=form,
                           result=result, page=page, filters=_filters(form), statuses=list(VisaLetterStatus),
                           transitions=services.TRANSITIONS, format_full_date=format_full_date)


def _request_access(meeting_id: int):
    """Requesting: a focal point for their delegation, organizers for anyone; staff look only."""
    access = participants_access(current_user, meeting_id)
    if access.delegation is None and not current_user.is_organizer:
        raise NotAllowedError()
    return access


@bp.route(f"{BASE}/request", methods=["GET", "POST"])
@login_required
def visa_request(meeting_id: int):
    access = _request_access(meeting_id)
    form = RequestForm()
    candidates = services.requestable(access)
    form.registration.choices = options([("", "—"), *((r.id, str(display_name(r.person))) for r in candidates)])
    if request.method == "GET":
        form.registration.data = request.args.get("registration", type=int)
    if form.validate_on_submit():
        letter, _warnings = attempt(form, lambda: services.request_letter(access, form.registration.data,
                                                                          form.to_input()))
        if letter is not None:
            flash(_("A visa letter for %(name)s is requested.", name=str(display_name(letter.registration.person))),
                  "success")
            return redirect(url_for(".visas", meeting_id=meeting_id))
    return render_template("logistics/visas/request.html", access=access, meeting=access.meeting, form=form,
                           candidates=candidates)


def _letter(meeting_id: int, letter_id: int):
    """A letter, for organizers (others: 403 before anything is looked up)."""
    require_organizer(current_user)
    meeting = secretariat_meeting(current_user, meeting_id)
    return meeting, services.get_letter(meeting, letter_id)


@bp.route(f"{BASE}/<int:letter_id>/edit", methods=["GET", "POST"])
@login_required
def visa_edit(meeting_id: int, letter_id: int):
    meeting, letter = _letter(meeting_id, letter_id)
    form = LetterForm(obj=letter)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_letter(meeting, letter, form.to_input(), current_user))
        if saved is not None:
            flash(_("The visa letter is saved."), "success")
            return redirect(url_for(".visas", meeting_id=meeting_id))
    return render_template("logistics/visas/edit.html", meeting=meeting, letter=letter, form=form,
                           person=letter.registration.person)


def _action(meeting_id: int, letter_id: int, act, done: str):
    meeting, letter = _letter(meeting_id, letter_id)
    back = url_for(".visas", meeting_id=meeting_id, **_filters(FilterForm(request.args)))
    if not FlaskForm().validate_on_submit():  # the CSRF check: the form has no other field
        flash(_("The form has expired: please try again."), "error")
        return redirect(back)
    name = str(display_name(letter.registration.person))
    try:
        warnings = act(meeting, letter, current_user)
    except RuleError as error:  # the transaction is already rolled back; the list says why
        flash(str(error), "error")
    else:
        flash(done(name, letter.reference), "success")
        for warning in warnings if isinstance(warnings, list) else ():
            flash(warning, "warning")
    return redirect(back)


@bp.post(f"{BASE}/<int:letter_id>/issue")
@login_required
def visa_issue(meeting_id: int, letter_id: int):
    return _action(meeting_id, letter_id, services.issue_letter, lambda name, reference: _(
        "The visa letter for %(name)s is issued: %(reference)s.", name=name, reference=reference))


@bp.post(f"{BASE}/<int:letter_id>/sent")
@login_required
def visa_sent(meeting_id: int, letter_id: int):
    return _action(meeting_id, letter_id, services.mark_sent, lambda name, _reference: _(
        "The visa letter for %(name)s is marked as sent.", name=name))


@bp.post(f"{BASE}/<int:letter_id>/cancel")
@login_required
def visa_cancel(meeting_id: int, letter_id: int):
    return _action(meeting_id, letter_id, services.cancel_letter, lambda name, _reference: _(
        "The visa letter for %(name)s is cancelled.", name=name))


@bp.get(f"{BASE}/<int:letter_id>.pdf")
@login_required
def visa_letter_pdf(meeting_id: int, letter_id: int):
    """The letter on the Secretariat's letterhead, in its language (``?lang=`` overrides): for the
    Secretariat only, never cached. A letter not issued is a draft, marked so on every page."""
    meeting = secretariat_meeting(current_user, meeting_id)
    letter = services.get_letter(meeting, letter_id)
    lang = request.args.get("lang") if request.args.get("lang") in services.LANGUAGES else letter.language
    with force_locale(lang):
        html = render_template("print/visa_letter.html", meeting=meeting, letter=letter, lang=lang,
                               person=letter.registration.person, party=letter.registration.person.party,
                               day=services.letter_date(letter, meeting), format_full_date=format_full_date)
    name = (letter.reference or f"draft-{letter.id}").replace("/", "-")
    return pdf_response(html, f"{name}-{lang}.pdf")
