"""Operations over HTTP: the health check."""

from flask import Blueprint, jsonify

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
