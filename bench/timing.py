"""Timing requests in the process, through the public URLs only, with the SQL statements each one
runs: whatever main does behind a URL (a cache, a job queue, a redirect to a stored file) is
measured as a client sees it."""

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

PDF_WAIT_SECONDS = 300
# A progress page may say where to look next in a Refresh header, a <meta http-equiv="refresh">
# or a link to the file; else the same address is asked again.
META_REFRESH = re.compile(r"""<meta[^>]+http-equiv=["']?refresh["']?[^>]+content=["'][^"']*url=([^"'>]+)""", re.I)
PDF_LINK = re.compile(r"""href=["']([^"']+\.pdf[^"']*)["']""", re.I)


class StatementCounter:
    """Counts the SQL statements that reach the database through ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


@dataclass
class Row:
    """One line of the table at one size: median time, statements of the last round, and notes."""

    ms: float | None = None
    queries: int | None = None
    rounds: int = 0
    status: int | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"ms": self.ms, "queries": self.queries, "rounds": self.rounds, "status": self.status,
                "notes": self.notes, "extra": self.extra}


def measure(counter: StatementCounter, request: Callable[[], tuple[int, object]], *, rounds: int, budget: float,
            before_each: Callable[[int], None] | None = None, expect: int = 200) -> Row:
    """Time ``request`` (which returns its status and what it read) up to ``rounds`` times or until
    ``budget`` seconds are spent (at least twice). ``before_each(n)`` runs untimed before round n
    (a change that makes the next answer a cold build, say)."""
    row = Row()
    durations = []
    spent_since = time.perf_counter()
    for n in range(rounds):
        if before_each is not None:
            before_each(n)
        before = counter.count
        t0 = time.perf_counter()
        status, result = request()
        durations.append(time.perf_counter() - t0)
        row.queries, row.status = counter.count - before, status
        if status != expect:
            row.notes.append(f"answered {status}, not {expect}")
            break
        if isinstance(result, dict):
            row.extra.update(result)
        if n >= 1 and time.perf_counter() - spent_since > budget:
            break
    row.ms = statistics.median(durations) * 1000
    row.rounds = len(durations)
    return row


def get(client: FlaskClient, url: str, headers: dict | None = None) -> Callable[[], tuple[int, object]]:
    def request():
        response = client.get(url, headers=headers or {})
        return response.status_code, {"bytes": len(response.get_data())}
    return request


def _next_url(response, url: str) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return response.headers["Location"]
    refresh = response.headers.get("Refresh", "")
    if "url=" in refresh.lower():
        return refresh.split("=", 1)[1].strip()
    body = response.get_data(as_text=True)
    for pattern in (META_REFRESH, PDF_LINK):
        if found := pattern.search(body):
            return found.group(1).replace("&amp;", "&")
    return url


def pdf(client: FlaskClient, url: str) -> Callable[[], tuple[int, object]]:
    """The time until the PDF's bytes are there, whatever way the app takes: at once, or a
    redirect, or a progress page polled until it links to the file; with the PDF's page count."""
    from pypdf import PdfReader  # a reader only the benchmark needs: not imported by the app

    def request():
        deadline = time.monotonic() + PDF_WAIT_SECONDS
        response, hops = client.get(url), 0
        while not (response.status_code == 200 and response.mimetype == "application/pdf"):
            if response.status_code not in (200, 202, 301, 302, 303, 307, 308) or time.monotonic() > deadline:
                return response.status_code, {}
            if response.status_code in (200, 202):
                time.sleep(0.05)  # a progress page: the job runs elsewhere
            url_next = _next_url(response, url)
            response.close()  # as a server does once it is sent: a job queued in the process runs now
            response, hops = client.get(url_next), hops + 1
        data = response.get_data()
        response.close()
        return 200, {"pages": len(PdfReader(BytesIO(data)).pages), "bytes": len(data), "hops": hops}
    return request
