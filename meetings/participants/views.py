"""Parties, delegations and the list of participants of a meeting (people: people_views.py)."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.formtools import attempt, options
from meetings.i18n import after_colon, current_language, localized
from meetings.labels import label
from meetings.models import AccreditationStatus, DelegationReply, Party, RegistrationRole
from meetings.models.base import MAX_ID
from meetings.names import display_name, name_key
from meetings.pagination import PageNumberError, page_number, page_size, paginate_rows
from meetings.participants import files, services
from meetings.participants.forms import (
    BulkForm,
    DelegationForm,
    ImportForm,
    InviteForm,
    ParticipantFilterForm,
    PartyFilterForm,
    PartyForm,
    RegistrationForm,
    StatusForm,
)
from meetings.query import choice_arg, int_arg, int_list
from meetings.security import organizer_required
from meetings.visibility import get_visible_meeting

bp = Blueprint("participants", __name__)


def _party_choices(parties) -> list:
    return options((p.id, str(localized(p, "name"))) for p in parties)


# --- parties ---------------------------------------------------------------------------------

@bp.get("/parties")
def parties():
    form = PartyFilterForm(request.args)
    kind = form.kind.data if form.validate() else None
    return render_template("participants/parties.html", parties=services.list_parties(current_language(), kind),
                           form=form)


@bp.get("/parties/<int:party_id>")
def party(party_id: int):
    return render_template("participants/party.html", party=services.get_party(party_id))


@bp.route("/parties/<int:party_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_party(party_id: int):
    party = services.get_party(party_id)
    form = PartyForm(obj=party)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_party(party, form.to_input(), current_user))
        if saved is not None:
            flash(_("The party is saved."), "success")
            return redirect(url_for(".party", party_id=party.id))
    return render_template("participants/party_edit.html", party=party, form=form)


# --- the list of participants ----------------------------------------------------------------

def _list_filters(args) -> dict[str, str | int]:
    """The list's filters as arguments of a link back to it: known names with readable values only."""
    values = {"party": int_arg(args, "party", 1, MAX_ID), "role": choice_arg(args, "role", RegistrationRole),
              "status": choice_arg(args, "status", AccreditationStatus)}
    return {name: getattr(value, "value", value) for name, value in values.items() if value is not None}


def _list_place(args) -> dict[str, str | int]:
    """The filters and the page: where to come back after an action taken from the list (past its
    end, as after declining every row of its last page, the list itself goes to its last page)."""
    try:
        page = page_number(args)
    except PageNumberError:  # a junk page in a hand-made URL: the first page then
        page = 1
    return _list_filters(args) | ({"page": page} if page > 1 else {})


def _filtered_list(access):
    lang = current_language()
    form = ParticipantFilterForm(request.args)
    # The party choices are known only after loading; validate against all parties first.
    form.party.choices = options([("", _("All parties")), *((pid, "") for pid in db.session.scalars(select(Party.id)))])
    form.validate()
    result = services.participant_list(access, lang, party_id=form.value("party"), role=form.value("role"),
                                       status=form.value("status"))
    form.party.choices = options([("", _("All parties"))]) + _party_choices(result.parties)
    return form, result


@bp.get("/meetings/<int:meeting_id>/participants")
@login_required
def participants(meeting_id: int):
    access = services.participants_access(current_user, meeting_id)
    form, result = _filtered_list(access)
    # Sorted in Python (names collated in the reader's language), so the page is cut from the
    # sorted rows: the counts and "all matching" still cover every row, the page renders at most
    # PARTICIPANTS_PAGE_SIZE of them.
    page = paginate_rows(result.rows, per_page=page_size("PARTICIPANTS_PAGE_SIZE"))
    transitions = {r.id: services.allowed_transitions(access, r) for r in page.items}
    counts = [
        ngettext("%(num)d participant", "%(num)d participants", len(result.rows)),
        ngettext("%(num)d delegation", "%(num)d delegations", result.delegations),
        ngettext("%(num)d head of delegation at ministerial level", "%(num)d heads of delegation at ministerial level",
                 result.ministerial_heads),
        ngettext("%(num)d accredited", "%(num)d accredited", result.accredited),
    ]
    return render_template("participants/list.html", access=access, meeting=access.meeting, form=form,
                           result=result, page=page, counts=counts, transitions=transitions, status_form=StatusForm(),
                           bulk_form=BulkForm() if access.can_manage else None, filters=_list_filters(request.args),
                           place=_list_place(request.args),
                           deadline=services.registration_deadline(access.meeting))


def _export(meeting_id: int, kind: str):
    access = services.participants_access(current_user, meeting_id)
    _form, result = _filtered_list(access)
    lang = current_language()
    name = f"participants-{meeting_id}"
    if kind == "csv":
        body, mimetype = files.export_csv(access, result.rows, lang), "text/csv"
    else:
        body = files.export_xlsx(access, result.rows, lang)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{kind}"'})


