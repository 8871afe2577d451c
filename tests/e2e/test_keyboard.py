"""Keyboard only, in both languages: the login form, the meeting form and the registration form are
filled and sent with Tab, Shift+Tab, typing, Space and Enter; no mouse. At every stop the focus
shows (a ring that the control has only while focused), the skip link is the first stop and
works, and every control of each form is reached on the way to its button.

Dates are typed as digits into Chromium's date fields, whose order of day and month follows the
browser's locale: the day chosen has day and month alike (5 May), so the digits mean the same
date in either order."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.forms import box, expect_side_by_side
from tests.e2e.keyboard import KeyboardUser
from tests.e2e.site import DEMO_PASSWORD, LANGUAGES, shoot, tr

# The options chosen, as the lists show them: data of the seed and the demo, in each language.
SHOWN = {
    "en": {"type": "Special Working Group", "zone": "Baku", "venue": "Baku Congress Center"},
    "ru": {"type": "Специальная рабочая группа", "zone": "Баку", "venue": "Бакинский конгресс-центр"},
}


def log_in_by_keyboard(page: Page, keys: KeyboardUser, email: str, lang: str) -> None:
    """From the login page: skip link, the language switch, the form, sent with Enter."""
    page.goto("/login")
    keys.skip_to_content()
    if lang == "ru":
        keys.tab_to(page.get_by_role("link", name="Русский"), backwards=True)
        page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        keys.skip_to_content()
    form = page.locator("form").filter(has=page.get_by_label(tr("Password", lang)))
    keys.type_into(page.get_by_label(tr("E-mail", lang)), email)
    keys.type_into(page.get_by_label(tr("Password", lang)), DEMO_PASSWORD)
    remember = page.get_by_label(tr("Keep me logged in", lang))
    keys.tab_to(remember)
    page.keyboard.press("Space")
    expect(remember).to_be_checked()
    keys.tab_to(form.get_by_role("button", name=tr("Log in", lang)))
    keys.expect_all_reached(form)
    shoot(page, f"keyboard/{lang}-login", full_page=False)
    page.keyboard.press("Enter")
    welcome = re.escape(tr("Welcome, %(name)s.", lang)).replace(re.escape("%(name)s"), ".+")
    expect(page.locator(".flash-success")).to_have_text(re.compile(welcome))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_meeting_form_by_keyboard(site, page, lang):
    keys = KeyboardUser(page)
    log_in_by_keyboard(page, keys, "organizer@example.org", lang)
    page.goto("/manage/meetings/new")  # typed in the address bar
    keys.skip_to_content()
    form = page.locator("form").filter(has=page.get_by_label(tr("Meeting type", lang)))
    keys.type_into(page.get_by_label(tr("Title (English)", lang)), "Keyboard-only consultations")
    keys.type_into(page.get_by_label(tr("Title (Russian)", lang)), "Консультации без мыши")
    keys.pick(page.get_by_label(tr("Meeting type", lang)), SHOWN[lang]["type"])
    status = page.get_by_label(tr("Status", lang), exact=True)
    keys.tab_to(status)
    page.keyboard.press("ArrowDown")  # from Draft to Planned
    expect(status).to_have_value("planned")
    keys.pick(page.get_by_label(tr("Time zone of the host city", lang)), SHOWN[lang]["zone"])
    expect(page.get_by_label(tr("Time zone of the host city", lang))).to_have_value("Asia/Baku")
    keys.type_into(page.get_by_label(tr("Start date", lang)), "05052027")
    expect(page.get_by_label(tr("Start date", lang))).to_have_value("2027-05-05")
    keys.type_into(page.get_by_label(tr("Start time", lang)), "0930")
    keys.type_into(page.get_by_label(tr("End date", lang)), "05052027")
    expect(page.get_by_label(tr("End date", lang))).to_have_value("2027-05-05")
    keys.type_into(page.get_by_label(tr("End time", lang)), "13.00")
    keys.pick(page.get_by_label(tr("Venue", lang)), SHOWN[lang]["venue"])
    expect(page.get_by_label(tr("Time zone of the host city", lang))).to_have_value("Asia/Baku")
    # A mistake seen on the way back up: Shift+Tab to the title and type it again.
    keys.tab_to(page.get_by_label(tr("Title (English)", lang)), backwards=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("Keyboard-only consultations on the Charter")
    keys.tab_to(form.get_by_role("button", name=tr("Save", lang)))
    keys.expect_all_reached(form)
    shoot(page, f"keyboard/{lang}-meeting-form", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_have_text(tr("The meeting was created.", lang))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keyboard-only consultations on the Charter" if lang == "en" else "Консультации без мыши")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_login_and_registration_forms_by_keyboard(site, page, lang):
    keys = KeyboardUser(page)
    log_in_by_keyboard(page, keys, "focal.kz@example.org", lang)
    register = page.get_by_role("link", name=tr("Register a person", lang)).first
    page.goto(register.get_attribute("href"))  # typed in the address bar: the form is the subject
    keys.skip_to_content()
    form = page.locator("form[method=post]").filter(has=page.get_by_label(tr("Role", lang)))
    role = page.get_by_label(tr("Role", lang))
    keys.pick(role, tr("Delegate", lang))
    expect(role).to_have_value("delegate")
    ministerial = page.get_by_label(tr("Ministerial level", lang))
    keys.tab_to(ministerial)
    page.keyboard.press("Space")
    expect(ministerial).to_be_checked()
    keys.type_into(page.get_by_label(tr("Family name (Latin, as in passport)", lang)), "Tabinova")
    keys.type_into(page.get_by_label(tr("Given names (Latin, as in passport)", lang)), "Klara")
    keys.type_into(page.get_by_label(tr("Family name (Cyrillic)", lang)), "Табинова")
    keys.type_into(page.get_by_label(tr("Given names (Cyrillic)", lang)), "Клара")
    keys.type_into(form.get_by_label(tr("E-mail", lang), exact=True), "k.tabinova@example.kz")
    keys.tab_to(form.get_by_role("button", name=tr("Save", lang)))
    keys.expect_all_reached(form)
    shoot(page, f"keyboard/{lang}-registration-form", full_page=False)
    # The form uses the page's width, its Latin and Cyrillic fields side by side, level even where
    # a Russian label takes two lines.
    assert box(form)["width"] > 0.6 * box(page.locator("main"))["width"]
    expect_side_by_side(form.get_by_label(tr("Title or position", lang), exact=True),
                        form.get_by_label(tr("Title or position (Russian)", lang)))
    page.keyboard.press("Enter")
    # The name as the pages show it to this reader: the Cyrillic form in Russian.
    name = {"en": "Klara Tabinova", "ru": "Клара Табинова"}[lang]
    expect(page.locator(".flash-success")).to_have_text(tr("%(name)s is registered.", lang) % {"name": name})
    expect(page.get_by_role("row").filter(has_text="Tabinova")).to_be_visible()
