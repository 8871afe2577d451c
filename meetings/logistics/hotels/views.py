"""Accommodation: the hotels (shared by every meeting), a meeting's room blocks and who sleeps
where, and the rooming list per hotel (print HTML, PDF, XLSX). The Secretariat looks and prints;
organizers change (meetings/logistics/access.py)."""

import re

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.formtools import attempt
from meetings.i18n import current_language, format_full_date, localized
from meetings.logistics.access import require_organizer, require_secretariat, secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.hotels import occupancy, services
from meetings.logistics.hotels.forms import AssignmentForm, BlockForm, HotelForm
from meetings.models import utcnow
from meetings.models.base import MAX_ID
from meetings.printing import services as printing
from meetings.printing.pdf import pdf_response
from meetings.query import int_arg
from meetings.spreadsheets import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _button(meeting, action, done: str):
    """A one-button form (delete, remove): the change, or its refusal as a message; back to the page."""
    form = FlaskForm()
    if form.validate_on_submit():
        result, _warnings = attempt(form, action)
        if result is not None:
            flash(done, "success")
    for error in [*form.form_errors, *(e for f in form for e in f.errors)]:
        flash(str(error), "error")
    return redirect(_page(meeting.id))


def _organizer_meeting(meeting_id: int):
    require_organizer(current_user)  # staff: 403 before anything is looked up
    return secretariat_meeting(current_user, meeting_id)


def _page(meeting_id: int):
    return url_for("logistics.hotels", meeting_id=meeting_id)


# --- hotels -------------------------------------------------------------------------------------


@bp.get("/logistics/hotels")
@login_required
def hotel_list():
    require_secretariat(current_user)
    return render_template("logistics/hotels/hotels.html", hotels=services.list_hotels())


@bp.route("/logistics/hotels/new", methods=["GET", "POST"])
@login_required
def hotel_new():
    require_organizer(current_user)
    form = HotelForm()
    if form.validate_on_submit():
        hotel, _warnings = attempt(form, lambda: services.save_hotel(None, form.to_input(), user=current_user))
        if hotel is not None:
            flash(_("The hotel was added."), "success")
            return redirect(url_for("logistics.hotel_list"))
    return render_template("logistics/hotels/hotel_form.html", form=form, hotel=None)


@bp.route("/logistics/hotels/<int:hotel_id>/edit", methods=["GET", "POST"])
@login_required
def hotel_edit(hotel_id: int):
    require_organizer(current_user)
    hotel = services.get_hotel(hotel_id)
    form = HotelForm(obj=hotel) if request.method == "GET" else HotelForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.save_hotel(hotel, form.to_input(), user=current_user))
        if saved is not None:
            flash(_("The hotel was saved."), "success")
            return redirect(url_for("logistics.hotel_list"))
    return render_template("logistics/hotels/hotel_form.html", form=form, hotel=hotel)


