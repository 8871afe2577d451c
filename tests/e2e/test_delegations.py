"""The focal point of Kazakhstan, from the login page: finds the invitation on the desk, accepts
it, registers a delegation of three, then corrects the role given to one of them by mistake."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP
from tests.e2e.delegation_kit import ADVISER, DELEGATION, HEAD, KAZAKHSTAN, SOC_2027, Member, flash, invite_kazakhstan
from tests.e2e.site import LANGUAGES, axe_violations, shoot, tr

PHONE = {"width": 390, "height": 844}


def fact(section, name: str):
    """The value of one of the invitation's facts (Reply, Head of delegation, ...)."""
    return section.locator(".facts div").filter(has=section.page.get_by_text(name, exact=True)).locator("dd")


def fill_registration(page: Page, member: Member, role_label: str, lang: str) -> None:
    page.get_by_label(tr("Role", lang)).select_option(label=tr(role_label, lang))
    if member.ministerial:
        page.get_by_label(tr("Ministerial level", lang)).check()
    page.get_by_label(tr("Honorific", lang)).fill(member.honorific)
    page.get_by_label(tr("Family name (Latin, as in passport)", lang)).fill(member.family)
    page.get_by_label(tr("Given names (Latin, as in passport)", lang)).fill(member.given)
    page.get_by_label(tr("Family name (Cyrillic)", lang)).fill(member.family_ru)
    page.get_by_label(tr("Given names (Cyrillic)", lang)).fill(member.given_ru)
    page.get_by_label(tr("Title or position", lang), exact=True).fill(member.position)
    page.get_by_label(tr("Title or position (Russian)", lang)).fill(member.position_ru)


