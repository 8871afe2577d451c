"""JSON API (/api/v1): the framework (framework.py), the shapes (schemas.py), pages of lists
(paging.py), the read endpoints (views.py) and the OpenAPI description with its rendered
reference (reference.py)."""

from flask import Flask

from meetings.api.framework import MeetingsApi
from meetings.api.reference import API_EXTENSION
from meetings.api.reference import bp as reference_bp
from meetings.api.views import bp as views_bp


def init_app(app: Flask) -> None:
    """One Api per application (flask-smorest keeps it in app.extensions, where current_api finds it)."""
    api = MeetingsApi(app)
    api.register_blueprint(views_bp)
    app.extensions[API_EXTENSION] = api
    app.register_blueprint(reference_bp)
