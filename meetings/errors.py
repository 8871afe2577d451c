"""Error answers, in one place: a clear page in the user's language, never a stack trace.

Services refuse with meetings.domain exceptions; whatever no page handled itself ends here:
NotFoundError and NotAllowedError as 404 and 403, a broken rule as a message on the page the user came
from (or problem+json for the API and plain text for files).
"""

from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, render_template, request
from werkzeug.exceptions import Forbidden, HTTPException
from werkzeug.exceptions import NotFound as HTTPNotFound

from meetings.domain import DomainError, NotAllowedError, NotFoundError

ERROR_PAGES = (400, 403, 404, 405, 413, 500)


def _machine_client() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".ics", ".json"))


def render_error(error: HTTPException):
    code = error.code or 500
    # Machine clients get a short answer in their own format, not an HTML page.
    if request.path.startswith("/api/"):
        return jsonify(error=error.name, status=code), code
    if request.path.endswith((".ics", ".json")):
        return f"{code} {error.name}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", code=code, error=error), code


def problem(error: DomainError):
    """An RFC 9457 problem document: the message, and the field it concerns."""
    body = {"title": str(error), "status": error.status}
    if error.field:
        body["errors"] = {error.field: [str(error)]}
    if getattr(error, "changes", None):
        body["changes"] = [str(change) for change in error.changes]
    return jsonify(body), error.status, {"Content-Type": "application/problem+json"}


def _back() -> str:
    """The page the user came from when it is one of ours, else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path and referrer.path != request.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.root_path + "/"


def handle_domain_error(error: DomainError):
    if isinstance(error, NotFoundError):
        return render_error(HTTPNotFound())
    if isinstance(error, NotAllowedError):
        return render_error(Forbidden())
    if request.path.startswith("/api/"):
        return problem(error)
    if _machine_client():
        return f"{error.status} {error}\n", error.status, {"Content-Type": "text/plain; charset=utf-8"}
    flash(str(error), "error")
    return redirect(_back())


def init_app(app: Flask) -> None:
    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(DomainError, handle_domain_error)
