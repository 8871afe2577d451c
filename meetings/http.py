"""HTTP that helps every cache: compression, fingerprinted static files, a policy and a validator
for public pages, and no cookie where none is needed.

Who may cache what is decided in two places only: meetings/security.no_store says which responses
are private (personal data, a logged-in user, a session being written); ``public_cache_policy`` here
gives every other page its public policy. Feeds and static files set their own headers.
"""

import hashlib
import json
import re
from pathlib import Path

from flask import Flask, Response, current_app, g, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress

# Fingerprinted names never change their bytes: a year, and no revalidation at all (RFC 8246).
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
HASH_LENGTH = 12
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[^./]+)$")

# Endpoints whose responses never carry a cookie: calendar clients share feed addresses and keep no
# cookies, and a Set-Cookie would keep every shared cache from storing a feed or a file. A logged-in
# user's permanent session is refreshed by their next page instead.
COOKIELESS_ENDPOINTS = frozenset({"static", "feeds.public_feed", "feeds.meeting_feed", "feeds.personal_feed"})

# Public pages and documents that get a public policy and an ETag over their body.
PUBLIC_MIMETYPES = frozenset({"text/html", "application/pdf"})


class StaticManifest:
    """The content hash of every static file, computed once at startup:
    ``css/app.css`` is linked as ``css/app.3f2a9c1b0d4e.css``."""

    def __init__(self, folder: str | Path) -> None:
        root = Path(folder)
        self.fingerprinted: dict[str, str] = {}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            stem, dot, suffix = name.rpartition(".")
            if dot and "/" not in suffix:
                self.fingerprinted[name] = f"{stem}.{digest}.{suffix}"
        self.original = {fingerprinted: name for name, fingerprinted in self.fingerprinted.items()}

    def url_name(self, name: str) -> str:
        return self.fingerprinted.get(name, name)

    def resolve(self, requested: str) -> tuple[str, bool]:
        """The file to serve for a requested name, and whether its bytes are those of the
        fingerprint asked for (so the answer may be cached for good). A stale fingerprint (a page
        cached before a deployment) still gets the current file, but only briefly."""
        if requested in self.original:
            return self.original[requested], True
        match = FINGERPRINTED.match(requested)
        if match and requested not in self.fingerprinted:
            plain = match["stem"] + match["suffix"]
            if plain in self.fingerprinted:
                return plain, False
        return requested, False


def static_file_name(app: Flask, requested: str) -> str:
    """The file on disk behind a static URL's name, fingerprinted or not (for the PDF fetcher)."""
    manifest: StaticManifest | None = app.extensions.get("static_manifest")
    return manifest.resolve(requested)[0] if manifest else requested


class CookielessFeedsSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that feed and static responses never set a cookie nor
    vary on one, even for a logged-in user whose permanent session would be refreshed."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint in COOKIELESS_ENDPOINTS:
            # The last hook before the response leaves: a remember-me cookie renewed by Flask-Login
            # on the way is dropped too.
            response.headers.remove("Set-Cookie")
            return
        super().save_session(app, session, response)


def public_cache_policy(response):
    """An explicit policy and a validator for what anyone may see. Runs after security.no_store, so
    a response it made private (or a view that chose its own policy) is left as it is."""
    if g.get("language_negotiated"):
        response.vary.add("Accept-Language")  # the visitor's browser chose the language
    if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed
            or "Cache-Control" in response.headers or response.mimetype not in PUBLIC_MIMETYPES):
        return response
    # max-age=60, not no-cache: a shared cache absorbs a burst of readers (a Summit's programme
    # going out) while an edit shows within a minute; after that the ETag makes a check a 304.
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_PAGE_MAX_AGE"]
    response.add_etag()
    return response.make_conditional(request)


def polled_json(data) -> Response:
    """A small JSON answer a page polls every few seconds: its ETag is the body's own, so an
    If-None-Match that still matches is a 304 without a body (the poll is cheap while nothing moves)."""
    response = Response(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                        mimetype="application/json")
    response.add_etag()
    return response.make_conditional(request)


def send_asset(response):
    """A stylesheet or script from send_from_directory, read whole (they are small) and the file
    closed at once: compression then packs a body, where it would stream the file through a
    generator that never closes it."""
    if response.status_code == 200 and response.mimetype in current_app.config["COMPRESS_MIMETYPES"]:
        response.direct_passthrough = False
        response.make_sequence()
        response.close()
    return response


def send_static_file(filename: str):
    """The static route: fingerprinted names cached for a year, plain (or stale) names briefly."""
    manifest: StaticManifest | None = current_app.extensions.get("static_manifest")
    name, immutable = manifest.resolve(filename) if manifest else (filename, False)
    # While developing (plain names only), an edited file shows on the next reload.
    plain_max_age = 0 if current_app.debug else current_app.config["STATIC_PLAIN_MAX_AGE"]
    max_age = IMMUTABLE_MAX_AGE if immutable else plain_max_age
    response = send_asset(send_from_directory(current_app.static_folder, name, max_age=max_age))
    response.cache_control.public = True
    if immutable:
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    # Registered before the other after_request hooks, so it runs after them (Flask runs them in
    # reverse): compression sees the final body and turns an ETag "x" into "x:br" or "x:gzip".
    Compress(app)
    app.after_request(public_cache_policy)
    app.session_interface = CookielessFeedsSessionInterface()
    app.view_functions["static"] = send_static_file
    if app.debug:
        return  # plain names while developing: an edited stylesheet shows on the next reload
    manifest = StaticManifest(app.static_folder)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def fingerprint_static_urls(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.url_name(values["filename"])
