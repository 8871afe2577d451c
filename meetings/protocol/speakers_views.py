"""The speakers lists' pages: the lists and the inscription form (the Secretariat for every party,
a focal point for their own), the live view of the floor and its small JSON state, the print
version and its PDF.

The live view polls its JSON every second or so rather than holding a server-sent events stream:
under gunicorn's sync workers a stream keeps a worker busy for as long as a tablet stays on the
page, and a few viewers would take every worker. A poll answered 304 (ETag of the body) costs two
small queries; the clock itself runs in the browser from the state's instants.
"""

import hashlib
import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.formtools import attempt, options
from meetings.i18n import current_language, format_full_date, format_moment, localized
from meetings.logistics.access import require_organizer, secretariat_meeting
from meetings.models import Registration, SpeakerKind
from meetings.models.base import MAX_ID
from meetings.names import full_name
from meetings.participants.workflow import ACTIVE
from meetings.printing import services as printing
from meetings.printing.pdf import pdf_response
from meetings.protocol import speakers as rules
from meetings.protocol.blueprint import bp
from meetings.protocol.forms import InscriptionForm, SpeakerTimeForm
from meetings.protocol.order import protocol_order
from meetings.query import number


def _registered(access, order) -> list[Registration]:
    """The people the user may name as speakers: registered in a delegation taking part."""
    delegations = {p.delegation.id for p in order if access.party_id in (None, p.party.id)}
    return list(db.session.scalars(
        select(Registration).where(Registration.meeting_id == access.meeting.id,
                                   Registration.delegation_id.in_(delegations), Registration.status.in_(ACTIVE))
        .options(joinedload(Registration.person), joinedload(Registration.delegation))))


def _choices(form: InscriptionForm, access, items, order) -> None:
    form.item_id.choices = options((i.id, f"{format_moment(i.starts_at, access.meeting.timezone)} · "
                                          f"{localized(i, 'title')}") for i in items)
    form.party_id.choices = options((p.party.id, localized(p.party, "name")) for p in order
                                    if access.party_id in (None, p.party.id))
    people = sorted(_registered(access, order), key=lambda r: (r.delegation.party_id, full_name(r.person)))
    names = {p.party.id: localized(p.party, "name") for p in order}
    form.person_id.choices = options([("", "—"), *((r.person_id, f"{full_name(r.person)} ({names[r.delegation.party_id]})"
                                                    if access.is_secretariat else full_name(r.person)) for r in people)])


def _inscription_form(**kwargs) -> InscriptionForm:
    """The inscription form; its time limit only for those who may give one (the service's rule
    decides; the field is not shown to the others, nor checked for them)."""
    form = InscriptionForm(**kwargs)
    if not current_user.is_organizer:
        del form.minutes
    return form


