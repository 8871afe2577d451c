"""Logging in from the login page, in both languages: each role lands on its desk; a wrong
password is refused beside the field, with the e-mail kept."""

import pytest
from playwright.sync_api import expect

from tests.e2e.site import LANGUAGES, axe_violations, shoot, tr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_wrong_password_is_refused_and_the_email_kept(site, page, lang):
    page.goto("/login")
    if lang == "ru":
        page.get_by_role("link", name="Русский").click()
    page.get_by_label(tr("E-mail", lang)).fill("organizer@example.org")
    page.get_by_label(tr("Password", lang)).fill("not the password")
    page.get_by_role("button", name=tr("Log in", lang)).click()
    expect(page.get_by_text(tr("Wrong e-mail or password.", lang))).to_be_visible()
    expect(page.get_by_label(tr("E-mail", lang))).to_have_value("organizer@example.org")
    shoot(page, f"login/{lang}-refused")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_organizer_lands_on_the_desk(site, page, lang):
    site.login(page, "organizer@example.org", lang)
    expect(page).to_have_url(f"{site.url}/desk/secretariat")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    shoot(page, f"login/{lang}-desk")
