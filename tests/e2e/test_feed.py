"""A delegate's personal calendar address, from the login page: created on their account page and
copied with its button; a calendar application (no cookies) subscribes to it and, after an
organizer moved the 7th Summit a week later (in a browser of their own), finds the Summit at its
new local time; revoked on the account page, the address answers 404."""

from datetime import date, datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.delegation_kit import flash
from tests.e2e.site import LANGUAGES, shoot, tr

SUMMIT = {"en": "7th CICA Summit", "ru": "Седьмой саммит СВМДА"}
BAKU = "Asia/Baku"
# The first entry of its timetable, 09:00 local time (meetings/demo_data.py: slots).
OPENING_SESSION = {"en": "Registration of delegations", "ru": "Регистрация делегаций"}


def the_summit(body: bytes, lang: str):
    """The Summit's event in the feed (all day, its local dates) and its first session (a local
    time in the meeting's zone), as a calendar application reads them."""
    events = Calendar.from_ical(body).walk("VEVENT")
    meeting = [e for e in events if str(e["SUMMARY"]) == SUMMIT[lang]]
    assert len(meeting) == 1, [str(e["SUMMARY"]) for e in events]
    # Its sessions link to the meeting's page, as the meeting does.
    sessions = sorted((e for e in events if e["URL"] == meeting[0]["URL"] and e is not meeting[0]),
                      key=lambda e: e.decoded("DTSTART"))
    assert sessions, "the Summit's timetable is not in the feed"
    return meeting[0], sessions[0]


def dates(event) -> tuple[date, date]:
    return event.decoded("DTSTART"), event.decoded("DTEND")


def local_start(event) -> tuple[datetime, str]:
    """DTSTART as the calendar application reads it: the local time and its zone (TZID)."""
    return event.decoded("DTSTART").replace(tzinfo=None), event["DTSTART"].params["TZID"]


def move_the_summit_a_week_later(site, browser, browser_context_args, lang: str) -> None:
    """An organizer, in a browser of their own, moves the Summit from 17-18 to 24-25 December."""
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    page: Page = context.new_page()
    site.problems.watch(page)
    try:
        site.login(page, "organizer@example.org", lang)
        page.locator(".desk-meeting").filter(has_text=SUMMIT[lang]).get_by_role("link", name=SUMMIT[lang]).click()
        page.get_by_role("navigation", name=tr("Documents and actions", lang)).get_by_role(
            "link", name=tr("Postpone", lang), exact=True).click()
        # The page's first form (its second postpones until further notice, with a reason too).
        move = page.get_by_role("button", name=tr("Move the meeting", lang))
        form = page.locator("form").filter(has=move)
        form.get_by_label(tr("New start date", lang)).fill("2026-12-24")
        form.get_by_label(tr("New end date", lang)).fill("2026-12-25")
        form.get_by_label(tr("Reason (shown in the meeting's history)", lang)).fill(
            "At the request of the host country.")
        move.click()
        expect(flash(page, tr("The meeting was moved to its new dates; its timetable moved with it.", lang))) \
            .to_be_visible()
        shoot(page, f"feed/{lang}-2-organizer-moved-the-summit")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_delegate_subscribes_sees_the_summit_moved_and_revokes_the_address(
        site, page, context, browser, browser_context_args, playwright, lang):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    site.login(page, "delegate@example.org", lang)

    # The account page (the user's name in the header), its calendar address made and copied.
    page.get_by_role("link", name="Demo Delegate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("My account", lang))
    page.get_by_role("button", name=tr("Create a calendar address", lang)).click()
    expect(flash(page, tr("Your personal calendar address is ready. Copy it now: it is shown only once.", lang))) \
        .to_be_visible()
    field = page.get_by_label(tr("Calendar address (https)", lang))
    page.get_by_role("button", name=tr("Copy", lang), exact=True).click()
    expect(page.get_by_text(tr("Address copied.", lang), exact=True)).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == field.input_value()
    assert copied.startswith(f"{site.url}/feeds/") and copied.endswith(".ics"), copied
    shoot(page, f"feed/{lang}-1-address-copied")

    # A calendar application subscribes: no cookies, no session; Russian texts where the page
    # says to ask for them.
    address = copied + ("?lang=ru" if lang == "ru" else "")
    calendar_app = playwright.request.new_context()
    try:
        answer = calendar_app.get(address)
        assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar"), answer.status
        meeting, first_session = the_summit(answer.body(), lang)
        assert dates(meeting) == (date(2026, 12, 17), date(2026, 12, 19))  # DTEND: the day after
        assert str(first_session["SUMMARY"]) == OPENING_SESSION[lang]
        assert local_start(first_session) == (datetime(2026, 12, 17, 9, 0), BAKU)

        move_the_summit_a_week_later(site, browser, browser_context_args, lang)

        answer = calendar_app.get(address)
        assert answer.status == 200, answer.status
        moved, moved_session = the_summit(answer.body(), lang)
        assert dates(moved) == (date(2026, 12, 24), date(2026, 12, 26))
        assert local_start(moved_session) == (datetime(2026, 12, 24, 9, 0), BAKU)
        # The same events moved (their UIDs kept), each with a SEQUENCE that tells the calendar so.
        for old, new in ((meeting, moved), (first_session, moved_session)):
            assert str(new["UID"]) == str(old["UID"])
            assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])

        # The delegate revokes the address; the calendar application gets a 404 from then on.
        page.reload()
        page.get_by_role("button", name=tr("Revoke", lang)).click()
        expect(flash(page, tr("The calendar address was revoked; calendars subscribed to it stop updating.", lang))) \
            .to_be_visible()
        expect(page.get_by_role("button", name=tr("Revoke", lang))).to_have_count(0)
        shoot(page, f"feed/{lang}-3-address-revoked")
        assert calendar_app.get(address).status == 404
    finally:
        calendar_app.dispose()
