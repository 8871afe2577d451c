"""The main pages of every role, in English and in Russian, as axe-core and a screen reader meet
them: no serious or critical violation, every visible form field named, the page's language
declared. Each page is photographed at a laptop's width and a phone's
(test-artifacts/screenshots/pages/<role>/) for people to look at."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.crawl import DESKTOP, HEIGHT, PHONE, enter, photograph, summit
from tests.e2e.site import LANGUAGES, axe_violations, tr

# A visible field a screen reader would announce without a name: no <label>, no aria-label(ledby),
# no title. axe's label rules say the same of most fields; this also covers what axe leaves out.
UNNAMED_FIELDS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)
                && el.getClientRects().length > 0)
  .filter(el => ![...(el.labels || [])].some(label => label.textContent.trim())
                && !(el.getAttribute('aria-label') || '').trim()
                && !(el.getAttribute('aria-labelledby') || '').split(/\\s+/)
                      .some(id => id && (document.getElementById(id)?.textContent || '').trim())
                && !(el.getAttribute('title') || '').trim())
  .map(el => `${el.tagName.toLowerCase()}[name=${el.name}]`)"""


def main_pages(role: str, meeting: int) -> list[tuple[str, str]]:
    """(name, address) of the pages a person of ``role`` spends the day on."""
    m = f"/meetings/{meeting}"
    organizer = [
        ("desk", "/desk/secretariat"), ("manage-meetings", "/manage/meetings"),
        ("meeting-form", f"/manage/meetings/{meeting}/edit"), ("timetable", f"/manage/meetings/{meeting}/timetable"),
        ("delegations", f"{m}/delegations"), ("participants", f"{m}/participants"),
        ("registration-form", f"{m}/participants/new"), ("logistics", f"{m}/logistics"),
        ("hotels", f"{m}/logistics/hotels"), ("travel", f"{m}/logistics/travel"), ("visas", f"{m}/logistics/visas"),
        ("interpretation", f"{m}/logistics/interpretation"), ("tasks", f"{m}/logistics/tasks"),
        ("venues", "/manage/venues"),
    ]
    return {
        "anonymous": [("home", "/"), ("month", "/calendar?view=month"), ("list", "/calendar?view=list"),
                      ("year", "/calendar?view=year"), ("meeting", m), ("parties", "/parties"),
                      ("documents", "/documents"), ("login", "/login")],
        "organizer": organizer,
        "staff": [("desk", "/desk/secretariat"), ("participants", f"{m}/participants"), ("people", "/people"),
                  ("my-tasks", "/logistics/tasks/mine")],
        "focal_point": [("desk", "/desk/party")],
        "delegate": [("account", "/account")],
        "admin": [("users", "/admin/users"), ("audit-log", "/admin/audit"), ("outbox", "/admin/outbox")],
    }[role]


def examine(page: Page, lang: str, shot: str) -> list[str]:
    """What is wrong with the page as it is (axe, unnamed fields, language), photographed at both
    widths on the way (the folds opened, so that what they hide is checked and seen too)."""
    page.evaluate("document.querySelectorAll('main details').forEach(fold => { fold.open = true; })")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    found = [f"axe: {line}" for line in axe_violations(page)]
    found += [f"no name: {field}" for field in page.evaluate(UNNAMED_FIELDS)]
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        photograph(page, f"{shot}-{'desktop' if width == DESKTOP else 'phone'}")
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    return [f"{page.url}: {line}" for line in found]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ["anonymous", "organizer", "staff", "focal_point", "delegate", "admin"])
def test_the_main_pages_are_accessible(site, page, role, lang):
    enter(site, page, role, lang)
    found = []
    for name, path in main_pages(role, summit(site)):
        page.goto(path)
        found += examine(page, lang, f"pages/{role}/{lang}-{name}")
        if name == "meeting":  # its own description: the title, the dates and the city
            facts = page.locator("main .facts dd")
            expect(page.locator("meta[name=description]")).to_have_attribute("content", ", ".join(
                [page.locator("main h1").inner_text(), facts.nth(0).inner_text(), facts.nth(2).inner_text()]))
    if role == "focal_point":  # the registration form, as the focal point reaches it from the desk
        page.goto("/desk/party")
        page.get_by_role("link", name=tr("Register a person", lang)).first.click()
        found += examine(page, lang, f"pages/{role}/{lang}-registration-form")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_phone_hides_nothing_from_a_screen_reader(site, page, lang):
    """Under 640 px the header shows only the mark (aria-hidden): the home link must keep its name
    there (it had none on every page), and axe must find nothing more at a phone's width."""
    page.set_viewport_size({"width": PHONE, "height": HEIGHT})
    enter(site, page, "organizer", lang)
    for path in ("/", f"/meetings/{summit(site)}", "/desk/secretariat"):
        page.goto(path)
        home = page.get_by_role("banner").get_by_role("link").first
        expect(home).to_have_accessible_name(
            f"{tr('Conference on Interaction and Confidence Building Measures in Asia', lang)} {tr('Meetings', lang)}")
        assert axe_violations(page) == [], path
