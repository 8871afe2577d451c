"""Fill in and send a page's form as a browser does: every field as the page shows it, some changed."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _Forms(HTMLParser):
    """The POST forms of a page: action (a path) -> fields as a browser would send them."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._multiple = False
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path)).path
            self._fields = self.forms.setdefault(action, [])
        elif self._fields is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((a["name"], a.get("value") or ("y" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [])
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select[1].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._multiple:
                chosen = [options[0][0]]  # a browser sends the first option when none is selected
            self._fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._fields.append((name, text.removeprefix("\n")))
            self._textarea = None


def form_fields(client, page: str, action: str | None = None) -> dict[str, str | list[str]]:
    """The fields of the POST form of ``page`` that is sent to ``action`` (default: the page)."""
    response = client.get(page)
    assert response.status_code == 200, page
    parser = _Forms(urlsplit(page).path)
    parser.feed(response.get_data(as_text=True))
    fields: dict[str, str | list[str]] = {}
    for name, value in parser.forms[urlsplit(action or page).path]:
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return fields


def submit(client, page: str, changes: dict, action: str | None = None):
    """Open ``page``, change some fields of its form, send it; a saved form redirects."""
    data = form_fields(client, page, action) | changes
    response = client.post(action or page, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
