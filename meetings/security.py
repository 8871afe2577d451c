"""Login, role checks and HTTP security headers: the access rules every view uses."""

import logging
import re
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
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


class MaskFeedTokens(logging.Filter):
    """Access logs never hold a whole feed token: it is the only key to a personal calendar."""

    PATTERN = re.compile(r"(/feeds/[A-Za-z0-9_-]{4})[A-Za-z0-9_-]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1…", record.msg)
        return True


def form_token(form=None) -> Markup:
    """The one way a POST form carries its CSRF token in a template: ``{{ form_token(form) }}``
    writes the form's hidden fields, token included; ``{{ form_token() }}`` the token alone,
    for a form that is only a button (log out, language, delete)."""
    if form is not None:
        return form.hidden_tag()
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def init_app(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskFeedTokens) for f in logger.filters):
            logger.addFilter(MaskFeedTokens())
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
