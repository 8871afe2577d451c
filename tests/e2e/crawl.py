"""Every page a role reaches, in a real browser, at a laptop's width and a phone's.

``Crawl.pages`` walks breadth-first over the same-site links a role is shown (GET only: a form is never
sent, so logging out and every change stay out of reach; the language switch is ``rel=nofollow``
and left alone; feeds, PDFs, spreadsheets, JSON and files are not pages). It opens at most
``per_endpoint`` addresses of each endpoint (the app's own URL map says which endpoint an address
is), so a list of two hundred meetings costs one meeting page, and the run stays bounded.

``misfits`` is tests/layout.py's probe run in the page as it is: the viewport is resized (no
reload) between the two widths, and the page's own CSS answers.
"""

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urldefrag, urlsplit

from flask import Flask
from playwright.sync_api import Error, Page
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from meetings.extensions import db
from meetings.models import Meeting
from tests.e2e.site import SCREENSHOTS, Site, tr
from tests.layout import PROBE

DESKTOP, PHONE = 1280, 390
HEIGHT = 800
# Answers that are not pages: a person downloads them, a calendar application reads them.
NOT_PAGES = (".ics", ".pdf", ".csv", ".xlsx", ".json", ".ico", ".txt", ".png", ".jpg", ".svg")
# Endpoints whose answer is a file whatever its address says (a document's language version, a photo).
FILE_ENDPOINTS = frozenset({"static", "documents.file", "participants.photo", "printing.document_file"})

# The demo's accounts (meetings/demo_data.py), by role; None: a visitor who has not logged in.
ACCOUNTS = {
    "anonymous": None,
    "admin": "admin@example.org",
    "organizer": "organizer@example.org",
    "staff": "staff@example.org",
    "focal_point": "focal.kz@example.org",
    "delegate": "delegate@example.org",
}

# tests/layout.py's probe, answering here instead of writing into a frame's parent.
_PROBE = "() => {" + PROBE.replace("parent.document.body.dataset.overflow = JSON.stringify(over);", "return over;") + "}"
assert _PROBE.count("return over;") == 1  # keep in step with tests/layout.py


# The rough edges a person saw at once, on any page (issue 19): the footer floating mid-window on a
# short page, a required field's star on a line of its own, the first line of the page (a
# breadcrumb) jammed under the header. Print pages (no site header) have their own layout.
ROUGH_EDGES = """() => {
  const found = [];
  const header = document.querySelector('body > .site-header');
  if (!header) return found;
  const footer = document.querySelector('body > .site-footer').getBoundingClientRect();
  if (footer.bottom + scrollY < innerHeight - 1) {
    found.push(`footer: ends ${Math.round(innerHeight - footer.bottom - scrollY)} px above the window's bottom`);
  }
  for (const star of document.querySelectorAll('.required')) {
    const label = star.closest('label') || star.parentElement.querySelector('label');
    if (!label || !star.getClientRects().length) continue;
    const text = document.createRange();  // the label's words, up to the star
    text.selectNodeContents(label);
    if (label.contains(star)) text.setEndBefore(star);
    const lines = text.getClientRects();
    if (lines.length && star.getBoundingClientRect().top >= lines[lines.length - 1].bottom - 1) {
      found.push(`star: on a line of its own under "${label.textContent.trim()}"`);
    }
  }
  const main = document.querySelector('main');
  const first = [...main.children].find(el => el.getClientRects().length);
  const gap = first && first.getBoundingClientRect().top - header.getBoundingClientRect().bottom;
  if (first && gap < 16) found.push(`jammed: ${first.tagName.toLowerCase()}.${first.className} ${Math.round(gap)} px under the header`);
  return found;
}"""


def rough_edges(page: Page) -> list[str]:
    """The rough edges of ROUGH_EDGES on the page at its current width: empty when there are none."""
    return page.evaluate(ROUGH_EDGES)


def photograph(page: Page, name: str) -> None:
    """The whole page as it is, as test-artifacts/screenshots/<name>.jpg: a JPEG is taken in half the
    time of a PNG, and sixty pages at two widths in two languages are photographed on every run."""
    path = SCREENSHOTS / f"{name}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True, type="jpeg", quality=75)