@bp.get("/meetings/<int:meeting_id>/participants.csv")
@login_required
def export_csv(meeting_id: int):
    return _export(meeting_id, "csv")


@bp.get("/meetings/<int:meeting_id>/participants.xlsx")
@login_required
def export_xlsx(meeting_id: int):
    return _export(meeting_id, "xlsx")


# --- registrations ---------------------------------------------------------------------------

def _closed(access):
    """After the deadline a focal point goes back to the list, with a warning; the service's
    NotAllowedError (staff) becomes a 403 in meetings/errors."""
    try:
        services.require_editable(access)
    except services.RegistrationClosedError as closed:
        flash(str(closed), "warning")
        return redirect(url_for(".participants", meeting_id=access.meeting.id))
    return None


def _registration_form(access, **kwargs) -> RegistrationForm:
    form = RegistrationForm(**kwargs)
    parties = [] if access.delegation else _party_choices(services.list_parties(current_language()))
    return form.setup(current_user, parties, focal_point=access.delegation is not None)


@bp.route("/meetings/<int:meeting_id>/participants/new", methods=["GET", "POST"])
@login_required
def new_registration(meeting_id: int):
    access = services.participants_access(current_user, meeting_id)
    if closed := _closed(access):
        return closed
    person_id = request.values.get("person", type=int)
    known = services.known_person(access, person_id) if person_id is not None else None
    form = _registration_form(access, obj=known)
    if request.method == "GET" and known is None and access.delegation is None:
        form.party_id.data = request.args.get("party", type=int)
    if form.validate_on_submit():
        value = form.to_input()
        party_id = form.party_id.data if "party_id" in form else None  # a focal point's: their own
        registered, _warnings = attempt(form, lambda: services.register(access, value, person=known, party_id=party_id))
        if registered is not None:
            # The name as the page shows it: in the reader's language, else in the one it was typed in.
            flash(_("%(name)s is registered.", name=str(display_name(registered.person))), "success")
            return redirect(url_for(".participants", meeting_id=meeting_id))
    q = request.args.get("q", "")[:200]
    candidates = services.candidates(access, q) if q.strip() else []
    return render_template("participants/registration_form.html", access=access, meeting=access.meeting, form=form,
                           known=known, q=q, candidates=candidates, registration=None)


@bp.route("/meetings/<int:meeting_id>/participants/<int:registration_id>/edit", methods=["GET", "POST"])
@login_required
def edit_registration(meeting_id: int, registration_id: int):
    access = services.participants_access(current_user, meeting_id)
    registration = services.get_registration(access, registration_id)
    if closed := _closed(access):
        return closed
    form = _registration_form(access, obj=registration.person, data={
        "role": registration.role, "ministerial_level": registration.ministerial_level})
    if access.delegation is None:
        del form.party_id  # the person's party is changed on the person's page
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_registration(access, registration, form.to_input()))
        if saved is not None:
            flash(_("The registration is saved."), "success")
            return redirect(url_for(".participants", meeting_id=meeting_id))
    return render_template("participants/registration_form.html", access=access, meeting=access.meeting, form=form,
                           known=registration.person, registration=registration, q="", candidates=[])


@bp.post("/meetings/<int:meeting_id>/participants/<int:registration_id>/status")
@login_required
def change_status(meeting_id: int, registration_id: int):
    access = services.participants_access(current_user, meeting_id)
    registration = services.get_registration(access, registration_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose the new status in the list, then press the button.") if not request.form.get("status")
              else _("Choose a valid status."), "error")
    else:
        try:
            services.change_status(access, registration, form.status.data)
        except RuleError as error:  # the transaction is already rolled back; the list says why
            flash(str(error), "error")
        else:
            flash(_("%(name)s: %(status)s.", name=str(display_name(registration.person)),
                    status=after_colon(label(registration.status))), "success")
    return redirect(url_for(".participants", meeting_id=meeting_id, **_list_place(request.args)))


# What the buttons under the list do to a selection; "badges" prints instead of changing.
BULK_ACTIONS = {"accredit": AccreditationStatus.ACCREDITED, "decline": AccreditationStatus.DECLINED}


@bp.post("/meetings/<int:meeting_id>/participants/bulk")
@organizer_required
def bulk(meeting_id: int):
    """Accredit, decline or print the badges of the rows selected in the list (or all its page
    showed, or every row matching its filters on every page)."""
    access = services.participants_access(current_user, meeting_id)
    back = url_for(".participants", meeting_id=meeting_id, **_list_place(request.args))
    form = BulkForm()
    if not form.validate_on_submit():
        flash(_("Choose what to do with the selected participants."), "error")
        return redirect(back)
    if form.all_matching.data:
        # Every row the list's filters (in this URL) match now, as the list would show them.
        ids = [r.id for r in _filtered_list(access)[1].rows]
    else:
        ids = int_list(form.shown.data if form.all.data else form.registration.data, 1, MAX_ID)
    if not ids:
        flash(_("Select at least one participant first."), "error")
        return redirect(back)
    if form.action.data == "badges":
        return redirect(url_for("printing.badges_pdf", meeting_id=meeting_id,
                                registrations=",".join(str(i) for i in ids)))
    status = BULK_ACTIONS[form.action.data]
    for message, category in services.change_statuses(access, ids, status).report(status):
        flash(message, category)
    return redirect(back)


