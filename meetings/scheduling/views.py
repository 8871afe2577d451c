"""Organizer pages under /manage: parse the form, call a service, flash and redirect or re-render."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from meetings.extensions import db
from meetings.formtools import attempt
from meetings.models import AgendaItem, Meeting, MeetingStatus, Room, Venue
from meetings.pagination import paginate
from meetings.query import choice_arg
from meetings.scheduling import services
from meetings.scheduling.forms import (
    AgendaItemForm,
    MeetingForm,
    PostponeForm,
    ReasonForm,
    RoomForm,
    StatusForm,
    VenueForm,
)
from meetings.security import organizer_required

bp = Blueprint("scheduling", __name__, url_prefix="/manage")
bp.before_request(organizer_required(lambda: None))  # every page here is for organizers and admins

# Service field names that the forms show under another name (meeting forms, then item forms).
FORM_FIELDS = {"starts_at": ("start_date", "day"), "ends_at": ("end_date", "end_time")}


def _version_of(value: str | None) -> int:
    """The version a form was opened at; a tampered value counts as stale, never as "no check"."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else -1  # "²" is a digit to isdigit()


def _version(form) -> int:
    return _version_of(form.version.data)


def _flash_errors(form) -> None:
    """A form without a page of its own (a button): its refusals become messages."""
    for error in [*form.form_errors, *(e for field in form for e in field.errors)]:
        flash(str(error), "error")


def _meeting(meeting_id: int) -> Meeting:
    return db.one_or_404(
        select(Meeting).where(Meeting.id == meeting_id)
        .options(joinedload(Meeting.type), joinedload(Meeting.venue), selectinload(Meeting.agenda_items))
    )


@bp.get("/meetings")
def meetings():
    chosen = choice_arg(request.args, "status", MeetingStatus)
    page = paginate(services.meetings_for_management(status=chosen))
    return render_template("scheduling/meetings.html", meetings=page.items, page=page,
                           status=chosen, statuses=list(MeetingStatus))


