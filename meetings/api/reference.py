"""The API's description and its rendered reference: /api/v1/openapi.json, derived from the
schemas by flask-smorest, and /api/v1/docs, Swagger UI from the flask-swagger-ui package (a PyPI
dependency, served by the app: no CDN) started by static/js/api-docs.js (no inline script: the
Content-Security-Policy forbids it)."""

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from meetings.domain import NotFoundError
from meetings.http import send_asset

API_EXTENSION = "meetings-api"  # where meetings/api/__init__.py keeps the Api of the app

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")

SWAGGER_UI = Path(flask_swagger_ui.__file__).parent / "dist"
# The only files of the package the page loads; any other name is a 404.
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")
ASSET_MAX_AGE = 86400  # changes only with the package's version


@bp.get("/openapi.json")
def openapi_json():
    response = jsonify(current_app.extensions[API_EXTENSION].spec.to_dict())
    response.add_etag()  # from the body, like every API answer
    return response.make_conditional(request)


@bp.get("/docs")
def reference():
    return render_template("api/reference.html")


@bp.get("/docs/assets/<asset>")
def asset(asset: str):
    if asset not in ASSETS:
        raise NotFoundError()
    response = send_asset(send_from_directory(SWAGGER_UI, asset, max_age=ASSET_MAX_AGE))
    response.cache_control.public = True
    return response
