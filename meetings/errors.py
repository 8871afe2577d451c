"""Error answers, in one place: a clear page in the user's language, never a stack trace.

Services refuse with meetings.domain exceptions; whatever no page handled itself ends here:
NotFoundError and NotAllowedError as 404 and 403, a broken rule as a message on the page the user came
from (or problem+json for the API and plain text for files); a database out of reach (a restart, a
network cut) as 503 with Retry-After, in the same three formats, never a 500.
"""

import sqlite3
from urllib.parse import urlsplit

import psycopg
from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import Forbidden, HTTPException
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.http import HTTP_STATUS_CODES

from meetings.domain import DomainError, NotAllowedError, NotFoundError, StaleVersionError, WarningsPending
from meetings.extensions import db, limiter, login_manager

ERROR_PAGES = (400, 403, 404, 405, 413, 500)
PROBLEM = "application/problem+json"
# Seconds a client should wait while the database is away: about a PostgreSQL restart.
RETRY_AFTER_SECONDS = 30
# SQLite reports a missing table or a bad statement as OperationalError too: those are bugs (500),
# only these mean the file cannot be reached right now.
SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error", "database table is locked")
# What a driver raises unwrapped when the server is gone (SQLAlchemy wraps them in DBAPIError).
DRIVER_CONNECTION_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, sqlite3.OperationalError,
                            sqlite3.InterfaceError)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached now, rather than a bug in a query."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        if not isinstance(error, OperationalError | InterfaceError):
            return False
        error = error.orig
    if isinstance(error, sqlite3.Error):
        return any(text in str(error).lower() for text in SQLITE_UNAVAILABLE)
    return isinstance(error, (PoolTimeoutError, *DRIVER_CONNECTION_ERRORS))


def unavailable():
    """503 in the client's format. Nothing here may query: the current user becomes anonymous for
    the rest of the request (the template, the language choice and the request log ask for it),
    and the session is dropped so the next request starts on a fresh connection."""
    g._login_user = login_manager.anonymous_user()  # Flask-Login's cache of the current user
    db.session.remove()
    message = _("The service is briefly unavailable; please try again in a minute.")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    # Flask-Limiter's headers would replace Retry-After on a rate-limited route (the API) with the
    # end of its own window, an hour away: this answer is about the database, back in seconds.
    limiter.context.view_rate_limit = None
    if request.path.startswith("/api/"):
        return problem_response({"status": 503, "detail": message}, 503, headers)
    if _file_client():
        return f"503 {message}\n", 503, headers | {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/unavailable.html", message=message), 503, headers


def handle_database_error(error: Exception):
    if not database_unavailable(error):
        raise error  # a bug: the usual 500 (logged), or the traceback under test
    current_app.logger.warning("database unavailable (%s): answered 503", type(error).__name__)
    return unavailable()


def _file_client() -> bool:
    return request.path.endswith((".ics", ".json"))


def _machine_client() -> bool:
    return request.path.startswith("/api/") or _file_client()


def render_error(error: HTTPException):
    code = error.code or 500
    # A 500 from a failure outside the views (an after_request hook) may be the database's too.
    if code == 500 and database_unavailable(getattr(error, "original_exception", None)):
        return unavailable()
    # Machine clients get a short answer in their own format, not an HTML page.
    if request.path.startswith("/api/"):
        return http_problem(error)
    if _file_client():
        return f"{code} {error.name}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    try:
        return render_template("errors/error.html", code=code, error=error), code
    except DBAPIError as failure:  # the page's header asked for the current user, and the database is away
        return handle_database_error(failure)


def problem_response(body: dict, status: int, headers=()):
    """The one way an answer becomes an RFC 9457 problem document (application/problem+json). Its
    title names the kind of problem, HTTP's phrase for the status, the same for every refusal of
    a kind; what this refusal says goes in ``detail``."""
    response = jsonify({"title": HTTP_STATUS_CODES.get(status, "Error"), **body})
    response.status_code = status
    response.headers.extend(headers)
    response.headers["Content-Type"] = PROBLEM
    return response


def http_problem(error: HTTPException):
    """An HTTP error under /api/ as a problem document. A query string the API's schemas refused
    (webargs keeps the messages on the exception) names each field: ``errors: {field: [message]}``."""
    code = error.code or 500
    body = {"title": error.name, "status": code}
    if code < 500 and error.description:
        body["detail"] = str(error.description)
    messages = (getattr(error, "data", None) or {}).get("messages", {})
    fields = {name: found for found_in in messages.values() for name, found in _field_messages(found_in)}
    if fields:
        body["detail"] = (_("The request body has values the API cannot accept: see errors.") if "json" in messages
                          else _("The query string has values the API cannot read: see errors."))
        body["errors"] = fields
    # Allow on a 405, WWW-Authenticate on a 401: the headers werkzeug's own answer would carry.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return problem_response(body, code, headers)


def _field_messages(messages, prefix: str = ""):
    """marshmallow's messages, nested as the body is, as (``title.en``, [message]) pairs; what
    concerns an object as a whole (marshmallow's ``_schema``, webargs' ``_body``: not an object,
    not JSON) is named by the object's own name, "body" for the whole."""
    if not isinstance(messages, dict):
        yield prefix or "body", [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        return
    for name, found in messages.items():
        own = "" if name in ("_schema", "_body") else str(name)
        yield from _field_messages(found, ".".join(part for part in (prefix, own) if part))


def problem(error: DomainError):
    """An RFC 9457 problem document: the refusal's message as its detail, and the field it concerns."""
    body = {"status": error.status, "detail": str(error)}
    if isinstance(error, StaleVersionError):  # its message speaks to a form's user
        body["detail"] = _("It changed while your change was made: read it again, then make your change on what is there.")
    if error.field:
        body["errors"] = {error.field: [str(error)]}
    if getattr(error, "changes", None):
        body["changes"] = [str(change) for change in error.changes]
    return problem_response(body, error.status)


def warnings_problem(pending: WarningsPending):
    """A change the API was asked to make that deserves a second look: the warnings, as the forms
    show them, and how to go ahead (the forms' "confirm" box). Anywhere else it is a bug."""
    if not request.path.startswith("/api/"):
        raise pending
    return problem_response({
        "status": 409,
        "detail": _("The change needs confirming: send the same request with accept_warnings: true to make it anyway."),
        "warnings": [str(warning) for warning in pending.warnings]}, 409)


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


def _other_http_error(error: HTTPException):
    """Errors without a page of their own (406, 415, 429...): problem+json under /api/, else
    werkzeug's answer as before."""
    if request.path.startswith("/api/") and (error.code or 500) >= 400:  # not a 304 Not Modified
        return http_problem(error)
    return error


def init_app(app: Flask) -> None:
    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(HTTPException, _other_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(WarningsPending, warnings_problem)
    for error in (DBAPIError, PoolTimeoutError, *DRIVER_CONNECTION_ERRORS):
        app.register_error_handler(error, handle_database_error)
