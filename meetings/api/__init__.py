"""JSON API (/api/v1): the framework (framework.py), the shapes (schemas.py), pages of lists
(paging.py), the read endpoints (views.py), the organizers' write endpoints (editing.py, with
writes.py from bodies to the services' inputs) and the OpenAPI description with its rendered
reference (reference.py)."""

import hashlib

from flask import Flask, current_app
from flask_limiter.util import get_remote_address

from meetings.api import editing  # noqa: F401 - its write endpoints join the API's blueprint
from meetings.api.framework import MeetingsApi
from meetings.api.reference import API_EXTENSION
from meetings.api.reference import bp as reference_bp
from meetings.api.views import bp as views_bp
from meetings.extensions import bearer_secret, limiter


def _caller() -> str:
    """Whom a limit counts: a token (by its hash: no secret in the store), else the address. The
    limiter runs before the token is checked, so a wrong token counts too."""
    secret = bearer_secret()
    return f"token:{hashlib.sha256(secret.encode()).hexdigest()}" if secret else f"address:{get_remote_address()}"


# One limit per caller for every operation, reads and writes (429 as a problem document).
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api", key_func=_caller)(views_bp)


def init_app(app: Flask) -> None:
    """One Api per application (flask-smorest keeps it in app.extensions, where current_api finds it)."""
    api = MeetingsApi(app)
    api.register_blueprint(views_bp)
    app.extensions[API_EXTENSION] = api
    app.register_blueprint(reference_bp)