def summit(site: Site) -> int:
    """The demo's summit: delegations, participants, a two-day timetable and its logistics."""
    with site.app.app_context():
        return db.session.scalar(select(Meeting.id).where(Meeting.title_en == "7th CICA Summit"))


def enter(site: Site, page: Page, role: str, lang: str) -> None:
    """The role's session in ``lang``: logged in from the login page, or (a visitor) the home page
    with the language chosen from the switch."""
    email = ACCOUNTS[role]
    if email is not None:
        site.login(page, email, lang)
        return
    page.goto("/")
    if lang != "en":
        page.get_by_role("navigation", name=tr("Language", "en")).get_by_role("link", name="Русский").click()
        page.wait_for_url("**/")


def misfits(page: Page) -> list[str]:
    """What does not fit the page at its current width (tests/layout.py): empty when all fits."""
    return page.evaluate(_PROBE)


def at_both_widths(page: Page, check: Callable[[Page], list[str]]) -> list[str]:
    """``check`` at the width the page has, then at the other (resized, not reloaded): the lines it
    found, each prefixed with the width. The page stays at the second width, which is where the next
    page starts, so each page costs one resize."""
    found = []
    first = page.viewport_size["width"]
    for width in (first, PHONE if first == DESKTOP else DESKTOP):
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": HEIGHT})
        found += [f"{width} px: {line}" for line in check(page)]
    return found


@dataclass
class Crawl:
    """What a crawl saw: the addresses it opened and, per endpoint, how many."""

    app: Flask
    per_endpoint: int = 1
    # Only the endpoints of these blueprints (all when empty): an admin's crawl keeps to the admin's
    # own pages, the rest being the organizer's pages under another name, crawled as the organizer.
    areas: tuple[str, ...] = ()
    opened: list[str] = field(default_factory=list)
    by_endpoint: dict[str, int] = field(default_factory=dict)
    _queued: set[str] = field(default_factory=set)

    def key(self, url: str) -> str | None:
        """The endpoint an address is (with its ``view``: the month, list and year of the calendar
        are three pages), or None when it is not a page of this site to open."""
        parts = urlsplit(url)
        if parts.path.endswith(NOT_PAGES):
            return None
        try:
            endpoint, _args = self.app.url_map.bind("127.0.0.1").match(parts.path, method="GET")
        except RequestRedirect:
            return None
        except HTTPException:
            return None
        if endpoint in FILE_ENDPOINTS or endpoint.startswith("api."):
            return None
        if self.areas and endpoint.split(".")[0] not in self.areas:
            return None
        view = parse_qs(parts.query).get("view")
        return f"{endpoint}?view={view[0]}" if view else endpoint

    def pages(self, page: Page, starts: list[str]) -> Iterator[str]:
        """Opens each page of the crawl in ``page`` and yields its endpoint while it is open."""
        queue: deque[str] = deque()
        for start in starts:
            self._enqueue(queue, start)
        while queue:
            url = queue.popleft()
            key = self.key(url)
            if key is None or self.by_endpoint.get(key, 0) >= self.per_endpoint:
                continue
            try:
                response = page.goto(url, wait_until="domcontentloaded")
            except Error as error:  # a download that no address announced
                if "Download is starting" in str(error):
                    continue
                raise
            assert response is not None and response.ok, f"{url}: {response and response.status}"
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            self.by_endpoint[key] = self.by_endpoint.get(key, 0) + 1
            self.opened.append(url)
            yield key
            for href in page.eval_on_selector_all(
                    "a[href]:not([rel~=nofollow])", "links => links.map(a => a.href)"):
                self._enqueue(queue, href)

    def _enqueue(self, queue: deque[str], href: str) -> None:
        """A same-site address, without its fragment, once."""
        href, _fragment = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.hostname != "127.0.0.1"):
            return
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local and local not in self._queued:
            self._queued.add(local)
            queue.append(local)
