"""A browser for whole-app tests: a Flask test client that reads pages as a person does.

``Browser`` GETs pages, finds their forms (html.parser, no JavaScript) and posts them with the
values the page offers, the CSRF token included; ``Day`` watches every answer: no 5xx, every
feed, PDF, CSV, XLSX and JSON readable by a real parser, and no feed answering an old ETag with
new bytes. ``crawl`` follows every same-site link and GET form a role is shown. Failures are
collected, not raised, so one run lists every break (with the step, the role and the line of the
app where it broke).
"""

import csv
import hashlib
import io
import json
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import icalendar
import openpyxl
import pypdf
from flask import got_request_exception
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

ORIGIN = "http://localhost"
ROOT = Path(__file__).resolve().parent.parent
PDF_ENDPOINTS = frozenset({"printing.agenda_pdf", "printing.participants_pdf", "printing.badges_pdf",
                           "logistics.travel_schedule_pdf", "protocol.seating_pdf", "protocol.name_plates_pdf"})
FEED_ENDPOINTS = frozenset({"feeds.public_feed", "feeds.meeting_feed", "feeds.personal_feed"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_path(url: str) -> str | None:
    """``/path?query`` of a same-site URL (absolute or relative to the site), else None. A
    ``webcal://`` address is the site's feed, which calendar applications fetch over HTTP."""
    parts = urlsplit(urljoin(ORIGIN + "/", url))
    if f"{parts.scheme}://{parts.netloc}".replace("webcal://", "http://") != ORIGIN:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- reading pages ---------------------------------------------------------------------------


@dataclass
class Control:
    tag: str  # input, select, textarea, button
    type: str
    name: str
    value: str = ""
    checked: bool = False
    multiple: bool = False
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (value, label, selected)


@dataclass
class Form:
    action: str  # a local path with its query
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    def names(self) -> set[str]:
        return {c.name for c in self.controls if c.name}

    def control(self, name: str) -> Control:
        found = [c for c in self.controls if c.name == name and c.tag != "button"]
        assert found, f"the form {self.action} has no field {name!r}; it has {sorted(self.names())}"
        return found[0]

    def option(self, name: str, label: str) -> str:
        """The value of the option of ``name`` that reads ``label``, else the first that contains it."""
        options = self.control(name).options
        exact = [v for v, text, _s in options if text.casefold() == label.casefold()]
        partial = [v for v, text, _s in options if label.casefold() in text.casefold()]
        if exact or partial:
            return (exact or partial)[0]
        raise AssertionError(f"{self.action}: no option {label!r} in {name}: {[t for _v, t, _s in options]}")

    def defaults(self) -> list[tuple[str, str]]:
        """What a browser sends when the form is submitted untouched (buttons and files aside)."""
        pairs = []
        for c in self.controls:
            if not c.name or c.tag == "button" or c.type in ("submit", "button", "reset", "image", "file"):
                continue
            if c.tag == "select":
                chosen = [v for v, _t, selected in c.options if selected]
                if not chosen and c.options and not c.multiple:
                    chosen = [c.options[0][0]]
                pairs += [(c.name, v) for v in chosen]
            elif c.type in ("checkbox", "radio"):
                if c.checked:
                    pairs.append((c.name, c.value or "on"))
            else:
                pairs.append((c.name, c.value))
        return pairs

    def payload(self, values: dict | None = None, button: tuple[str, str] | None = None) -> MultiDict:
        """The defaults with ``values`` typed in. Only what the form offers can be chosen: a select
        takes one of its options, a checkbox True or False, and a name the form lacks is a mistake."""
        values = values or {}
        pairs = [(k, v) for k, v in self.defaults() if k not in values]
        for name, value in values.items():
            c = self.control(name)
            if c.tag == "select":
                wanted = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
                offered = [v for v, _t, _s in c.options]
                missing = [v for v in wanted if v not in offered]
                assert not missing, f"{self.action}: {name} does not offer {missing}; it offers {offered}"
                pairs += [(name, v) for v in wanted]
            elif c.type == "checkbox" and isinstance(value, bool):
                if value:
                    pairs.append((name, c.value or "on"))
            elif c.type == "checkbox":  # a group of boxes of one name: tick those of these values
                wanted = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
                offered = [b.value for b in self.controls if b.name == name and b.type == "checkbox"]
                missing = [v for v in wanted if v not in offered]
                assert not missing, f"{self.action}: {name} has no box {missing}"
                pairs += [(name, v) for v in wanted]
            else:
                pairs.append((name, str(value)))
        buttons = [(c.name, c.value) for c in self.controls if c.name and c.type == "submit"]
        if button is not None:
            assert button in buttons, f"{self.action}: no button {button}; it has {buttons}"
            pairs.append(button)
        elif len(buttons) == 1:  # the one named button is the one clicked
            pairs.append(buttons[0])
        return MultiDict(pairs)


class PageParser(HTMLParser):
    """Links, forms, same-site addresses shown in text fields, and the error texts of a page."""

    ERROR_CLASSES = ("errors", "form-errors", "flash-error")

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.errors: list[str] = []
        self._form: Form | None = None
        self._forms_by_id: dict[str, Form] = {}
        # Controls outside their form, tied to it by the HTML5 form="id" attribute (a row's box
        # in a table that one form above it submits): joined to that form when the page is read.
        self._owned: list[tuple[str, Control]] = []
        self._select: Control | None = None
        self._option: list | None = None
        self._textarea: Control | None = None
        self._error_depth = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        classes = a.get("class", "").split()
        if self._error_depth or any(c in self.ERROR_CLASSES for c in classes):
            self._error_depth += 1 if tag not in ("br", "input", "img") else 0
        if tag == "a" and a.get("href") and "nofollow" not in a.get("rel", "").split():
            # rel="nofollow" (the language switch): a link a crawler leaves alone, as search engines do
            self.links.append(a["href"])
        elif tag == "form":
            action = local_path(urljoin(ORIGIN + self.url, a.get("action") or self.url)) or ""
            self._form = Form(action.split("#")[0], (a.get("method") or "get").upper(),
                              a.get("enctype", "application/x-www-form-urlencoded"))
            self.forms.append(self._form)
            if a.get("id"):
                self._forms_by_id[a["id"]] = self._form
        elif tag == "input":
            kind = a.get("type", "text").lower()
            value = a.get("value", "")
            if value.startswith(ORIGIN):  # an address shown to copy
                self.links.append(value)
            self._add(a, Control("input", kind, a.get("name", ""), value, "checked" in a))
        elif tag == "select" and (self._form is not None or a.get("form")):
            self._select = Control("select", "select", a.get("name", ""), multiple="multiple" in a)
            self._add(a, self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "textarea" and (self._form is not None or a.get("form")):
            self._textarea = Control("textarea", "textarea", a.get("name", ""))
            self._add(a, self._textarea)
        elif tag == "button" and (self._form is not None or a.get("form")):
            self._add(a, Control("button", a.get("type", "submit"), a.get("name", ""), a.get("value", "")))

    def _add(self, attrs: dict, control: Control) -> None:
        """A control belongs to the form its ``form`` attribute names, else to the one around it."""
        if attrs.get("form"):
            self._owned.append((attrs["form"], control))
        elif self._form is not None:
            self._form.controls.append(control)

    def close(self):
        super().close()
        for form_id, control in self._owned:
            if form_id in self._forms_by_id:
                self._forms_by_id[form_id].controls.append(control)

    def handle_endtag(self, tag):
        if self._error_depth:
            self._error_depth -= 1
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            value, text, selected = self._option
            self._select.options.append((text.strip() if value is None else value, text.strip(), selected))
            self._option = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea.value += data
        if self._error_depth and data.strip():
            self.errors.append(data.strip())


@dataclass
class Page:
    url: str
    response: object
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def text(self) -> str:
        return self.response.get_data(as_text=True)

    def form(self, action: str | None = None, *, has: str | None = None, holding: tuple[str, str] | None = None,
             method: str = "POST") -> Form:
        """The form posting to ``action`` (a path, query aside), with a field ``has``, with a field
        ``holding`` the value (name, value)."""
        found = [f for f in self.forms if f.method == method
                 and (action is None or f.action.split("?")[0] == action)
                 and (has is None or has in f.names())
                 and (holding is None or any((c.name, c.value) == holding for c in f.controls))]
        assert found, (f"{self.url} (HTTP {self.status}) has no {method} form"
                       f"{' to ' + action if action else ''}{' with ' + has if has else ''}"
                       f"{' holding ' + str(holding) if holding else ''}; "
                       f"forms: {[(f.method, f.action) for f in self.forms]}")
        return found[0]


def read_page(url: str, response) -> Page:
    page = Page(url, response)
    if response.mimetype == "text/html":
        parser = PageParser(url)
        parser.feed(response.get_data(as_text=True))
        parser.close()
        page.links, page.forms, page.errors = parser.links, parser.forms, parser.errors
    return page


# --- watching every answer -------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    step: str
    role: str
    method: str
    url: str
    status: int | str
    detail: str
    trace: str = field(default="", compare=False)  # the whole traceback of a 5xx

    def __str__(self) -> str:
        return f"[{self.step}] {self.role}: {self.method} {self.url} -> {self.status}: {self.detail}"


def where_it_broke(error: BaseException) -> str:
    """The deepest frame of the app (or a template) in the traceback, and the error."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename]
    where = ""
    if frames:
        last = frames[-1]
        where = f"{Path(last.filename).relative_to(ROOT)}:{last.lineno} in {last.name}: "
    return f"{where}{type(error).__name__}: {error}"[:400]


class Day:
    """What a whole-app test has seen: failures, the routes reached, the feeds and their ETags."""

    def __init__(self, app) -> None:
        self.app = app
        self.step = "setup"
        self.failures: list[Failure] = []
        self.answers: dict[tuple[str, str], set[int]] = defaultdict(set)  # (endpoint, method) -> statuses
        self.crawled: set[str] = set()  # endpoints reached by following links and GET forms
        self.feed_bodies: dict[str, dict[str, bytes]] = defaultdict(dict)  # feed URL -> ETag -> body
        self.pdfs_rendered: set[str] = set()  # PDF URLs fetched at the current checkpoint
        self.feeds_loaded: set[str] = set()  # feed URLs fetched whole at the current checkpoint
        self.probed: set[tuple] = set()  # (endpoint, field) probed with odd values at the current checkpoint
        self.crawl_answers: dict[str, dict[str, int]] = defaultdict(dict)  # role -> URL -> status, this checkpoint
        self.latest_etag: dict[str, str] = {}  # feed URL -> ETag of its latest 200
        self.latest_body: dict[tuple[str, str], bytes] = {}  # (feed URL, language) -> its latest body
        self.notes: set[str] = set()  # links shown to a role that answer it 4xx
        self.requests = 0
        self.spent: dict[str, list] = defaultdict(lambda: [0, 0.0])  # endpoint -> [requests, seconds]
        self.spent_by_step: dict[str, list] = defaultdict(lambda: [0, 0.0])  # step -> [requests, seconds]
        self._error: BaseException | None = None
        self._readable: set[bytes] = set()  # digests of documents already read without trouble
        self._adapter = app.url_map.bind("localhost")
        got_request_exception.connect(self._on_exception, app)

    def _on_exception(self, sender, exception, **extra) -> None:
        self._error = exception

    def close(self) -> None:
        got_request_exception.disconnect(self._on_exception, self.app)

    def endpoint(self, url: str, method: str = "GET") -> str | None:
        return self.route(url, method)[0]

    def route(self, url: str, method: str = "GET") -> tuple[str | None, dict]:
        """The endpoint a URL goes to, and the arguments of its path."""
        try:
            return self._adapter.match(urlsplit(url).path, method=method)
        except (HTTPException, RequestRedirect):
            return None, {}

    def fail(self, role: str, method: str, url: str, status, detail: str, trace: str = "") -> None:
        self.failures.append(Failure(self.step, role, method, url, status, detail, trace))

    def inspect(self, role: str, method: str, url: str, response) -> None:
        """Every answer: no 5xx; every document readable by the parser of its kind."""
        self.requests += 1
        endpoint = self.endpoint(url, method)
        if endpoint:
            self.answers[(endpoint, method)].add(response.status_code)
        error, self._error = self._error, None
        if response.status_code >= 500:
            detail = where_it_broke(error) if error is not None else response.get_data(as_text=True)[:200]
            trace = "".join(traceback.format_exception(error)) if error is not None else ""
            self.fail(role, method, url, response.status_code, detail, trace)
            return
        if response.status_code != 200:
            return
        data, kind = response.data, response.mimetype
        digest = hashlib.sha256(data).digest()
        if digest in self._readable:  # the same bytes were read already
            return
        try:
            if kind == "text/calendar":
                icalendar.Calendar.from_ical(data)
            elif kind == "application/pdf":
                text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
                assert text.strip(), "a PDF without text"
            elif kind == "text/csv":
                rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
                assert rows and rows[0], "a CSV without a header"
            elif kind == XLSX:
                workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                assert next(workbook.worksheets[0].iter_rows(values_only=True), None), "an empty sheet"
                workbook.close()
            elif kind == "application/json":
                json.loads(data)
        except Exception as problem:  # noqa: BLE001 - every kind of unreadable document is reported
            self.fail(role, method, url, 200, f"unreadable {kind}: {type(problem).__name__}: {problem}"[:300])
        else:
            self._readable.add(digest)

    def check_feed(self, role: str, url: str, response) -> None:
        """The stale-feed checks: an ETag seen before for this URL must come with the same bytes, and an
        event whose text changed since the last body (in the same language) must have a higher SEQUENCE."""
        if response.status_code != 200 or response.mimetype != "text/calendar":
            return
        etag = response.headers.get("ETag", "")
        seen = self.feed_bodies[url]
        if etag in seen and seen[etag] != response.data:
            self.fail(role, "GET", url, 200, f"stale feed: ETag {etag} was sent before with other bytes: "
                      f"{first_difference(seen[etag], response.data)}")
        # The same address answers in the reader's language: compare with the last body in this one.
        language = (url, response.headers.get("Content-Language", ""))
        previous = self.latest_body.get(language)
        if previous is not None and previous != response.data:
            for uid, detail in unannounced_changes(previous, response.data):
                self.fail(role, "GET", url, 200, f"changed without a higher SEQUENCE: {uid}: {detail}"[:300])
        self.latest_body[language] = response.data
        seen[etag] = response.data  # the next change under the same ETag is a break of its own
        self.latest_etag[url] = etag

    def reached(self) -> set[tuple[str, str]]:
        """(endpoint, method) pairs that answered at least once with a success or a redirect."""
        return {key for key, statuses in self.answers.items() if any(s < 400 for s in statuses)}

    def tracebacks(self) -> list[str]:
        """The whole traceback of the first 5xx of each distinct break."""
        seen, traces = set(), []
        for f in self.failures:
            where = f.detail.split(": ")[0]
            if f.trace and where not in seen:
                seen.add(where)
                traces.append(f"[{f.step}] {f.role}: {f.method} {f.url}\n{f.trace}")
        return traces

    def report(self) -> list[str]:
        """One line per distinct break (same route, answer and cause), with where it was first
        met, how often, by which roles and from which step to which."""
        groups: dict[tuple, list[Failure]] = defaultdict(list)
        for f in self.failures:
            if f.detail.startswith("stale feed"):  # each one is a change of its own: by step and URL
                cause = (f.step, f.url)
            elif isinstance(f.status, int) and f.status >= 500:  # by the line of the app that broke
                cause = f.detail.split(": ")[0]
            else:
                cause = f.detail[:40]
            groups[(f.method, self.endpoint(f.url, f.method) or f.url, f.status, cause)].append(f)
        lines = []
        for (method, endpoint, status, _cause), found in groups.items():
            first, last = found[0], found[-1]
            roles = sorted({f.role for f in found})
            lines.append(f"{len(found)}x {method} {endpoint} -> {status}: {first.detail}\n"
                         f"    first at [{first.step}] as {first.role}: {first.url}\n"
                         f"    last at [{last.step}]; roles: {', '.join(roles)}")
        return lines


# What an event says, beside its stamps: a change to any of it must raise SEQUENCE (RFC 5545
# 3.8.7.4; clients such as Google keep an event whose SEQUENCE did not rise) and not lower
# LAST-MODIFIED.
STAMPS = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"})


def unannounced_changes(old: bytes, new: bytes) -> list[tuple[str, str]]:
    def events(body: bytes) -> dict[str, icalendar.Event]:
        return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    def shown(event: icalendar.Event) -> dict[str, bytes]:
        return {name: event[name].to_ical() if hasattr(event[name], "to_ical") else repr(event[name]).encode()
                for name in event if name not in STAMPS}

    before, after = events(old), events(new)
    found = []
    for uid in before.keys() & after.keys():
        was, now = before[uid], after[uid]
        if shown(was) == shown(now):
            continue
        changed = sorted(k for k in shown(was).keys() | shown(now).keys() if shown(was).get(k) != shown(now).get(k))
        if int(now["SEQUENCE"]) <= int(was["SEQUENCE"]):
            found.append((uid, f"{', '.join(changed)} changed, SEQUENCE stayed {int(now['SEQUENCE'])}"))
        elif now["LAST-MODIFIED"].dt < was["LAST-MODIFIED"].dt:
            found.append((uid, f"{', '.join(changed)} changed, LAST-MODIFIED went back"))
    return found


def first_difference(old: bytes, new: bytes) -> str:
    old_lines, new_lines = old.decode(errors="replace").splitlines(), new.decode(errors="replace").splitlines()
    for a, b in zip(old_lines, new_lines, strict=False):
        if a != b:
            return f"{a!r} became {b!r}"
    return f"{len(old_lines)} lines became {len(new_lines)}"


class Browser:
    """One person at the app: a logged-in (or anonymous) test client that goes through pages."""

    def __init__(self, day: Day, client, role: str) -> None:
        self.day = day
        self.client = client
        self.role = role

    def request(self, method: str, url: str, **kwargs):
        started = time.perf_counter()
        response = self.client.open(url, method=method, **kwargs)
        for spent in (self.day.spent[self.day.endpoint(url, method) or "?"], self.day.spent_by_step[self.day.step]):
            spent[0] += 1
            spent[1] += time.perf_counter() - started
        self.day.inspect(self.role, method, url, response)
        return response

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def page(self, url: str) -> Page:
        return read_page(url, self.get(url))

    def follow(self, response) -> Page | None:
        """The page a redirect leads to, as a browser would load it (through every further
        redirect: after login, /desk sends each role on to its own desk)."""
        if response.status_code not in (301, 302, 303):
            return None
        page = self.page(local_path(response.headers["Location"]))
        for _hop in range(5):
            if page.status not in (301, 302, 303):
                break
            page = self.page(local_path(page.response.headers["Location"]))
        return page

    def submit(self, form: Form, values: dict | None = None, *, button=None, files: dict | None = None,
               expect_redirect: bool = True) -> Page:
        """Post the form as typed; the answer (after its redirect) is returned. A refusal of a form
        the test filled in is a mistake of the test: it stops with the errors shown beside the fields."""
        data = form.payload(values, button)
        for name, (content, filename) in (files or {}).items():
            assert name in form.names(), f"{form.action} has no file field {name}"
            data.add(name, (io.BytesIO(content), filename, "text/csv"))
        response = self.request(form.method, form.action, data=data)
        if response.status_code >= 500:
            return read_page(form.action, response)
        if expect_redirect:
            if response.status_code not in (302, 303):
                page = read_page(form.action, response)
                raise AssertionError(f"[{self.day.step}] {self.role}: {form.action} was refused "
                                     f"(HTTP {response.status_code}): {page.errors or page.text[:500]}")
            return self.follow(response)
        return read_page(form.action, response)

    def feed(self, url: str, etag: str | None = None):
        """A feed fetched as a calendar client does: with the ETag it holds, if any."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self.get(url, headers=headers)
        self.day.check_feed(self.role, url, response)
        return response


# --- the crawl -------------------------------------------------------------------------------


def shape(day: Day, url: str) -> tuple:
    parts = urlsplit(url)
    return (day.endpoint(url), parts.path, frozenset(k for k, _v in parse_qsl(parts.query, keep_blank_values=True)))


def crawl(day: Day, browser: Browser, seeds: list[str], *, per_shape: int = 1, per_endpoint: int = 8,
          pdf_wanted: Callable[[str], bool] = lambda url: True, odd_value: str = "²") -> int:
    """Every same-site page ``browser`` can reach from ``seeds`` by links, redirects and GET forms.

    Bounded by URL shape: at most ``per_shape`` query strings per path and set of parameters, and
    ``per_endpoint`` URLs per endpoint: more than the objects a day makes (so every id of those is
    seen), fewer than the reference data (55 parties). GET forms are sent as shown, then probed as
    a hand-edited address would be (each field holding ``odd_value``; a parameter named as an
    argument of the route), once per checkpoint and field (``day.probed``). PDFs are slow: one per
    PDF endpoint per checkpoint, the first ``pdf_wanted`` URL, whoever reaches it
    (``day.pdfs_rendered``). The ``day.*`` sets are emptied at each checkpoint. A link that answers
    4xx to the role it was shown to is noted in ``day.notes``. Returns the number of URLs fetched.
    """
    queue: list[tuple[str, str]] = [(url, "(start)") for url in seeds]
    seen, shapes, endpoints = set(), defaultdict(int), defaultdict(int)
    fetched = 0
    while queue:
        raw, referrer = queue.pop(0)
        url = local_path(raw)
        if url is None:
            continue
        url = url.split("#")[0]
        endpoint = day.endpoint(url)
        if url in seen or endpoint is None or endpoint == "static":
            continue
        seen.add(url)
        key = shape(day, url)
        if referrer != "(odd)" and (shapes[key] >= per_shape or endpoints[endpoint] >= per_endpoint):
            continue
        if endpoint in PDF_ENDPOINTS:
            if not pdf_wanted(url) or any(day.endpoint(u) == endpoint for u in day.pdfs_rendered):
                continue
            day.pdfs_rendered.add(url)
        shapes[key] += 1
        endpoints[endpoint] += 1
        fetched += 1
        if endpoint in FEED_ENDPOINTS:  # loaded whole once per checkpoint, then polled with its ETag
            page = read_page(url, browser.feed(url, etag=day.latest_etag.get(url) if url in day.feeds_loaded else None))
            day.feeds_loaded.add(url)
        else:
            page = browser.page(url)
        day.crawl_answers[browser.role][url] = page.status
        if page.status < 400:
            day.crawled.add(endpoint)
        elif page.status < 500 and referrer not in ("(start)", "(odd)"):
            day.notes.add(f"{browser.role}: {url} -> {page.status} (linked from {referrer})")
        if page.status in (301, 302, 303):
            queue.append((page.response.headers["Location"], url))
        queue += [(link, url) for link in page.links]
        for form in page.forms:
            if form.method != "GET":
                continue
            action = form.action.split("?")[0]
            target, args = day.route(action)
            defaults = form.defaults()
            queue.append((f"{action}?{urlencode(defaults)}", url))
            fields = {c.name: odd_value for c in form.controls if c.name and c.tag != "button" and c.type != "submit"}
            for name, value in [*fields.items(), *((k, str(v)) for k, v in args.items())]:
                if (target, name) not in day.probed:
                    day.probed.add((target, name))
                    queue.append((f"{action}?{urlencode([(k, v) for k, v in defaults if k != name] + [(name, value)])}",
                                  "(odd)"))
        if page.response.mimetype == "application/json":
            queue += [(v, url) for v in json_strings(page.response.get_json(silent=True)) if v.startswith(ORIGIN)]
    return fetched


def json_strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)
    elif isinstance(value, str):
        yield value
