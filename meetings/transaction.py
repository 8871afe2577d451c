"""The one owner of commit and rollback.

A service is an ``@operation``: it does its work in the session and leaves the commit to the
outermost transaction, so a service called by another (the demo, an import, a postponement
that changes a status) joins the caller's transaction instead of committing half of it. Any
exception rolls the whole transaction back: nothing half-written reaches the database.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from meetings.extensions import db

P = ParamSpec("P")
R = TypeVar("R")
_DEPTH = "meetings.transaction.depth"


@contextmanager
def transaction() -> Iterator[None]:
    """Commit at the end of the outermost ``with``; roll back if anything inside raised."""
    info = db.session.info
    depth = info.get(_DEPTH, 0)
    info[_DEPTH] = depth + 1
    try:
        yield
        if depth == 0:
            db.session.commit()
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        info[_DEPTH] = depth


def operation(func: Callable[P, R]) -> Callable[P, R]:
    """A service: runs inside a transaction (its own, or the caller's)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return func(*args, **kwargs)

    return run