@bp.route("/meetings/new", methods=["GET", "POST"])
def new_meeting():
    form = MeetingForm()
    warnings = []
    if form.validate_on_submit():
        meeting, warnings = attempt(form, lambda: services.create_meeting(
            form.to_input(), user=current_user, accept_warnings=form.confirm_warnings.data), FORM_FIELDS)
        if meeting is not None:
            flash(_("The meeting was created."), "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    return render_template("scheduling/meeting_form.html", form=form, meeting=None, warnings=warnings)


def _change_meeting(meeting_id: int, make_form, service, template: str, done: str, **context):
    """A form that changes a meeting as a whole (edit, move to new dates): filled from the
    meeting, then saved at the version it was opened at, with warnings to confirm. ``context``:
    what else the page shows, made from the meeting."""
    meeting = _meeting(meeting_id)
    form = make_form()
    warnings = []
    if request.method == "GET":
        form.fill_from(meeting)
    elif form.validate_on_submit():
        saved, warnings = attempt(form, lambda: service(
            meeting, form.to_input(), user=current_user, expected_version=_version(form),
            accept_warnings=form.confirm_warnings.data), FORM_FIELDS)
        if saved is not None:
            flash(done, "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    return render_template(template, form=form, meeting=meeting, warnings=warnings,
                           **{name: make(meeting) for name, make in context.items()})


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    return _change_meeting(meeting_id, lambda: MeetingForm(editing=True), services.update_meeting,
                           "scheduling/meeting_form.html", _("The meeting was saved."))


def _reason_form(meeting: Meeting, prefix: str = "") -> ReasonForm:
    form = ReasonForm(formdata=None, prefix=prefix)
    form.version.data = str(meeting.version)
    return form


# The postponement's second form (until further notice) has its own prefix: both have a reason.
LATER = "later"


@bp.route("/meetings/<int:meeting_id>/postpone", methods=["GET", "POST"])
def postpone(meeting_id: int):
    """Move the meeting to new dates (planned or confirmed there); or, with the second form of the
    page, postpone it until further notice (postpone_until_further_notice)."""
    return _change_meeting(meeting_id, PostponeForm, services.postpone_meeting, "scheduling/postpone.html",
                           _("The meeting was moved to its new dates; its timetable moved with it."),
                           later_form=lambda meeting: _reason_form(meeting, LATER))


@bp.post("/meetings/<int:meeting_id>/postpone/until-further-notice")
def postpone_until_further_notice(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = ReasonForm(prefix=LATER)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.postpone_until_further_notice(
            meeting, reason=form.reason.data, user=current_user, expected_version=_version(form)))
        if saved is not None:
            flash(_("The meeting was postponed until further notice; it keeps its dates until it is rescheduled."),
                  "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    move_form = PostponeForm(formdata=None)
    move_form.fill_from(meeting)
    return render_template("scheduling/postpone.html", form=move_form, meeting=meeting, warnings=[],
                           later_form=form)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = ReasonForm()
    if request.method == "GET":
        form.version.data = str(meeting.version)
    elif form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.cancel_meeting(
            meeting, reason=form.reason.data, user=current_user, expected_version=_version(form)), FORM_FIELDS)
        if saved is not None:
            flash(_("The meeting was cancelled."), "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    return render_template("scheduling/cancel.html", form=form, meeting=meeting)


@bp.post("/meetings/<int:meeting_id>/status")
def change_status(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.change_status(
            meeting, form.new_status(), user=current_user, expected_version=_version(form),
            reason=form.reason.data or ""), FORM_FIELDS)
        if saved is not None:
            flash(_("The status was changed."), "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    _flash_errors(form)
    return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))


def _timetable_page(meeting: Meeting, form: AgendaItemForm, warnings: list[str]):
    return render_template(
        "scheduling/timetable.html", meeting=meeting, form=form, warnings=warnings,
        days=meeting.timetable_days(),
        status_form=_status_form(meeting), delete_form=FlaskForm(),
        next_statuses=sorted(services.allowed_transitions(meeting.status) - {MeetingStatus.POSTPONED,
                                                                             MeetingStatus.CANCELLED}),
    )


def _status_form(meeting: Meeting) -> StatusForm:
    form = StatusForm(formdata=None)
    form.version.data = str(meeting.version)
    return form


@bp.route("/meetings/<int:meeting_id>/timetable", methods=["GET", "POST"])
def timetable(meeting_id: int):
    meeting = db.one_or_404(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.type), joinedload(Meeting.venue),
            selectinload(Meeting.agenda_items).options(
                joinedload(AgendaItem.room), joinedload(AgendaItem.chair), selectinload(AgendaItem.speakers)))
    )
    form = AgendaItemForm(meeting=meeting)
    warnings = []
    if request.method == "GET":
        form.version.data = str(meeting.version)
        form.day.data = form.meeting_first_day  # a new entry starts on the meeting's first day
        return _timetable_page(meeting, form, warnings)
    if form.validate_on_submit():
        item, warnings = attempt(form, lambda: services.add_agenda_item(
            meeting, form.to_input(), user=current_user, expected_version=_version(form),
            accept_warnings=form.confirm_warnings.data), FORM_FIELDS)
        if item is not None:
            flash(_("The entry was added to the timetable."), "success")
            return redirect(url_for("scheduling.timetable", meeting_id=meeting.id))
    return _timetable_page(meeting, form, warnings)


def _item(meeting_id: int, item_id: int) -> AgendaItem:
    return db.one_or_404(
        select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.meeting_id == meeting_id)
        .options(joinedload(AgendaItem.meeting), selectinload(AgendaItem.speakers))
    )


def _item_form(item: AgendaItem, save, done: str, *, copy: bool):
    """The form of one entry, filled from ``item`` (as a copy: same length, starting when it
    ends); ``save(form)`` runs the service, under the same rules either way."""
    form = AgendaItemForm(meeting=item.meeting, item=item)
    warnings = []
    if request.method == "GET":
        form.fill_from(item, copy=copy)
    elif form.validate_on_submit():
        saved, warnings = attempt(form, lambda: save(form), FORM_FIELDS)
        if saved is not None:
            flash(done, "success")
            return redirect(url_for("scheduling.timetable", meeting_id=item.meeting_id))
    return render_template("scheduling/item_form.html", form=form, item=item, meeting=item.meeting,
                           warnings=warnings, copy=copy)


