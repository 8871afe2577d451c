"""API tokens on the wire: ``Authorization: Bearer <token>`` under /api/ only.

A request that carries a token acts as the token's user for that request alone: nothing is
written to the session (no cookie is set), and a session cookie sent beside it is not used. A
token that does not work is a 401, never a silent anonymous answer (a script would take an empty
list for the truth). Outside /api/ the header is ignored: a token opens no page and no feed.
"""

from flask import Flask, g
from flask_babel import gettext as _

from meetings.accounts import api_tokens
from meetings.errors import problem_response
from meetings.extensions import bearer_secret
from meetings.security import mark_private


def _refused():
    return problem_response({"title": _("The API token is unknown, revoked or expired."), "status": 401}, 401,
                            {"WWW-Authenticate": 'Bearer error="invalid_token"'})


def authenticate_bearer():
    secret = bearer_secret()
    if secret is None:
        return None
    token = api_tokens.authenticate(secret)
    if token is None:
        return _refused()
    g._login_user = token.user  # Flask-Login's user of this request, without touching the session
    g.api_token = token  # the audit trail says a change came through it (meetings/audit.py)
    mark_private()  # the answer is this user's view of the meetings: no shared cache may keep it
    return None


def init_app(app: Flask) -> None:
    # After the rate limiter's hook, so a refused token counts against the limits as any call.
    app.before_request(authenticate_bearer)
