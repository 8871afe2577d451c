"""Error pages: a clear page in the user's language, never a stack trace."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

ERROR_PAGES = (400, 403, 404, 405, 413, 500)


def init_app(app: Flask) -> None:
    def render_error(error: HTTPException):
        code = error.code or 500
        # Machine clients get a short answer in their own format, not an HTML page.
        if request.path.startswith("/api/"):
            return jsonify(error=error.name, status=code), code
        if request.path.endswith((".ics", ".json")):
            return f"{code} {error.name}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", code=code, error=error), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)
