"""The floor of a plenary entry, seen by two people at once: the organizer inscribes two parties
on the Summit's speakers list through the form and gives the floor from the chair's console; on a
staff member's tablet, open on the live view and never reloaded, the speaker and a running clock
appear. The staff member's view has no buttons; the tablet and a phone have no sideways scroll."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AgendaItem, Meeting
from tests.e2e.site import LANGUAGES, shoot, tr

SUMMIT = "7th CICA Summit"
ENTRY = "Statements of heads of delegation"
ENTRY_TITLE = {"en": ENTRY, "ru": "Выступления глав делегаций"}  # the demo's data (meetings/demo_data.py)
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 375, "height": 740}


def summit_entry(site) -> tuple[int, int]:
    with site.app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.title_en == SUMMIT))
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                          AgendaItem.title_en == ENTRY))
        return meeting.id, item.id


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_chairs_start_reaches_a_second_screen_without_reloading(site, page, browser, browser_context_args, lang):
    meeting_id, item_id = summit_entry(site)
    speakers = f"/meetings/{meeting_id}/protocol/speakers"
    live = f"{speakers}/{item_id}/live"

    # The staff member's tablet, on the live view first: nobody is inscribed.
    tablet_context = browser.new_context(**{**browser_context_args, "viewport": TABLET})
    tablet_context.set_default_timeout(10_000)
    tablet = tablet_context.new_page()
    site.problems.watch(tablet)
    try:
        site.login(tablet, "staff@example.org", lang)
        tablet.goto(live)
        expect(tablet.locator('[data-field="current"]')).to_have_text(tr("Nobody is left on the list.", lang))
        expect(tablet.get_by_role("button", name=tr("Start", lang))).to_have_count(0)

        site.login(page, "organizer@example.org", lang)
        page.goto(speakers)
        form = page.locator("form").filter(has=page.get_by_role("button", name=tr("Inscribe", lang), exact=True))
        parties = form.get_by_label(tr("Party", lang), exact=True).locator("option").all_inner_texts()
        for party in parties[:2]:
            form.get_by_label(tr("Timetable entry", lang)).select_option(
                label=next(o for o in form.get_by_label(tr("Timetable entry", lang)).locator("option").all_inner_texts()
                           if ENTRY_TITLE[lang] in o))
            form.get_by_label(tr("Party", lang), exact=True).select_option(label=party)
            form.get_by_role("button", name=tr("Inscribe", lang), exact=True).click()
            expect(page.locator(".flash-success")).to_be_visible()
        shoot(page, f"speakers/{lang}-1-lists")

        page.goto(live)
        expect(page.locator('[data-field="current"]')).to_contain_text(parties[0])
        page.get_by_role("button", name=tr("Start", lang)).click()
        expect(page.locator(".floor")).to_have_class(re.compile("is-running"))

        # The tablet, not reloaded, shows the speaker, then a clock that runs.
        expect(tablet.locator('[data-field="current"]')).to_contain_text(parties[0])
        expect(tablet.locator('[data-field="status"]')).to_have_text(tr("Speaking", lang))
        expect(tablet.locator('[data-field="clock-label"]')).to_have_text(tr("Time left", lang))
        clock = tablet.locator('[data-field="clock"]')
        expect(clock).to_have_text(re.compile(r"^[0-9]+:[0-5][0-9]$"))
        first = clock.inner_text()
        expect(clock).not_to_have_text(first, timeout=5_000)
        expect(tablet.locator('[data-field="next"]')).to_contain_text(parties[1])
        shoot(tablet, f"speakers/{lang}-2-tablet-running")
        no_sideways_scroll(tablet)

        page.get_by_role("button", name=tr("Next speaker", lang)).click()
        expect(tablet.locator('[data-field="current"]')).to_contain_text(parties[1])
        expect(tablet.locator('[data-field="status"]')).to_have_text(tr("Not speaking", lang))
        shoot(page, f"speakers/{lang}-3-console")
        page.set_viewport_size(PHONE)
        no_sideways_scroll(page)
        shoot(page, f"speakers/{lang}-4-console-phone")
        page.goto(speakers)
        no_sideways_scroll(page)

        # A console left open past its session: a tap that did nothing says so. (A tab of its own:
        # the refused request is a console error by design, which the watched tab would report.)
        stale = page.context.new_page()
        stale.goto(live)
        page.context.clear_cookies()
        stale.get_by_role("button", name=tr("Start", lang)).click()
        expect(stale.locator('[data-field="refused"]')).to_have_text(
            tr("That was not done: reload the page, then try again.", lang))
    finally:
        tablet_context.close()