def _page(access, *, form: InscriptionForm | None = None, time_forms=None):
    meeting = access.meeting
    order = protocol_order(meeting)
    items = rules.plenary_items(meeting)
    lists = rules.speakers_lists(meeting, items, order, party_id=access.party_id)
    form = form or _inscription_form(formdata=None, kind=SpeakerKind.STATEMENT)
    _choices(form, access, items, order)
    time_forms = time_forms or {}
    for item in items:
        time_forms.setdefault(item.id, SpeakerTimeForm(formdata=None, prefix=f"t{item.id}",
                                                       minutes=lists[item.id].default_seconds // 60))
    return render_template("protocol/speakers.html", meeting=meeting, access=access, items=items, lists=lists,
                           form=form, time_forms=time_forms, can_set_time=current_user.is_organizer,
                           may_control=lambda item: rules.may_control(current_user, item))


@bp.get("/meetings/<int:meeting_id>/protocol/speakers")
@login_required
def speakers(meeting_id: int):
    return _page(rules.speakers_access(current_user, meeting_id))


@bp.post("/meetings/<int:meeting_id>/protocol/speakers")
@login_required
def inscribe(meeting_id: int):
    access = rules.speakers_access(current_user, meeting_id)
    form = _inscription_form()
    if form.validate_on_submit():
        minutes = form.minutes.data if form.minutes else None
        made, _warnings = attempt(form, lambda: rules.inscribe(
            access, form.item_id.data, form.party_id.data, form.kind.data or "", person_id=form.person_id.data,
            seconds=minutes * 60 if minutes is not None else None, note=form.note.data or ""),
            aliases={"seconds": ("minutes",)})
        if made is not None:
            flash(_("%(party)s is on the speakers list of %(item)s.", party=localized(made.party, "name"),
                    item=localized(rules.plenary_item(access.meeting, made.item_id), "title")), "success")
            return redirect(url_for("protocol.speakers", meeting_id=meeting_id, _anchor=f"item-{made.item_id}"))
    return _page(access, form=form)


@bp.post("/meetings/<int:meeting_id>/protocol/speakers/inscriptions/<int:inscription_id>/withdraw")
@login_required
def withdraw(meeting_id: int, inscription_id: int):
    access = rules.speakers_access(current_user, meeting_id)
    gone = rules.withdraw(access, inscription_id)
    if gone is None:
        flash(_("That inscription was already withdrawn."), "info")
        return redirect(url_for("protocol.speakers", meeting_id=meeting_id))
    flash(_("%(party)s was taken off the speakers list.", party=localized(gone.party, "name")), "success")
    return redirect(url_for("protocol.speakers", meeting_id=meeting_id, _anchor=f"item-{gone.item_id}"))


@bp.post("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/time")
@login_required
def speaker_time(meeting_id: int, item_id: int):
    require_organizer(current_user)  # staff look: refused before anything is looked up
    meeting = secretariat_meeting(current_user, meeting_id)
    access = rules.speakers_access(current_user, meeting_id)
    form = SpeakerTimeForm(prefix=f"t{item_id}")
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: rules.set_default_time(meeting, item_id, form.minutes.data * 60,
                                                                        user=current_user))
        if saved is not None:
            flash(_("Each speaker now has %(n)d minutes, unless the inscription says otherwise.",
                    n=saved.default_seconds // 60), "success")
            return redirect(url_for("protocol.speakers", meeting_id=meeting_id, _anchor=f"item-{item_id}"))
    rules.plenary_item(meeting, item_id)  # an entry that is not a plenary one of the meeting: 404
    return _page(access, time_forms={item_id: form})


# --- The floor -----------------------------------------------------------------------------------

def _speaker(speaker: rules.Speaker | None) -> dict | None:
    if speaker is None:
        return None
    i = speaker.inscription
    return {"id": i.id, "number": speaker.number, "party": str(localized(i.party, "name")),
            "speaker": full_name(i.person) if i.person else "", "kind": i.kind.value,
            "kind_label": _("Right of reply") if i.kind is SpeakerKind.RIGHT_OF_REPLY else _("Statement"),
            "limit": speaker.limit, "used": i.used_seconds,
            "since": i.speaking_since.isoformat().replace("+00:00", "Z") if i.speaking_since else None}


def live_state(item, listing: rules.ListOfSpeakers) -> dict:
    """What every viewer of the floor sees; instants, not a clock: the browser counts."""
    current = listing.current
    return {"item": item.id, "running": bool(current and current.speaking), "current": _speaker(current),
            "next": [_speaker(s) for s in listing.upcoming(3)],
            "done": sum(1 for s in listing.speakers if s.done), "total": len(listing.speakers)}


@bp.get("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/live")
@login_required
def live(meeting_id: int, item_id: int):
    meeting, item = rules.live_item(current_user, meeting_id, item_id)
    listing = rules.speakers_list(item)
    return render_template("protocol/live.html", meeting=meeting, item=item, listing=listing,
                           state=live_state(item, listing), can_control=rules.may_control(current_user, item))


@bp.get("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/live.json")
@login_required
def live_json(meeting_id: int, item_id: int):
    _meeting, item = rules.live_item(current_user, meeting_id, item_id)
    body = json.dumps(live_state(item, rules.speakers_list(item)), ensure_ascii=False, sort_keys=True).encode()
    etag = hashlib.sha256(body).hexdigest()[:32]  # of the body itself: changes whenever the bytes do
    response = Response(status=304) if etag in request.if_none_match else Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache, private"
    response.vary.add("Cookie")
    return response


@bp.post("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/live")
@login_required
def live_control(meeting_id: int, item_id: int):
    """Start, stop, next (CSRFProtect checks the token of every POST); the chair's side only.
    The page's script asks for JSON (Accept): a refusal is then its answer, 409, for the page to
    show at once; a flash would be taken by the redirect the script follows and never seen."""
    meeting, item = rules.live_item(current_user, meeting_id, item_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        listing = rules.control(current_user, meeting, item, request.form.get("action", ""),
                                number(request.form.get("current"), 1, MAX_ID))  # the speaker the page showed
    except RuleError as refused:
        if wants_json:
            return {"message": str(refused)}, 409
        flash(str(refused), "warning")
    else:
        if wants_json:
            return live_state(item, listing)
    return redirect(url_for("protocol.live", meeting_id=meeting_id, item_id=item_id))


# --- Print ---------------------------------------------------------------------------------------

def _print_html(meeting_id: int, item_id: int) -> str:
    meeting = secretariat_meeting(current_user, meeting_id)
    item = rules.plenary_item(meeting, item_id)
    listing = rules.speakers_list(item)
    return render_template("print/speakers.html", item=item, listing=listing, meeting=meeting, lang=current_language(),
                           mark=printing.document_mark(meeting), issued=printing.issue_date(meeting),
                           document="speakers", format_full_date=format_full_date, full_name=full_name,
                           print_endpoint="protocol.speakers_print", document_args={"item_id": item.id})


@bp.get("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/print")
@login_required
def speakers_print(meeting_id: int, item_id: int):
    return _print_html(meeting_id, item_id)


@bp.get("/meetings/<int:meeting_id>/protocol/speakers/<int:item_id>/print.pdf")
@login_required
def speakers_print_pdf(meeting_id: int, item_id: int):
    html = _print_html(meeting_id, item_id)
    return pdf_response(html, f"CICA-speakers-{meeting_id}-{item_id}-{current_language()}.pdf")