# --- import ----------------------------------------------------------------------------------

@bp.route("/meetings/<int:meeting_id>/participants/import", methods=["GET", "POST"])
@organizer_required
def import_participants(meeting_id: int):
    access = services.participants_access(current_user, meeting_id)
    form = ImportForm()
    check = None
    if form.validate_on_submit():
        check = files.check_file(form.file.data.read(files.MAX_IMPORT_BYTES + 1), access)
        if check.ok:
            result = files.import_rows(access, check)
            flash(_("Import done: %(created)s, %(updated)s.",
                    created=ngettext("%(num)d registration created", "%(num)d registrations created",
                                     result.created),
                    updated=ngettext("%(num)d already registered and updated",
                                     "%(num)d already registered and updated", result.updated)), "success")
            return redirect(url_for(".participants", meeting_id=meeting_id))
    return render_template("participants/import.html", meeting=access.meeting, form=form, check=check,
                           columns=files.column_docs(), max_mb=files.MAX_IMPORT_BYTES // (1024 * 1024))


@bp.get("/meetings/<int:meeting_id>/participants/import-template.csv")
@organizer_required
def import_template(meeting_id: int):
    services.participants_access(current_user, meeting_id)
    return Response(files.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="participants-template.csv"'})


# --- delegations -----------------------------------------------------------------------------

@bp.get("/meetings/<int:meeting_id>/delegations")
@organizer_required
def delegations(meeting_id: int):
    """One table: a row per invited party with its reply and head (changed in the row), its counts,
    and the totals; inviting more parties under it."""
    meeting = get_visible_meeting(current_user, meeting_id)
    lang = current_language()
    table = services.delegation_table(meeting, lang)
    invite_form = InviteForm()
    invite_form.parties.choices = _party_choices(services.uninvited_parties(meeting, lang))
    forms = {}
    for row in table.rows:
        d = row.delegation
        f = DelegationForm(prefix=f"d{d.id}", reply=d.reply, head=d.head_id, level=d.level)
        members = sorted(d.registrations, key=lambda r: (name_key(r.person, lang), r.id))  # the page's alphabet
        f.head.choices = options([("", "—"), *((r.person_id, str(display_name(r.person))) for r in members)])
        forms[d.id] = f
    return render_template("participants/delegations.html", meeting=meeting, table=table,
                           invite_form=invite_form, forms=forms, replies=DelegationReply)


@bp.post("/meetings/<int:meeting_id>/delegations/invite-members")
@organizer_required
def invite_members(meeting_id: int):
    meeting = get_visible_meeting(current_user, meeting_id)
    if FlaskForm().validate_on_submit():  # the CSRF check: the form has no other field
        count = services.invite_member_states(meeting, current_user)
        flash(ngettext("%(num)d Member State invited.", "%(num)d Member States invited.", count), "success")
    return redirect(url_for(".delegations", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/delegations/invite")
@organizer_required
def invite(meeting_id: int):
    meeting = get_visible_meeting(current_user, meeting_id)
    form = InviteForm()
    form.parties.choices = _party_choices(services.uninvited_parties(meeting, current_language()))
    if form.validate_on_submit():
        chosen = db.session.scalars(select(Party).where(Party.id.in_(form.parties.data))).all()
        count = services.invite_parties(meeting, list(chosen), current_user)
        flash(ngettext("%(num)d party invited.", "%(num)d parties invited.", count), "success")
    else:
        flash(_("Choose at least one party to invite."), "error")
    return redirect(url_for(".delegations", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/delegations/<int:delegation_id>")
@organizer_required
def update_delegation(meeting_id: int, delegation_id: int):
    meeting = get_visible_meeting(current_user, meeting_id)
    delegation = services.get_delegation(meeting, delegation_id)
    form = DelegationForm(prefix=f"d{delegation.id}")
    form.head.choices = options([("", "—"), *((r.person_id, "") for r in delegation.registrations)])
    if form.validate_on_submit():
        try:
            services.update_delegation(meeting, delegation, form.reply.data, form.head.data, current_user,
                                       level=form.level.data)
        except RuleError as error:  # the transaction is already rolled back; the list says why
            flash(str(error), "error")
        else:
            flash(_("The delegation is saved."), "success")
    else:
        flash(_("Choose a valid reply, head and level of the delegation."), "error")
    return redirect(url_for(".delegations", meeting_id=meeting_id))


# The badge photos' routes are on this blueprint too, in their own module.
from meetings.participants import people_views, photo_views  # noqa: E402, F401
