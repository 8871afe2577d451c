"""Operations over HTTP: the health check, and what browsers and crawlers ask every site for."""

from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request

from meetings.errors import RETRY_AFTER_SECONDS
from meetings.extensions import limiter
from meetings.operations.health import database_answers

bp = Blueprint("operations", __name__)


@bp.get("/healthz")
@limiter.exempt  # probes come every few seconds from the balancer's one address
def healthz():
    """No login, no session, no personal data: only whether the app and its database answer."""
    headers = {"Cache-Control": "no-store"}
    if database_answers():
        return jsonify(status="ok"), 200, headers
    return jsonify(status="unavailable"), 503, headers | {"Retry-After": str(RETRY_AFTER_SECONDS)}


# Crawlers may read the public calendar; desks, forms, the API and the personal feeds (secret
# addresses) are no place for them.
ROBOTS = """User-agent: *
Disallow: /account
Disallow: /admin/
Disallow: /api/
Disallow: /desk/
Disallow: /feeds/
Disallow: /login
Disallow: /manage/
Allow: /
"""


@bp.get("/robots.txt")
def robots():
    return ROBOTS, 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400"}


@cache
def _icon(static_folder: str) -> bytes:
    return (Path(static_folder) / "favicon.ico").read_bytes()


@bp.get("/favicon.ico")
def favicon():
    """Browsers, feed readers and bookmarks ask for it whatever the page links (a 404 on every page
    otherwise); pages link the SVG of the same mark. 4 KB, served from memory."""
    response = Response(_icon(current_app.static_folder), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)