def check_the_form_layout(page: Page, lang: str) -> None:
    """The registration form uses the page's width on a laptop, the Latin and Cyrillic names side
    by side (it once took a third of the width, the Cyrillic far below), and fits a phone's width
    with one field under the other."""
    latin = page.get_by_label(tr("Family name (Latin, as in passport)", lang))
    form = page.locator("form").filter(has=latin)
    given = page.get_by_label(tr("Given names (Latin, as in passport)", lang))
    assert form.bounding_box()["width"] >= 0.75 * page.locator("main").bounding_box()["width"]
    assert latin.bounding_box()["y"] == given.bounding_box()["y"] < page.get_by_label(
        tr("Family name (Cyrillic)", lang)).bounding_box()["y"]
    page.set_viewport_size(PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert given.bounding_box()["y"] > latin.bounding_box()["y"]
        shoot(page, f"delegations/{lang}-2-registration-form-phone")
    finally:
        page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_focal_point_accepts_registers_a_delegation_of_three_and_corrects_a_role(site, page, lang):
    meeting_id = invite_kazakhstan(site)
    site.login(page, "focal.kz@example.org", lang)

    # The desk: the new invitation, waiting for the reply, nobody registered yet.
    expect(page).to_have_url(f"{site.url}/desk/party")
    expect(page.get_by_role("heading", level=1)).to_have_text(KAZAKHSTAN[lang])
    # The only invitation waiting for a reply (the demo's December meetings are answered).
    expect(page.locator("section.desk-invitation").filter(
        has_text=tr("Reply pending", lang, "delegation reply"))).to_have_attribute("id", f"meeting-{meeting_id}")
    section = page.locator(f"#meeting-{meeting_id}")
    expect(section.get_by_role("heading", level=3)).to_have_text(SOC_2027[lang])
    expect(section).to_contain_text("2027")
    expect(section.get_by_text(tr("Nobody is registered yet.", lang))).to_be_visible()
    shoot(page, f"delegations/{lang}-1-desk-invitation")
    assert axe_violations(page) == []

    # The reply: accepted, at the level of a deputy minister (the head is registered next).
    section.get_by_label(tr("We accept the invitation", lang)).check()
    section.get_by_label(tr("Level of the delegation", lang)).select_option(label=tr("Deputy Minister", lang))
    section.get_by_role("button", name=tr("Send the reply", lang)).click()
    expect(flash(page, tr("Your acceptance is recorded.", lang))).to_be_visible()
    expect(page).to_have_url(f"{site.url}/desk/party#meeting-{meeting_id}")
    expect(fact(section, tr("Reply", lang))).to_have_text(tr("Accepted", lang, "delegation reply"))
    expect(fact(section, tr("Level of the delegation", lang))).to_have_text(tr("Deputy Minister", lang))

    # Three people, typed in one after the other; the adviser given the delegate's role by mistake.
    section.get_by_role("link", name=tr("Register a person", lang)).click()
    for number, member in enumerate(DELEGATION, 1):
        heading = tr("Register a person", lang, "page heading")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{heading}: {KAZAKHSTAN[lang]}")
        fill_registration(page, member, "Delegate" if member is ADVISER else member.role_label, lang)
        if number == 1:
            shoot(page, f"delegations/{lang}-2-registration-form")
            check_the_form_layout(page, lang)
            assert axe_violations(page) == []
        page.get_by_role("button", name=tr("Save", lang)).click()
        expect(flash(page, tr("%(name)s is registered.", lang) % {"name": member.name(lang)})) \
            .to_be_visible()
        rows = page.locator("table.participants tbody tr")
        expect(rows).to_have_count(number)
        expect(rows.filter(has_text=member.name(lang))).to_contain_text(
            tr("Delegate" if member is ADVISER else member.role_label, lang))
        if number < len(DELEGATION):
            page.get_by_role("link", name=tr("Register a person", lang)).click()
    shoot(page, f"delegations/{lang}-3-list-of-three")

    # Back on the desk: the three, the head named by their role, the adviser's mistake in view.
    page.get_by_role("navigation").get_by_role("link", name=tr("Desk", lang)).click()
    expect(fact(section, tr("Head of delegation", lang))).to_contain_text(HEAD.name(lang))
    members = section.locator("table.desk-members tbody tr")
    expect(members).to_have_count(3)
    for member in DELEGATION:
        expect(members.filter(has_text=member.name(lang))).to_contain_text(tr("Registered", lang, "registration status"))
    adviser_row = members.filter(has_text=ADVISER.name(lang))
    expect(adviser_row.locator("td").first).to_have_text(tr("Delegate", lang))

    # The correction: the adviser's registration edited, the role chosen again.
    # "Edit: Timur Zhakenov" to a screen reader (Chromium reads a space before the hidden part).
    adviser_row.get_by_role("link", name=re.compile(rf"^{tr('Edit', lang)}\s*:\s*{ADVISER.name(lang)}$")).click()
    heading = tr("Edit registration", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{heading}: {KAZAKHSTAN[lang]}")
    expect(page.get_by_label(tr("Family name (Latin, as in passport)", lang))).to_have_value(ADVISER.family)
    page.get_by_label(tr("Role", lang)).select_option(label=tr(ADVISER.role_label, lang))
    shoot(page, f"delegations/{lang}-4-correction")
    page.get_by_role("button", name=tr("Save", lang)).click()
    expect(flash(page, tr("The registration is saved.", lang))).to_be_visible()
    expect(page.locator("table.participants tbody tr").filter(has_text=ADVISER.name(lang))).to_contain_text(
        tr(ADVISER.role_label, lang))

    page.get_by_role("navigation").get_by_role("link", name=tr("Desk", lang)).click()
    members = section.locator("table.desk-members tbody tr")
    expect(members.filter(has_text=ADVISER.name(lang)).locator("td").first).to_have_text(tr(ADVISER.role_label, lang))
    expect(members.filter(has_text=tr("Delegate", lang))).to_have_count(1)  # Ms. Nurlanova alone now
    section.scroll_into_view_if_needed()
    shoot(page, f"delegations/{lang}-5-desk-corrected")
