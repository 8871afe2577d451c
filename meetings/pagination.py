"""Pages of a long list, in one place: ``?page=`` read, checked and answered the same way on
every page that lists rows growing with the data.

A view helper (it reads the request and may answer it): services hand over a select statement
with a stable order (a unique key last, so no row is on two pages or on none, on SQLite and
PostgreSQL alike) or a list they sorted themselves; the view gets a Flask-SQLAlchemy
``Pagination`` (``items``, ``page``, ``pages``, ``total``, ``iter_pages``) for
templates/_macros/pager.html. Two queries per page whatever the data: the count and the rows.

``?page=`` that is no page number (``abc``, ``-1``, ``0``) is a 400 that says so; a number past
the last page (a bookmark, or the list shrank after a bulk action on its last page) redirects to
the last page with the same filters, so nobody lands on an empty page or an error for it.
"""

import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from flask import current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from werkzeug.exceptions import BadRequest, HTTPException

from meetings.extensions import db

# Digits only (no sign, no '²'); more digits than any list has pages is still a page number, past the end.
_PAGE = re.compile(r"[0-9]{1,30}")


class PageNumberError(BadRequest):
    """``?page=`` holds no page number; errors/error.html shows ``user_message``."""

    user_message = _l("The page number in the address is not valid: pages are numbered 1, 2, 3 and so on.")


def page_number(args=None) -> int:
    """The page asked for: 1 when absent or empty, PageNumberError for anything but a number from 1."""
    raw = (request.args if args is None else args).get("page", "")
    raw = raw.strip() if isinstance(raw, str) else ""
    if not raw:
        return 1
    if not _PAGE.fullmatch(raw) or int(raw) < 1:
        raise PageNumberError()
    return int(raw)


def page_size(setting: str = "PAGE_SIZE") -> int:
    return int(current_app.config[setting])


class _ListPagination(Pagination):
    """A page of rows already loaded and sorted (an order the database cannot give, such as names
    collated in the reader's language)."""

    def __init__(self, rows: Sequence[Any], page: int, per_page: int) -> None:
        self._rows = rows
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False)

    def _query_items(self) -> list[Any]:
        return list(self._rows[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._rows)


def _last_page(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))


def _to_last_page(last: int):
    """Redirect to the same list at its last page: the same path and arguments but ``page``."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    if last > 1:
        args.append(("page", str(last)))
    # The path from the URL map (never the raw request path), the arguments only as a query string.
    target = url_for(request.endpoint, **(request.view_args or {}))
    # An HTTP answer from inside the views' pagination helper (the list's services never see it).
    raise HTTPException(response=redirect(target + (f"?{urlencode(args)}" if args else "")))


def paginate(statement: Select, *, per_page: int | None = None, args=None) -> Pagination:
    """The requested page of ``statement``'s rows (ordered by a unique key last)."""
    page = page_number(args)
    per_page = per_page or page_size()
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    if page > _last_page(total, per_page):
        _to_last_page(_last_page(total, per_page))
    pagination = db.paginate(statement, page=page, per_page=per_page, max_per_page=None, error_out=False,
                             count=False)
    pagination.total = total
    return pagination


def paginate_rows(rows: Sequence[Any], *, per_page: int | None = None, args=None) -> Pagination:
    """The requested page of ``rows``, a list the service has already sorted."""
    page = page_number(args)
    per_page = per_page or page_size()
    if page > _last_page(len(rows), per_page):
        _to_last_page(_last_page(len(rows), per_page))
    return _ListPagination(rows, page, per_page)
