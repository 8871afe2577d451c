"""Extensions, created unbound and bound to the app in create_app."""

import flask_login
import flask_wtf
from flask import current_app, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

from meetings.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def bearer_secret() -> str | None:
    """The API token this request carries (``Authorization: Bearer ...`` to an endpoint of the JSON
    API), else None; checked by meetings/accounts/bearer.py before any view runs. The API's blueprint
    only, not its path: /api/v1/docs is an HTML page (the caller's name, a logout form, a session
    cookie), and a token opens no page."""
    if request.blueprint != "api":
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


class CSRFProtect(flask_wtf.CSRFProtect):
    def protect(self, apply_exemptions: bool = False) -> None:
        # A request with a token acts as the token's user, not as the session cookie's, and no
        # browser adds that header to a forged cross-site request: there is nothing to forge.
        # A token that does not work is refused (401) before any view runs.
        if bearer_secret() is not None:
            return
        # Nor is there in an API request without a session or remember-me cookie (Flask-Login signs
        # a user in from either): it acts as nobody (a write is a 401 that says how to
        # authenticate, rather than a missing CSRF token it could never have).
        cookies = (current_app.config["SESSION_COOKIE_NAME"], current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        if request.blueprint == "api" and not any(name in request.cookies for name in cookies):
            return
        super().protect(apply_exemptions=apply_exemptions)


csrf = CSRFProtect()


class LoginManager(flask_login.LoginManager):
    def _session_protection_failed(self) -> bool:
        # "Strong" protection guards a logged-in session from use on another device. An anonymous
        # session (a reader's language, a form's token) has no login to guard; Flask-Login would
        # clear it on every request, writing two cookies and making every public page uncacheable.
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


login_manager = LoginManager()
babel = Babel()
# Limits live in config (RATELIMIT_*); personal feeds are rate-limited per client address.
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, connection_record) -> None:
    # SQLite ignores foreign keys unless asked, per connection; PostgreSQL always enforces them.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
