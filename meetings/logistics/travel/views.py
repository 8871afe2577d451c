"""Arrivals and departures: the list (the Secretariat: everyone; a focal point: their delegation),
a participant's travel form, and the drivers' schedule as a page and an A4 PDF (EN/RU)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.formtools import attempt, options
from meetings.i18n import current_language, format_day, format_full_date, localized
from meetings.logistics.access import secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.travel import services
from meetings.logistics.travel.forms import TravelFilterForm, TravelForm
from meetings.logistics.travel.schedule import schedule
from meetings.models import TravelDirection
from meetings.models.base import MAX_ID
from meetings.names import display_name
from meetings.pagination import page_size, paginate_rows
from meetings.printing.pdf import pdf_response
from meetings.printing.services import document_mark, issue_date, utc_offset
from meetings.query import choice_arg, date_arg, int_arg, raw_arg


def _filters(args, access) -> services.TravelFilters:
    """The list's filters from the query string; an unknown value is no filter, never a 500."""
    pickup = raw_arg(args, "pickup")
    return services.TravelFilters(
        party_id=int_arg(args, "party", 1, MAX_ID) if access.delegation is None else None,
        direction=choice_arg(args, "direction", TravelDirection), day=date_arg(args, "day"),
        pickup=pickup if pickup in services.PICKUP_CHOICES else None,
        missing=choice_arg(args, "missing", TravelDirection))


def _filter_args(filters: services.TravelFilters) -> dict[str, str | int]:
    """The filters as arguments of a link to another page of the list."""
    values = {"party": filters.party_id, "direction": getattr(filters.direction, "value", None),
              "day": filters.day.isoformat() if filters.day else None, "pickup": filters.pickup,
              "missing": getattr(filters.missing, "value", None)}
    return {name: value for name, value in values.items() if value is not None}


def _filter_form(filters: services.TravelFilters, result: services.TravelList, access) -> TravelFilterForm:
    form = TravelFilterForm()
    form.day.choices = options([("", _("All days"))] + [(d.isoformat(), format_day(d)) for d in result.days])
    if access.delegation is None:
        form.party.choices = options([("", _("All parties"))]
                                     + [(str(p.id), str(localized(p, "name"))) for p in result.parties])
    else:
        del form.party
    form.process(data={"party": str(filters.party_id or ""), "direction": getattr(filters.direction, "value", ""),
                       "day": filters.day.isoformat() if filters.day else "", "pickup": filters.pickup or "",
                       "missing": getattr(filters.missing, "value", "")})
    return form


@bp.get("/meetings/<int:meeting_id>/logistics/travel")
@login_required
def travel(meeting_id: int):
    access = services.travel_access(current_user, meeting_id)
    filters = _filters(request.args, access)
    result = services.travel_list(access, current_language(), filters)
    # Sorted in Python like the list of participants (names collated), so paged the same way.
    page = paginate_rows(result.rows, per_page=page_size("PARTICIPANTS_PAGE_SIZE"))
    return render_template("logistics/travel/list.html", access=access, meeting=access.meeting, result=result,
                           page=page, filter_args=_filter_args(filters),
                           form=_filter_form(filters, result, access), can_edit=services.can_edit(access),
                           last_day=services.last_day(access.meeting))


@bp.route("/meetings/<int:meeting_id>/logistics/travel/<int:registration_id>", methods=["GET", "POST"])
@login_required
def edit_travel(meeting_id: int, registration_id: int):
    access = services.travel_access(current_user, meeting_id)
    registration = services.get_registration(access, registration_id)
    try:
        services.require_editable(access)
    except services.TravelClosedError as closed:  # staff: NotAllowedError, a 403 in meetings/errors
        flash(str(closed), "warning")
        return redirect(url_for(".travel", meeting_id=meeting_id))
    form = TravelForm()
    if request.method == "GET":
        legs = services.legs(access.meeting, registration.delegation_id).get(registration.id, {})
        form.fill_from(legs, access.meeting.timezone)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.save_travel(access, registration, form.to_input()))
        if saved is not None:
            flash(_("The arrival and departure of %(name)s are saved.", name=str(display_name(registration.person))),
                  "success")
            return redirect(url_for(".travel", meeting_id=meeting_id))
    first, last = services.allowed_dates(access.meeting)
    return render_template("logistics/travel/edit.html", access=access, meeting=access.meeting, form=form,
                           registration=registration, first=first, last=last)


def _pickup_only() -> bool:
    return raw_arg(request.args, "pickup") == "1"


@bp.get("/meetings/<int:meeting_id>/logistics/travel/schedule")
@login_required
def travel_schedule(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    pickup_only = _pickup_only()
    return render_template("logistics/travel/schedule.html", meeting=meeting, pickup_only=pickup_only,
                           days=schedule(meeting, current_language(), pickup_only=pickup_only))


@bp.get("/meetings/<int:meeting_id>/logistics/travel/schedule.pdf")
@login_required
def travel_schedule_pdf(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    lang, pickup_only = current_language(), _pickup_only()
    html = render_template("print/travel_schedule.html", meeting=meeting, lang=lang, mark=document_mark(meeting),
                           issued=issue_date(meeting), document="travel-schedule", pickup_only=pickup_only,
                           format_full_date=format_full_date, utc_offset=utc_offset(meeting),
                           days=schedule(meeting, lang, pickup_only=pickup_only))
    return pdf_response(html, f"CICA-arrivals-departures-{meeting_id}-{lang}.pdf")