@bp.route("/meetings/<int:meeting_id>/timetable/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(meeting_id: int, item_id: int):
    item = _item(meeting_id, item_id)
    return _item_form(item, lambda form: services.update_agenda_item(
        item, form.to_input(), user=current_user, expected_version=_version(form),
        accept_warnings=form.confirm_warnings.data), _("The entry was saved."), copy=False)


@bp.route("/meetings/<int:meeting_id>/timetable/<int:item_id>/duplicate", methods=["GET", "POST"])
def duplicate_item(meeting_id: int, item_id: int):
    """The new-entry form filled with a copy of an entry, saved as a new entry only when submitted."""
    item = _item(meeting_id, item_id)
    return _item_form(item, lambda form: services.add_agenda_item(
        item.meeting, form.to_input(), user=current_user, expected_version=_version(form),
        accept_warnings=form.confirm_warnings.data), _("The copy was added to the timetable."), copy=True)


@bp.post("/meetings/<int:meeting_id>/timetable/<int:item_id>/delete")
def delete_item(meeting_id: int, item_id: int):
    item = _item(meeting_id, item_id)
    form = FlaskForm()
    if form.validate_on_submit():
        deleted, _warnings = attempt(form, lambda: services.delete_agenda_item(
            item, user=current_user, expected_version=_version_of(request.form.get("version"))))
        if deleted is not None:
            flash(_("The entry was deleted."), "success")
    _flash_errors(form)
    return redirect(url_for("scheduling.timetable", meeting_id=meeting_id))


# --- venues and rooms ---------------------------------------------------------------------------


@bp.route("/venues", methods=["GET", "POST"])
def venues():
    form = VenueForm()
    if form.validate_on_submit():
        added, _warnings = attempt(form, lambda: services.save_venue(None, form.to_input(), user=current_user))
        if added is not None:
            flash(_("The venue was added."), "success")
            return redirect(url_for("scheduling.venues"))
    page = paginate(services.venue_list())
    return render_template("scheduling/venues.html", venues=page.items, page=page, form=form)


@bp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
def venue(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    form = VenueForm(obj=venue) if request.method == "GET" else VenueForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.save_venue(venue, form.to_input(), user=current_user))
        if saved is not None:
            flash(_("The venue was saved."), "success")
            return redirect(url_for("scheduling.venue", venue_id=venue.id))
    return render_template("scheduling/venue.html", venue=venue, form=form, room_form=RoomForm(formdata=None),
                           delete_form=FlaskForm())


@bp.route("/venues/<int:venue_id>/rooms", methods=["POST"])
def add_room(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    form = RoomForm()
    if form.validate_on_submit():
        added, _warnings = attempt(form, lambda: services.save_room(venue, None, form.to_input(), user=current_user))
        if added is not None:
            flash(_("The room was added."), "success")
            return redirect(url_for("scheduling.venue", venue_id=venue.id))
    return render_template("scheduling/venue.html", venue=venue, form=VenueForm(obj=venue, formdata=None),
                           room_form=form, delete_form=FlaskForm())


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def edit_room(room_id: int):
    room = db.get_or_404(Room, room_id)
    form = RoomForm(obj=room) if request.method == "GET" else RoomForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.save_room(room.venue, room, form.to_input(),
                                                                    user=current_user))
        if saved is not None:
            flash(_("The room was saved."), "success")
            return redirect(url_for("scheduling.venue", venue_id=room.venue_id))
    return render_template("scheduling/room_form.html", room=room, form=form)


@bp.post("/rooms/<int:room_id>/delete")
def delete_room(room_id: int):
    room = db.get_or_404(Room, room_id)
    venue_id = room.venue_id
    form = FlaskForm()
    if form.validate_on_submit():
        venue, _warnings = attempt(form, lambda: services.delete_room(room, user=current_user))
        if venue is not None:
            flash(_("The room was deleted."), "success")
    _flash_errors(form)
    return redirect(url_for("scheduling.venue", venue_id=venue_id))
