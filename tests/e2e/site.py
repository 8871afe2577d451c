"""What the browser tests share: the site under test, its texts in either language, the watch on
every page, screenshots for people to look at, and axe-core's accessibility check."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
# Kept after the run for people to look at; `make test` names the folder at its end.
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "cica-demo-2026"
LANGUAGES = ("en", "ru")
_RUSSIAN = Translations.load(ROOT / "translations", ["ru"])


def tr(text: str, lang: str, context: str | None = None) -> str:
    """What a person reading ``lang`` sees for the app's English ``text`` (from the catalogue the
    app itself uses, so a test written once runs in both languages)."""
    if lang == "en":
        return text
    translated = _RUSSIAN.pgettext(context, text) if context else _RUSSIAN.gettext(text)
    assert translated != text or not re.search("[A-Za-z]", text), f"no Russian for {text!r}"
    return translated


@dataclass
class Problems:
    """What went wrong while the test's pages were open: collected, then reported at the end."""

    found: list[str] = field(default_factory=list)
    # Console errors a test expects (it opened a revoked feed on purpose): regular expressions.
    expected: list[str] = field(default_factory=list)

    def exception(self, sender, exception, **_extra) -> None:
        self.found.append(f"the app raised {exception!r}")

    def watch(self, page: Page) -> None:
        page.on("response", lambda r: r.status >= 500 and self.found.append(f"{r.status} from {r.url}"))
        page.on("pageerror", lambda error: self.found.append(f"script error on {page.url}: {error}"))
        page.on("console", lambda message: message.type == "error" and self._console(page, message.text))

    def _console(self, page: Page, text: str) -> None:
        if not any(re.search(pattern, text) for pattern in self.expected):
            self.found.append(f"console error on {page.url}: {text}")

    def check(self) -> None:
        assert not self.found, "\n".join(self.found)


@dataclass
class Site:
    app: Flask
    url: str
    problems: Problems

    def login(self, page: Page, email: str, lang: str = "en") -> None:
        """From the login page, as a person: the language first (the switch), then the form."""
        page.goto("/login")
        if lang != "en":
            page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.get_by_label(tr("E-mail", lang)).fill(email)
        page.get_by_label(tr("Password", lang)).fill(DEMO_PASSWORD)
        page.get_by_role("button", name=tr("Log in", lang)).click()
        expect(page.locator(".flash-success")).to_be_visible()


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """A screenshot of the page as it is now, saved as test-artifacts/screenshots/<name>.png."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=full_page)
    return path


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is, one line each (rule, what,
    where). Injected through the DevTools protocol, which the page's Content-Security-Policy allows."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (make node-tools, with Node.js and npm)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(n['target'][0] for n in v['nodes'][:5])}"
            for v in results["violations"] if v["impact"] in impacts]
