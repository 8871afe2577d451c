"""The HTTP side of iCalendar: feeds served from their cache with ETag/Last-Modified, compressed
as the client asks; personal feed addresses.

An unchanged feed costs one indexed read (the change counter; with a token, the token and the
counter in one query) and a cache look-up: no login, no session, no locale selection. A feed's
language is ?lang=, else Accept-Language, else the default: calendar clients send no cookies.
"""

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

from meetings import changes
from meetings.documents.links import document_url
from meetings.extensions import db, limiter
from meetings.feeds import cache, mail, scopes, services, tokens
from meetings.feeds.links import SubscriptionLinks, subscription_links
from meetings.models import Meeting
from meetings.names import display_name
from meetings.query import code_arg
from meetings.security import organizer_required, sessionless
from meetings.visibility import get_visible_meeting

bp = Blueprint("feeds", __name__)

MAX_AGE = 15 * 60


def _page_url(meeting: Meeting) -> str:
    return url_for("calendar.meeting", meeting_id=meeting.id, _external=True)


def feed_language() -> str:
    """?lang=, else the best of Accept-Language, else the default: never the session or the account."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def content_encoding() -> str:
    """The encoding of the body sent: the first of ours the client accepts, else the bytes as they are."""
    accepted = request.accept_encodings
    return next((name for name in cache.ENCODINGS[:-1] if accepted.quality(name) > 0), "identity")


def calendar_response(scope: scopes.FeedScope, filename: str, *, private: bool, stamp: changes.Stamp) -> Response:
    """200 with the feed (from the cache, or built once for every subscriber), or 304."""
    window = scopes.current_window()
    options = scopes.FeedOptions(
        lang=feed_language(),
        domain=current_app.config["UID_DOMAIN"],
        site_url=request.root_url,  # what url_for(..., _external=True) in _page_url starts with
        source_url=request.base_url,
        include_breaks=request.args.get("breaks") == "1",
    )
    feed = cache.cached_feed(
        scope, options, stamp=stamp, window=window,
        build=lambda: services.build_feed(scope, options, window=window, page_url=_page_url,
                                          document_url=lambda document: document_url(document, external=True)),
    )
    if not is_resource_modified(request.environ, etag=feed.etag, last_modified=feed.last_modified):
        response = Response(status=304)
    else:
        encoding = content_encoding()
        response = Response(feed.body(encoding), mimetype="text/calendar")
        if encoding != "identity":  # left as it is by the compression of other responses
            response.headers["Content-Encoding"] = encoding
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.content_type = "text/calendar; charset=utf-8"
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    response.cache_control.max_age = MAX_AGE
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    # Say which language, and keep a shared cache from handing one reader's language or
    # encoding to another.
    response.headers["Content-Language"] = options.lang
    response.vary.update(("Accept-Encoding", "Accept-Language"))
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
    return scopes.in_personal_feed(current_user, meeting, scopes.current_window())


@bp.get("/calendar.ics")
def public_feed():
    type_code = code_arg(request.args, "type", 32) or None
    party_code = code_arg(request.args, "party", 16) or None
    scope = scopes.public_scope(type_code=type_code, party_code=party_code)
    sessionless()
    return calendar_response(scope, "cica-meetings.ics", private=False, stamp=changes.current(db.session))


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_feed(meeting_id: int):
    # Who may see the meeting is asked first, on every request: its cached file is the same for
    # everyone who may, and never reached by anyone else.
    meeting = get_visible_meeting(current_user, meeting_id)
    private = not current_user.is_anonymous
    # Its documents' deadlines are those the reader may see: the scope (and its cache key) is the reader's.
    reader = None if current_user.is_anonymous else current_user._get_current_object()
    return calendar_response(scopes.meeting_scope(meeting, reader), f"cica-meeting-{meeting.id}.ics", private=private,
                             stamp=changes.current(db.session))


@bp.get("/feeds/<token>.ics")
@limiter.limit(lambda: current_app.config["FEED_RATE_LIMIT"])
def personal_feed(token: str):
    feed_token, stamp = tokens.find_token_and_stamp(token)
    if feed_token is None:
        abort(404)  # unknown and revoked tokens alike; a plain-text 404, never an empty calendar
    sessionless()
    scope = scopes.token_scope(feed_token)  # before touch_token's commit expires the token
    tokens.touch_token(feed_token)
    return calendar_response(scope, "cica-my-meetings.ics", private=True, stamp=stamp)


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
