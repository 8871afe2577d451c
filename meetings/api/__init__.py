"""JSON API (/api/v1): the framework (framework.py), the shapes (schemas.py), pages of lists
(paging.py), the read endpoints (views.py), the organizers' write endpoints (editing.py, with
writes.py from bodies to the services' inputs) and the OpenAPI description with its rendered
reference (reference.py)."""

from flask import Flask, current_app
from flask_limiter.util import get_remote_address

from meetings.api import editing  # noqa: F401 - its write endpoints join the API's blueprint
from meetings.api.framework import MeetingsApi
from meetings.api.reference import API_EXTENSION
from meetings.api.reference import bp as reference_bp
from meetings.api.schemas import LocalDateTime
from meetings.api.views import bp as views_bp
from meetings.extensions import limiter

# One limit per client address for every operation, reads and writes, with or without a token (429
# as a problem document). Not per token: the limiter counts before a token is checked, and a key
# per token sent would let a caller start afresh with every made-up one.
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api", key_func=get_remote_address)(views_bp)


def init_app(app: Flask) -> None:
    """One Api per application (flask-smorest keeps it in app.extensions, where current_api finds it)."""
    api = MeetingsApi(app)
    api.register_field(LocalDateTime, "string", None)  # described by its pattern, not as RFC 3339's
    api.register_blueprint(views_bp)
    app.extensions[API_EXTENSION] = api
    app.register_blueprint(reference_bp)
