"""The HTTP side of iCalendar: feeds with ETag/Last-Modified caching, personal feed addresses."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.http import is_resource_modified

from meetings.extensions import limiter
from meetings.feeds import mail, scopes, services, tokens
from meetings.feeds.links import SubscriptionLinks, subscription_links
from meetings.i18n import current_language
from meetings.models import Meeting, utcnow
from meetings.names import display_name
from meetings.query import code_arg
from meetings.security import organizer_required
from meetings.visibility import get_visible_meeting

bp = Blueprint("feeds", __name__)

MAX_AGE = 15 * 60


def _page_url(meeting: Meeting) -> str:
    return url_for("calendar.meeting", meeting_id=meeting.id, _external=True)


def calendar_response(scope: scopes.FeedScope, filename: str, *, private: bool) -> Response:
    """200 with the feed, or 304 decided from one cheap query without building the feed."""
    now = utcnow()
    options = scopes.FeedOptions(
        lang=current_language(),
        domain=current_app.config["UID_DOMAIN"],
        site_url=request.root_url,  # what url_for(..., _external=True) in _page_url starts with
        source_url=request.base_url,
        include_breaks=request.args.get("breaks") == "1",
    )
    etag, last_modified = scopes.fingerprint(scope, options, now)
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = Response(status=304)
    else:
        body = services.build_feed(scope, options, now=now, page_url=_page_url)
        response = Response(body, mimetype="text/calendar")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.content_type = "text/calendar; charset=utf-8"
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.max_age = MAX_AGE
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    # The language comes from ?lang=, the session or the account, else the browser: say which,
    # and keep a shared cache from handing one reader's language to another.
    response.headers["Content-Language"] = options.lang
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.app_template_global("subscription_links")
def feed_subscription_links(feed_url: str, name: str) -> SubscriptionLinks:
    """``name`` as plain text: templates pass ``localized(...).text``, never its HTML."""
    return subscription_links(str(feed_url), str(name))


bp.add_app_template_global(scopes.public_feed_name, "public_feed_name")


@bp.app_template_global("in_personal_feed")
def meeting_in_personal_feed(meeting: Meeting) -> bool:
    """On a meeting's page: whether the logged-in user's personal feed holds the meeting."""
    if not current_user.is_authenticated:
        return False
    return scopes.in_personal_feed(current_user, meeting, utcnow())


@bp.get("/calendar.ics")
def public_feed():
    type_code = code_arg(request.args, "type", 32) or None
    party_code = code_arg(request.args, "party", 16) or None
    scope = scopes.public_scope(type_code=type_code, party_code=party_code)
    return calendar_response(scope, "cica-meetings.ics", private=False)


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_feed(meeting_id: int):
    meeting = get_visible_meeting(current_user, meeting_id)
    private = not current_user.is_anonymous
    return calendar_response(scopes.meeting_scope(meeting), f"cica-meeting-{meeting.id}.ics", private=private)


@bp.get("/feeds/<token>.ics")
@limiter.limit(lambda: current_app.config["FEED_RATE_LIMIT"])
def personal_feed(token: str):
    feed_token = tokens.find_token(token)
    if feed_token is None:
        abort(404)  # unknown and revoked tokens alike; a plain-text 404, never an empty calendar
    tokens.touch_token(feed_token)
    return calendar_response(scopes.token_scope(feed_token), "cica-my-meetings.ics", private=True)


@bp.route("/manage/meetings/<int:meeting_id>/invitations", methods=["GET", "POST"])
@organizer_required
def invitations(meeting_id: int):
    """Send the meeting by e-mail as an invitation, or its update or cancellation, to participants."""
    meeting = get_visible_meeting(current_user, meeting_id)
    registrations = mail.active_registrations(meeting)
    form = FlaskForm()
    if form.validate_on_submit():
        chosen = request.form.get("registration_id", "")
        if chosen:
            registrations = [r for r in registrations if str(r.id) == chosen]
            if not registrations:
                abort(404)
        # Each message in its recipient's language, with the meeting's page in it: not the sender's.
        # Queued in the outbox, delivered after this response (or by the worker): no mail server
        # needs to answer while the organizer waits.
        report = mail.queue_invitations(
            meeting, registrations, user_id=current_user.id,
            page_url=lambda lang: url_for("calendar.meeting", meeting_id=meeting.id, lang=lang, _external=True))
        flash(ngettext("Invitation queued for %(num)d participant.", "Invitations queued for %(num)d participants.",
                       len(report.queued)), "success")
        if report.skipped:
            flash(_("No e-mail address for: %(names)s", names=", ".join(report.skipped)), "warning")
        if report.unsendable:
            flash(_("Not sent to addresses with letters outside Latin script (ask for another address): "
                    "%(names)s", names=", ".join(report.unsendable)), "warning")
        return redirect(url_for("feeds.invitations", meeting_id=meeting.id))
    issued_tokens = tokens.tokens_of_participants(meeting)
    return render_template("feeds/invitations.html", meeting=meeting, registrations=registrations, form=form,
                           issued=session.pop("issued_feed", None), tokens=issued_tokens,
                           issuers=tokens.issuers([t for found in issued_tokens.values() for t in found]))


@bp.post("/manage/meetings/<int:meeting_id>/invitations/<int:registration_id>/feed")
@organizer_required
def issue_person_feed(meeting_id: int, registration_id: int):
    """A personal calendar address for a participant who has no account (shown once)."""
    meeting = get_visible_meeting(current_user, meeting_id)
    registration = next((r for r in mail.active_registrations(meeting) if r.id == registration_id), None)
    if registration is None:
        abort(404)
    if FlaskForm().validate_on_submit():
        # Who issued it is in the audit trail, shown beside it on this page and on the person's account.
        token = tokens.issue_token(person_id=registration.person_id, issued_by=current_user, meeting_id=meeting.id)
        session["issued_feed"] = {"name": str(display_name(registration.person)),
                                  "url": url_for("feeds.personal_feed", token=token, _external=True)}
    return redirect(url_for("feeds.invitations", meeting_id=meeting.id))


@bp.post("/manage/meetings/<int:meeting_id>/invitations/feeds/<int:token_id>/revoke")
@organizer_required
def revoke_person_feed(meeting_id: int, token_id: int):
    """Revoke a calendar address of one of the meeting's participants, whoever issued it."""
    meeting = get_visible_meeting(current_user, meeting_id)
    if FlaskForm().validate_on_submit():
        tokens.revoke_token(token_id, by=current_user, meeting=meeting)
        flash(_("The calendar address was revoked; calendars subscribed to it stop updating."), "info")
    return redirect(url_for("feeds.invitations", meeting_id=meeting.id))