# --- a meeting's accommodation ------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/logistics/hotels")
@login_required
def hotels(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    uses = occupancy.accommodation(meeting, utcnow())
    waiting = occupancy.unassigned_registrations(meeting)
    hotels_used = {u.block.hotel_id: u.block.hotel for u in uses}
    return render_template("logistics/hotels/index.html", meeting=meeting, uses=uses, waiting=waiting,
                           hotels=sorted(hotels_used.values(), key=lambda h: h.name_en),
                           dates=occupancy.meeting_dates(meeting), delete_form=FlaskForm())


def _block_page(meeting, form, block, warnings):
    return render_template("logistics/hotels/block_form.html", meeting=meeting, form=form, block=block,
                           warnings=warnings, dates=occupancy.meeting_dates(meeting))


@bp.route("/meetings/<int:meeting_id>/logistics/hotels/blocks/new", methods=["GET", "POST"])
@login_required
def hotel_block_new(meeting_id: int):
    meeting = _organizer_meeting(meeting_id)
    form = BlockForm(hotels=services.list_hotels())
    warnings = []
    if request.method == "GET":
        first, last = occupancy.meeting_dates(meeting)
        form.check_in.data, form.check_out.data = first - services.MARGIN / 2, last + services.MARGIN / 2
    elif form.validate_on_submit():
        block, warnings = attempt(form, lambda: services.save_block(
            meeting, None, form.to_input(), user=current_user, accept_warnings=form.confirm_warnings.data))
        if block is not None:
            flash(_("The room block was added."), "success")
            return redirect(_page(meeting.id))
    return _block_page(meeting, form, None, warnings)


@bp.route("/meetings/<int:meeting_id>/logistics/hotels/blocks/<int:block_id>/edit", methods=["GET", "POST"])
@login_required
def hotel_block_edit(meeting_id: int, block_id: int):
    meeting = _organizer_meeting(meeting_id)
    block = services.get_block(meeting, block_id)
    hotels = services.list_hotels()
    form = BlockForm(obj=block, hotels=hotels) if request.method == "GET" else BlockForm(hotels=hotels)
    warnings = []
    if form.validate_on_submit():
        saved, warnings = attempt(form, lambda: services.save_block(
            meeting, block, form.to_input(), user=current_user, accept_warnings=form.confirm_warnings.data))
        if saved is not None:
            flash(_("The room block was saved."), "success")
            return redirect(_page(meeting.id))
    return _block_page(meeting, form, block, warnings)


@bp.post("/meetings/<int:meeting_id>/logistics/hotels/blocks/<int:block_id>/delete")
@login_required
def hotel_block_delete(meeting_id: int, block_id: int):
    meeting = _organizer_meeting(meeting_id)
    block = services.get_block(meeting, block_id)
    return _button(meeting, lambda: services.delete_block(block, user=current_user), _("The room block was deleted."))


def _assignment_page(meeting, form, block, assignment, warnings):
    return render_template("logistics/hotels/assignment_form.html", meeting=meeting, form=form, block=block,
                           assignment=assignment, warnings=warnings)


@bp.route("/meetings/<int:meeting_id>/logistics/hotels/blocks/<int:block_id>/assign", methods=["GET", "POST"])
@login_required
def hotel_assign(meeting_id: int, block_id: int):
    meeting = _organizer_meeting(meeting_id)
    block = services.get_block(meeting, block_id)
    form = AssignmentForm(registrations=occupancy.unassigned_registrations(meeting))
    warnings = []
    if request.method == "GET":
        form.check_in.data, form.check_out.data = block.check_in, block.check_out
        form.registration_id.data = int_arg(request.args, "registration_id", 1, MAX_ID)
    elif form.validate_on_submit():
        assignment, warnings = attempt(form, lambda: services.assign(
            block, form.to_input(), user=current_user, accept_warnings=form.confirm_warnings.data))
        if assignment is not None:
            flash(_("The room was assigned."), "success")
            return redirect(_page(meeting.id))
    return _assignment_page(meeting, form, block, None, warnings)


@bp.route("/meetings/<int:meeting_id>/logistics/hotels/assignments/<int:assignment_id>/edit",
          methods=["GET", "POST"])
@login_required
def hotel_assignment_edit(meeting_id: int, assignment_id: int):
    meeting = _organizer_meeting(meeting_id)
    assignment = services.get_assignment(meeting, assignment_id)
    form = AssignmentForm(obj=assignment) if request.method == "GET" else AssignmentForm()
    warnings = []
    if form.validate_on_submit():
        saved, warnings = attempt(form, lambda: services.update_assignment(
            assignment, form.to_input(), user=current_user, accept_warnings=form.confirm_warnings.data))
        if saved is not None:
            flash(_("The room assignment was saved."), "success")
            return redirect(_page(meeting.id))
    return _assignment_page(meeting, form, assignment.hotel_block, assignment, warnings)


@bp.post("/meetings/<int:meeting_id>/logistics/hotels/assignments/<int:assignment_id>/delete")
@login_required
def hotel_assignment_delete(meeting_id: int, assignment_id: int):
    meeting = _organizer_meeting(meeting_id)
    assignment = services.get_assignment(meeting, assignment_id)
    return _button(meeting, lambda: services.remove_assignment(assignment, user=current_user),
                   _("The room assignment was removed."))


# --- the rooming list ---------------------------------------------------------------------------


def _rooming(meeting_id: int, hotel_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    return meeting, occupancy.rooming_list(meeting, hotel_id, current_language())


def _rooming_html(meeting_id: int, hotel_id: int):
    """The rooming list's print HTML, and the hotel it is for."""
    meeting, rooming = _rooming(meeting_id, hotel_id)
    html = render_template("print/rooming_list.html", meeting=meeting, rooming=rooming, lang=current_language(),
                           mark=printing.document_mark(meeting), issued=printing.issue_date(meeting),
                           document="rooming_list", format_full_date=format_full_date)
    return html, rooming.hotel


def _filename(meeting_id: int, hotel, extension: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", hotel.name_en).strip("-")[:40] or "hotel"
    return f"CICA-rooming-list-{meeting_id}-{slug}-{current_language()}.{extension}"


@bp.get("/meetings/<int:meeting_id>/logistics/hotels/<int:hotel_id>/rooming-list")
@login_required
def rooming_list(meeting_id: int, hotel_id: int):
    return _rooming_html(meeting_id, hotel_id)[0]


@bp.get("/meetings/<int:meeting_id>/logistics/hotels/<int:hotel_id>/rooming-list.pdf")
@login_required
def rooming_list_pdf(meeting_id: int, hotel_id: int):
    html, hotel = _rooming_html(meeting_id, hotel_id)
    return pdf_response(html, _filename(meeting_id, hotel, "pdf"))


@bp.get("/meetings/<int:meeting_id>/logistics/hotels/<int:hotel_id>/rooming-list.xlsx")
@login_required
def rooming_list_xlsx(meeting_id: int, hotel_id: int):
    meeting, rooming = _rooming(meeting_id, hotel_id)
    lang = current_language()
    rows = [[_("Name"), _("Party"), _("Check-in"), _("Check-out"), _("Nights"), _("Room type"),
             _("Room number"), _("Note")]]
    rows += [[line.name, str(localized(line.party, "name", lang)) if line.party else "", line.check_in,
              line.check_out, line.nights, line.room_type, line.room_number, line.note] for line in rooming.lines]
    body = xlsx_bytes(rows, _("Rooming list"))
    return Response(body, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{_filename(meeting.id, rooming.hotel, "xlsx")}"'})
