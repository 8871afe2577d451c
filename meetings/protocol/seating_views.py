"""The seating plan's page (the layout form, the plan drawn in protocol order, the same seats as a
table) and the two documents printed from the order: the seating plan and the name plates, PDFs
made and kept by meetings/printing's pipeline."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from meetings.extensions import db
from meetings.formtools import attempt, options
from meetings.i18n import current_language, format_full_date, localized
from meetings.logistics.access import secretariat_meeting
from meetings.models import Room
from meetings.models.protocol import MAX_SEATS_BEHIND
from meetings.printing.services import document_mark, issue_date
from meetings.printing.views import document_pdf
from meetings.protocol import seating
from meetings.protocol.blueprint import bp
from meetings.protocol.forms import SeatingForm
from meetings.protocol.order import protocol_order
from meetings.protocol.plates import name_plates


@bp.context_processor
def _seating_helpers():
    return {"layout_label": lambda layout: seating.LAYOUT_LABELS.get(layout, layout)}


def _rooms(meeting) -> list[Room]:
    if meeting.venue_id is None:
        return []
    return list(db.session.scalars(select(Room).where(Room.venue_id == meeting.venue_id).order_by(Room.id)))


def _form(meeting, plan, formdata=None) -> SeatingForm:
    form = SeatingForm(formdata=formdata) if formdata is not None else SeatingForm(
        formdata=None, layout=plan.layout, seats_behind=plan.seats_behind, room_id=plan.room_id, paper=plan.paper)
    form.room_id.choices = options([("", "—"), *((room.id, localized(room, "name").text) for room in _rooms(meeting))])
    return form


def _room_name(meeting, plan, lang: str) -> str:
    """The room's name for the plan: none once the meeting has moved to another venue."""
    if plan.room is None or plan.room.venue_id != meeting.venue_id:
        return ""
    return localized(plan.room, "name", lang).text


def _page(meeting, form=None):
    plan = seating.seating_plan(meeting)
    lang = current_language()
    order = protocol_order(meeting)
    return render_template("protocol/seating.html", meeting=meeting, plan=plan, order=order,
                           drawing=seating.drawing(plan, order, lang), room_name=_room_name(meeting, plan, lang),
                           form=form or _form(meeting, plan), lang=lang,
                           paper_label=seating.PAPER_LABELS[plan.paper], max_behind=MAX_SEATS_BEHIND)


@bp.get("/meetings/<int:meeting_id>/protocol/seating")
@login_required
def seating_plan(meeting_id: int):
    return _page(secretariat_meeting(current_user, meeting_id))


@bp.post("/meetings/<int:meeting_id>/protocol/seating")
@login_required
def save_seating_plan(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = _form(meeting, None, request.form)
    if form.validate_on_submit():
        plan, _warnings = attempt(form, lambda: seating.set_seating_plan(
            meeting, layout=form.layout.data, seats_behind=form.seats_behind.data, room_id=form.room_id.data,
            paper=form.paper.data, user=current_user))
        if plan is not None:
            flash(_("The seating plan was saved."), "success")
            return redirect(url_for("protocol.seating_plan", meeting_id=meeting.id))
    return _page(meeting, form)


def _print_context(meeting, document: str) -> dict:
    lang = current_language()
    return {"meeting": meeting, "lang": lang, "mark": document_mark(meeting), "issued": issue_date(meeting),
            "document": document, "format_full_date": format_full_date}


@bp.get("/meetings/<int:meeting_id>/protocol/seating.pdf")
@login_required
def seating_pdf(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    plan = seating.seating_plan(meeting)
    context = _print_context(meeting, "seating")
    html = render_template("print/seating.html", plan=plan,
                           drawing=seating.drawing(plan, protocol_order(meeting), context["lang"]),
                           room_name=_room_name(meeting, plan, context["lang"]), **context)
    return document_pdf(html, f"CICA-seating-plan-{meeting_id}", meeting_id, "seating")


@bp.get("/meetings/<int:meeting_id>/protocol/name-plates.pdf")
@login_required
def name_plates_pdf(meeting_id: int):
    """One folded A4 sheet per delegation, in protocol order, with both names on each side."""
    meeting = secretariat_meeting(current_user, meeting_id)
    html = render_template("print/name_plates.html", plates=name_plates(protocol_order(meeting)),
                           **_print_context(meeting, "name_plates"))
    return document_pdf(html, f"CICA-name-plates-{meeting_id}", meeting_id, "name_plates")
