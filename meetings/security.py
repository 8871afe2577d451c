"""Login, role checks and HTTP security headers: the access rules every view uses."""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from meetings.extensions import login_manager
from meetings.models import ORGANIZER_ROLES, SECRETARIAT_ROLES, UserRole

# No inline scripts or styles, no third-party hosts: every asset is served by the app.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def mark_private() -> None:
    """Say that the response being made carries personal data or a non-public meeting: no cache
    (browser, proxy) may keep it. Called where such data is loaded (get_visible_meeting, the
    participants' access rule, feed tokens, the accounts' pages), so every page, file and feed
    built from it is covered; a no-op outside a request (commands)."""
    if has_request_context():
        g.private_response = True


def sessionless() -> None:
    """Say that the response being made depends on no session or login (a feed by its address):
    no_store then leaves the session unread, since reading it costs time and adds Vary: Cookie."""
    if has_request_context():
        g.sessionless = True


def no_store(response) -> None:
    """A response that no cache may keep: set when mark_private was called, for a logged-in
    user (a session cookie: the page may show who they are and what only they may see), or when
    the response writes the visitor's session (a flash shown, a form's CSRF token: theirs alone).
    Static files and anonymous public pages and feeds keep their own caching (meetings/http.py)."""
    if request.endpoint == "static":
        return
    if g.get("private_response") or (
            not g.get("sessionless") and (session.get("_user_id") is not None or session.modified)):
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Pragma"] = "no-cache"  # HTTP/1.0 caches


def form_token(form=None) -> Markup:
    """The one way a POST form carries its CSRF token in a template: ``{{ form_token(form) }}``
    writes the form's hidden fields, token included; ``{{ form_token() }}`` the token alone,
    for a form that is only a button (log out, language, delete)."""
    if form is not None:
        return form.hidden_tag()
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def init_app(app: Flask) -> None:
    app.jinja_env.globals["form_token"] = form_token
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    # The user loader is meetings/accounts/sessions.py: a cookie counts only while its login session is open.

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Browsers then refuse plain http to this host for a year; only in production, where TLS
        # is certain (HSTS_SECONDS is 0 elsewhere: a developer's 127.0.0.1 speaks http).
        if app.config["HSTS_SECONDS"]:
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
        no_store(response)
        return response


def role_required(*roles: UserRole) -> Callable:
    """Allow a view to users of the given roles: anonymous users go to login, others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


secretariat_required = role_required(*SECRETARIAT_ROLES)
organizer_required = role_required(*ORGANIZER_ROLES)
admin_required = role_required(UserRole.ADMIN)
