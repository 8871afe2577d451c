"""One log line per request, with a request id that the answer carries in ``X-Request-ID``.

``request_id=… method=GET path=/feeds/AbCd….ics status=200 duration_ms=4.2 user=7``: the path
without its query string and with every token masked; never a password, a cookie or a form field.
The id is the proxy's ``X-Request-ID`` when it looks like one (so the proxy's log and ours meet),
else a new one.
"""

import logging
import re
import time
import uuid

from flask import Flask, g, request
from sqlalchemy import inspect

from meetings.operations.masking import MaskSecrets, mask

logger = logging.getLogger("meetings.request")
# Letters, digits and a few separators, as proxies make them (uuid, hex, "abc-123.4"): anything
# else could forge log lines (newlines) or carry a secret.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id() -> str:
    """This request's id, made on first use (a hook before ours may have failed)."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _user_id() -> str:
    """The logged-in user's id if Flask-Login loaded one in this request, without loading it now
    (that would query, maybe while the database is away) or refreshing an expired row."""
    # The row's identity, not user.is_authenticated (Flask-Login's reads is_active, a column).
    # Anonymous users are no rows: inspect gives None.
    state = inspect(g.get("_login_user"), raiseerr=False)
    return str(state.identity[0]) if state is not None and state.identity else "-"


def _finish(response):
    response.headers["X-Request-ID"] = request_id()
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    logger.info("request_id=%s method=%s path=%s status=%s duration_ms=%.1f user=%s", request_id(),
                request.method, mask(request.path), response.status_code, duration, _user_id())
    return response


def init_app(app: Flask) -> None:
    # INFO lines are the point of this logger; a deployment may still lower or silence it.
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not any(isinstance(f, MaskSecrets) for f in logger.filters):
        logger.addFilter(MaskSecrets())
    # Flask's logger ("meetings", this one's parent) gets a handler on first use where logging is
    # not configured (flask run): made now, so the request lines have somewhere to go.
    _ = app.logger
    # First of all before_request hooks: CSRF's check, say, may answer before ours would run.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
