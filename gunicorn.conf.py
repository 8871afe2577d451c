"""gunicorn settings for production: ``gunicorn wsgi:app`` from the repository root reads this file.

Settings from the environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the proxy),
GUNICORN_WORKERS (default 2 x cores + 1, at most 8), GUNICORN_TIMEOUT (seconds, default 60: the
longest PDFs), PROXY_HOPS (the same setting as the app's: only then are forwarded headers trusted),
FORWARDED_ALLOW_IPS (the proxy's addresses when PROXY_HOPS is set; default the local machine).
Logs go to standard output (access lines and the app's request lines) and standard error
(everything else), each line masked of feed tokens and other secrets (meetings/operations/masking.py).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each worker holds a whole app and a database pool: more than 8 rarely helps one PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30  # a deploy lets running requests finish
keepalive = 5  # a little longer than nothing, shorter than the proxy's idle timeout
# A fresh worker now and then returns memory that large PDFs took (jitter: not all at once).
max_requests = 2000
max_requests_jitter = 200

# The proxy's X-Forwarded-Proto is believed only when the app trusts proxies too (PROXY_HOPS):
# with no proxy in front, a client could claim https.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if os.environ.get("PROXY_HOPS", "0") not in ("", "0") else ""

accesslog = "-"
errorlog = "-"
# The request id (X-Request-ID, set by the app) joins an access line to the app's request line.
# No query string (%(q)s, and %(r)s holds it) and no referrer: both can carry a feed address.
access_log_format = '%(h)s %(t)s request_id=%({x-request-id}o)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

_MASKED = {"filters": ["mask"]}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask": {"()": "meetings.operations.masking.MaskSecrets"}},
    "formatters": {
        "line": {"format": "%(message)s"},
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                    "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
    },
    "handlers": {
        "access": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout", **_MASKED},
        "requests": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stdout",
                     **_MASKED},
        "errors": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stderr",
                   **_MASKED},
    },
    "loggers": {
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        "gunicorn.error": {"level": "INFO", "handlers": ["errors"], "propagate": False},
        "meetings.request": {"level": "INFO", "handlers": ["requests"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["errors"]},
}
