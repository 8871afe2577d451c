"""Configuration classes; the only place settings are read from the environment."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def proxy_hops() -> int:
    """PROXY_HOPS from the environment: how many proxies in front are trusted (none when unset)."""
    hops = os.environ.get("PROXY_HOPS") or "0"
    if not hops.isdigit():
        raise RuntimeError(f"PROXY_HOPS must be a number of proxies, not {hops!r}")
    return int(hops)


def rate_limit_storage() -> str:
    """Where rate limits are counted: RATELIMIT_STORAGE_URI, else REDIS_URL (limits reads a
    redis:// address as it is), else "" (none configured)."""
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or ""


class Config:
    # A development key is fine for `make run`; ProductionConfig refuses to start without one.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'cica_meetings.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Demo accounts and data are for trying the product, never for production.
    ALLOW_DEMO = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # plain http on 127.0.0.1 in development
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "ru")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    # The public name used in iCalendar UIDs and absolute links when no request is around.
    UID_DOMAIN = os.environ.get("UID_DOMAIN", "meetings.s-cica.org")
    # A document's file (meetings/documents/uploads.py); a request may carry one and its form.
    DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
    # Symbols proposed for new documents: {body} the meeting type's code, {year}, {category}, {n}.
    DOCUMENT_SYMBOL_SCHEME = os.environ.get("DOCUMENT_SYMBOL_SCHEME", "CICA/{body}/{year}/{category}.{n}")
    # Past this a request is refused before it is read (a 413): a file a little past the limit is
    # still read, so the upload form can say beside the field that it is too large.
    MAX_CONTENT_LENGTH = max(12 * 1024 * 1024, DOCUMENT_MAX_BYTES + 1024 * 1024)
    # A badge photo as uploaded (it is kept re-encoded and much smaller: meetings/participants/photos.py).
    PHOTO_MAX_BYTES = 8 * 1024 * 1024
    # Rate limits (Flask-Limiter). In memory, each process counts on its own: fine for `make run`,
    # not for several workers (each would allow the whole limit), so production needs Redis.
    RATELIMIT_STORAGE_URI = rate_limit_storage() or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis gone: each worker counts in its own memory until it is back (limits stay, looser), not 500s.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    FEED_RATE_LIMIT = "120 per hour"
    # The JSON API, per token (else per address): a sync script's day, not a loop gone wrong.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "3000 per hour")
    # Feeds hold upcoming meetings and those that ended in the last FEED_WINDOW_DAYS days.
    FEED_WINDOW_DAYS = int(os.environ.get("FEED_WINDOW_DAYS", "365"))
    # Built feeds are kept in each process (a bound on their bytes, gzip and Brotli copies
    # included), and in Redis when REDIS_URL is set, shared by the workers, for FEED_CACHE_SECONDS.
    FEED_CACHE_BYTES = int(os.environ.get("FEED_CACHE_BYTES", str(32 * 1024 * 1024)))
    FEED_CACHE_SECONDS = int(os.environ.get("FEED_CACHE_SECONDS", str(7 * 24 * 3600)))
    CACHE_REDIS_URL = os.environ.get("REDIS_URL", "")
    # Failed logins (only failed ones count), per e-mail typed (known account or not) and per
    # client address; once reached, even the right password is refused until the window ends.
    LOGIN_FAILURE_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_FAILURE_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    # Outgoing mail (invitations with .ics attachments, notices, reminders), queued in the outbox.
    # No MAIL_SERVER: messages are written to MAIL_FILE_DIR as .eml files instead (`make run`), so
    # nothing fails without a mail server and what would have been sent can be read.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "CICA Secretariat <meetings@s-cica.org>")
    # "inline": due messages are delivered by the web process right after the response that queued
    # them is sent (no worker to run); "worker": only `flask --app wsgi outbox work` (or `send`
    # from cron) delivers them.
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "inline")
    # A failed attempt is tried again after MAIL_RETRY_SECONDS, doubling each time, until
    # MAIL_MAX_ATTEMPTS attempts have failed (60 s and 8 attempts: over about four hours).
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    # Reminders of a registration deadline go this many days before it (each once).
    MAIL_REMINDER_DAYS = tuple(int(d) for d in os.environ.get("MAIL_REMINDER_DAYS", "7,1").split(",") if d.strip())
    # How often `outbox work` looks for due messages when nothing wakes it (seconds).
    OUTBOX_POLL_SECONDS = int(os.environ.get("OUTBOX_POLL_SECONDS", "10"))
    # Without a worker (inline): how often, at most, a response is followed by the worker's pass
    # (retries of failed attempts, due reminders) in each process (seconds).
    OUTBOX_INLINE_SWEEP_SECONDS = int(os.environ.get("OUTBOX_INLINE_SWEEP_SECONDS", "300"))
    # Jobs (meetings/jobs.py): with REDIS_URL, on an RQ queue run by `flask --app wsgi jobs work`;
    # without it, in the web process right after the response (one process only).
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = "cica"
    # A failed job is tried again after each of these waits (seconds), then recorded as failed.
    JOBS_RETRY_INTERVALS = (10, 60, 300)
    JOBS_TIMEOUT_SECONDS = 600  # the badges of a Summit take about half a minute
    JOBS_KEEP_SECONDS = 7 * 24 * 3600  # how long Redis keeps a job's result or failure
    # The worker's periodic tasks: the outbox's pass (due reminders, retries) and the purge.
    JOBS_OUTBOX_PASS_SECONDS = int(os.environ.get("JOBS_OUTBOX_PASS_SECONDS", "60"))
    JOBS_PURGE_SECONDS = int(os.environ.get("JOBS_PURGE_SECONDS", str(24 * 3600)))
    # Files the app makes (PDFs rendered by jobs), shared by the web processes and the worker.
    FILES_DIR = os.environ.get("FILES_DIR", str(INSTANCE_DIR / "files"))
    # Uploaded documents' files (meetings/storage.py): under FILES_DIR/blobs, or, with a bucket, in
    # S3-compatible object storage shared by several servers (MinIO, AWS S3...). Without keys,
    # boto3 looks for credentials itself (its environment variables, an instance role).
    STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
    STORAGE_S3_PREFIX = os.environ.get("STORAGE_S3_PREFIX", "blobs/")
    STORAGE_S3_ENDPOINT_URL = os.environ.get("STORAGE_S3_ENDPOINT_URL", "")  # empty: AWS itself
    STORAGE_S3_REGION = os.environ.get("STORAGE_S3_REGION", "")
    STORAGE_S3_ACCESS_KEY = os.environ.get("STORAGE_S3_ACCESS_KEY", "")
    STORAGE_S3_SECRET_KEY = os.environ.get("STORAGE_S3_SECRET_KEY", "")
    # The searchable text kept of one file (characters): a long report's worth; a tsvector of
    # much more could pass PostgreSQL's limit of 1 MB.
    DOCUMENT_TEXT_MAX_CHARS = 300_000
    # A PDF whose print HTML (without its data: images) is larger than this is rendered by a job
    # and kept per fingerprint; a smaller one in the request (WeasyPrint's time grows with the
    # HTML: 32 KiB, about 50 agenda items, took 0.8 s here, 64 KiB 2.6 s).
    PDF_INLINE_MAX_HTML_BYTES = int(os.environ.get("PDF_INLINE_MAX_HTML_BYTES", str(32 * 1024)))
    # Rendered PDFs kept: the newest few of each document of a meeting, none older than this.
    PDF_KEEP_PER_DOCUMENT = 5
    PDF_KEEP_DAYS = 30
    TESTING = False
    # Proxies in front whose X-Forwarded-For/-Proto/-Host are trusted: none unless PROXY_HOPS says
    # so (1 behind one TLS-terminating proxy); trusting them with no proxy would let anyone forge them.
    PROXY_HOPS = proxy_hops()
    # Strict-Transport-Security max-age; 0: no header (development speaks plain http).
    HSTS_SECONDS = 0
    # HTTP caching and compression (meetings/http.py). Public pages: how long any cache may reuse
    # them before asking again (with their ETag); static files asked for by their plain name
    # (fingerprinted names are cached for a year).
    PUBLIC_PAGE_MAX_AGE = 60
    STATIC_PLAIN_MAX_AGE = 600
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "text/calendar", "image/svg+xml", "text/plain"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]  # static files are streamed from disk
    COMPRESS_MIN_SIZE = 1024  # below about one packet, compression saves no round trip
    # Rows per page of a paginated list (meetings/pagination.py), and the longer page of a
    # meeting's participants, where an organizer selects and acts on many rows at once.
    PAGE_SIZE = 50
    PARTICIPANTS_PAGE_SIZE = 100
    # The front page shows the next so many upcoming meetings, then links to all of them.
    HOME_UPCOMING_LIMIT = 12
    # The JSON API (flask-smorest): the OpenAPI document's head. meetings/api/reference.py serves
    # the document and its reference page itself, so flask-smorest's own (CDN-based) pages stay off.
    API_TITLE = "CICA Meetings API"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.1.0"
    API_SPEC_OPTIONS = {"info": {"description": "The CICA calendar as data: meetings, timetables, parties and, "
                                                "for the Secretariat, participants. Only what the caller may see."},
                        # A personal API token (made on the account page) or the browser's session;
                        # without either, the public's view.
                        "components": {"securitySchemes": {"personalToken": {
                            "type": "http", "scheme": "bearer",
                            "description": "A personal API token from your account page (cica_...)."}}},
                        "security": [{}, {"personalToken": []}]}


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SQLALCHEMY_ENGINE_OPTIONS = {}
    WTF_CSRF_ENABLED = False  # tests that check CSRF switch it back on
    PROXY_HOPS = 0  # whatever the environment says: tests that need a proxy set it
    # Whatever the environment says: tests deliver what they queue themselves (or ask for inline
    # delivery), to their own SMTP server or folder, never to a real one.
    MAIL_SERVER = ""
    MAIL_FILE_DIR = str(Path(tempfile.gettempdir()) / "cica-meetings-test-mail")
    MAIL_DELIVERY = "worker"
    CACHE_REDIS_URL = ""  # tests that use Redis set it
    REDIS_URL = ""  # tests that need Redis ask for it (tests/jobs)
    FILES_DIR = str(Path(tempfile.gettempdir()) / "cica-meetings-test-files")  # per test: tests/conftest.py
    STORAGE_S3_BUCKET = ""  # the local store, whatever the environment says: tests of S3 set it
    # Every test client is 127.0.0.1, and Schemathesis alone asks thousands of times: the test of
    # the limit sets its own (tests/api/test_writing.py).
    API_RATE_LIMIT = "1000000 per hour"


class ProductionConfig(Config):
    ALLOW_DEMO = False
    HSTS_SECONDS = 365 * 24 * 3600
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    def __init__(self) -> None:
        # Checked when the app is created, not at import, so importing config never fails.
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if not rate_limit_storage():  # limits in each worker's memory do not limit
            missing.append("REDIS_URL (or RATELIMIT_STORAGE_URI)")
        if missing:
            raise RuntimeError(f"ProductionConfig needs {', '.join(missing)} in the environment")
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        # Behind one TLS-terminating proxy, PROXY_HOPS=1: its X-Forwarded-* headers are trusted, so
        # absolute links (feed addresses, e-mails) say https and the real host, and rate limits see
        # the client's address. Unset: none are trusted.
        self.PROXY_HOPS = proxy_hops()
        self.RATELIMIT_STORAGE_URI = rate_limit_storage()
