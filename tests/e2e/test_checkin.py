"""Check-in at the door in a real browser: the page passes axe in both languages, says where the
camera cannot read QR codes (Debian's headless Chromium has no BarcodeDetector), takes a typed
badge number with Enter, and its counts follow another door's check-ins without a reload."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AccreditationStatus, Registration
from meetings.printing.services import badge_code
from tests.e2e.crawl import enter, summit
from tests.e2e.site import LANGUAGES, axe_violations, shoot, tr


def _badges(site, meeting: int, n: int) -> list[tuple[int, str]]:
    with site.app.app_context():
        found = db.session.scalars(select(Registration).where(
            Registration.meeting_id == meeting, Registration.status == AccreditationStatus.ACCREDITED,
            Registration.badge_number.is_not(None)).order_by(Registration.badge_number).limit(n)).all()
        return [(r.badge_number, badge_code(r)) for r in found]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_door_checks_in_and_the_counts_follow(site, page, context, lang):
    meeting = summit(site)
    (number, _code), (_other, other_code) = _badges(site, meeting, 2)
    enter(site, page, "staff", lang)
    url = f"/meetings/{meeting}/protocol/checkin"
    page.goto(url)
    assert axe_violations(page) == []
    expect(page.locator("#checkin-no-camera")).to_be_visible()
    present = page.locator('#checkin-counts [data-field="present-all"]')
    before = int(present.inner_text())

    field = page.get_by_label(tr("Badge code or number", lang))
    expect(field).to_be_focused()
    field.fill(str(number))
    field.press("Enter")
    expect(page.locator(".checkin-accepted")).to_contain_text(tr("Accepted", lang))
    assert axe_violations(page) == []
    shoot(page, f"pages/staff/{lang}-checkin")
    expect(present).to_have_text(str(before + 1))

    # Another door (a second tab of the same session) checks in someone else: this page's counts
    # change within a poll, without a reload.
    other = context.new_page()
    other.goto(url)
    other.get_by_label(tr("Badge code or number", lang)).fill(other_code)
    other.get_by_label(tr("Badge code or number", lang)).press("Enter")
    expect(other.locator(".checkin-accepted")).to_be_visible()
    expect(present).to_have_text(str(before + 2), timeout=12_000)
