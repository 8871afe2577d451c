"""The value a badge's QR code carries, made and read here only: the registration's id and badge
number, signed with the app's SECRET_KEY (HMAC, a salt of its own), so that a code cannot be
guessed from a number nor altered without the door seeing it.

The value is short and plain ASCII (``12-3.`` and 27 characters of signature), so the QR code stays
small and a handheld scanner, which types what it reads, types it whole.
"""

import re
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, Signer

SALT = "cica-meetings.badge-check-in"
# Longer than any code made here; a longer value is refused before any work is done on it.
MAX_LENGTH = 100
_PAYLOAD = re.compile(r"([1-9][0-9]{0,9})-([1-9][0-9]{0,9})", re.ASCII)
# The shape of a code, whoever made it: a badge's payload, a dot and a signature (URL-safe base64).
# Only a value of this shape whose signature fails is a forged or altered code; anything else
# (a typing mistake, another QR code) was never a badge code at all.
_SHAPE = re.compile(r"[1-9][0-9]{0,9}-[1-9][0-9]{0,9}\.[A-Za-z0-9_-]+", re.ASCII)


class ForgedCodeError(ValueError):
    """A value that is no badge code made by this application (forged, altered, truncated, garbage)."""


@dataclass(frozen=True)
class BadgeCode:
    registration_id: int
    badge_number: int


def _signer(secret_key: str | bytes | None = None) -> Signer:
    return Signer(secret_key or current_app.config["SECRET_KEY"], salt=SALT)


def make_code(registration_id: int, badge_number: int, *, secret_key: str | bytes | None = None) -> str:
    """The signed value of a badge: what its QR code carries."""
    return _signer(secret_key).sign(f"{registration_id}-{badge_number}").decode("ascii")


def looks_like_code(value: str) -> bool:
    """Whether a value has the shape of a badge code (its signature is not checked: read_code)."""
    value = (value or "").strip()
    return len(value) <= MAX_LENGTH and _SHAPE.fullmatch(value) is not None


def read_code(value: str, *, secret_key: str | bytes | None = None) -> BadgeCode:
    """The registration and badge number a value was made for, or ForgedCodeError."""
    value = (value or "").strip()
    if not value or len(value) > MAX_LENGTH or not value.isascii():
        raise ForgedCodeError(value[:MAX_LENGTH])
    try:
        payload = _signer(secret_key).unsign(value).decode("ascii")
    except BadSignature as error:
        raise ForgedCodeError(value) from error
    match = _PAYLOAD.fullmatch(payload)
    if match is None:  # signed here, but not a badge's payload: never made by make_code
        raise ForgedCodeError(value)
    return BadgeCode(int(match[1]), int(match[2]))
