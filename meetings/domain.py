"""What a service says when it refuses: one set of exceptions for every area and every way in.

Services raise these; they never call ``flask.abort``, commit or roll back. The commit has one
owner (meetings/transaction.py); an exception no page handles becomes a response in one place
(meetings/errors.py: an error page, a flash, or problem+json for the API); a form shows one
beside the field it concerns (meetings/formtools.attempt).
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DomainError(Exception):
    """A refusal with a message for the user (a lazy string is translated when shown) and the
    input it concerns (``field``; None: the whole form)."""

    status = 422

    def __init__(self, message: object = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotFoundError(DomainError):
    """No such object, or none the user may know exists (a 404, never a 403 that confirms it)."""

    status = 404


def found(obj: T | None, belongs: Callable[[T], bool] | None = None) -> T:
    """What a lookup by id found, or NotFoundError: nothing, or a row that does not ``belong``
    where the URL put it (a task of another meeting than the URL's)."""
    if obj is None or (belongs is not None and not belongs(obj)):
        raise NotFoundError()
    return obj


class NotAllowedError(DomainError):
    """The user may see the object but not do this (a 403)."""

    status = 403


class RuleError(DomainError):
    """A rule refuses the change: wrong value, workflow, deadline, duplicate."""


class ConflictError(RuleError):
    """The change collides with something already there (a room taken at that time)."""

    status = 409


class StaleVersionError(RuleError):
    """The object changed since the form was opened; ``changes`` says how, ``version`` is the
    current version (a form that shows the changes carries it, so saving again is deliberate)."""

    status = 409

    def __init__(self, message: object, changes: list[str], version: int | None = None) -> None:
        super().__init__(message)
        self.changes = changes
        self.version = version


class WarningsPending(Exception):  # noqa: N818 - not an error: the user may accept them
    """The change is possible but deserves a second look; call again with accept_warnings=True."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("; ".join(warnings))
        self.warnings = warnings
