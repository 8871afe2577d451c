"""No secret in a log line: feed tokens, other tokens in addresses, secrets in query strings.

A feed token is the only key to a personal calendar, so a log that keeps it is a copy of the key.
The filter works on whatever reaches a logger: werkzeug's tuple arguments, gunicorn's access-log
atoms (a dict: ``r``, ``U``, ``q``, ``f``, ``{header}i``, ``{name}e``...) and the message itself.
It is also imported by gunicorn.conf.py, before any app exists: it needs nothing but ``re``.
"""

import logging
import re
from collections.abc import MutableMapping

# /feeds/<token>.ics keeps four characters, enough to tell two subscriptions apart in a log.
# "+": masking twice (a logger's filter, then a handler's) changes nothing more.
FEED_PATH = re.compile(r"(/feeds/[A-Za-z0-9_-]{4})[A-Za-z0-9_~%-]+")
# Any other path segment of 32 or more token characters (a reset link, a signed token): our own
# names and ids are never that long, and masking a harmless one costs nothing.
LONG_SEGMENT = re.compile(r"(?<=/)([A-Za-z0-9_~-]{4})[A-Za-z0-9_.~%-]{28,}")
# Query parameters whose value is a secret, whatever the route.
SECRET_PARAMETER = re.compile(
    r"((?:^|[?&;])[^=&;\s\"]*(?:token|password|passwd|secret|key|signature|sig|auth)=)[^&;\s\"]*",
    re.IGNORECASE,
)
# Atoms of a request that are secrets as a whole.
SECRET_ATOMS = ("cookie", "authorization")
MASK = "…"


def mask(text: str) -> str:
    """``text`` with every token in an address and every secret query value cut off."""
    text = FEED_PATH.sub(rf"\1{MASK}", text)
    text = LONG_SEGMENT.sub(rf"\1{MASK}", text)
    return SECRET_PARAMETER.sub(rf"\1{MASK}", text)


def _masked(value):
    return mask(value) if isinstance(value, str) else value


class MaskSecrets(logging.Filter):
    """Masks a record's message and arguments in place; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(a) for a in record.args)
        elif isinstance(record.args, MutableMapping):
            # In place: gunicorn's SafeAtoms answers "-" for atoms it lacks, a plain dict would not.
            for key, value in list(record.args.items()):
                secret = any(name in str(key).lower() for name in SECRET_ATOMS)
                record.args[key] = "-" if secret and value else _masked(value)
        return True


# The loggers that write request lines of the servers we run under.
SERVER_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def mask_server_logs() -> None:
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskSecrets) for f in logger.filters):
            logger.addFilter(MaskSecrets())
