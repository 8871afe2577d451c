"""Every page each role reaches fits a laptop (1,280 px) and a phone (390 px), in English and in
Russian: a breadth-first crawl over the links the role is shown (tests/e2e/crawl.py), each page
probed at both widths by resizing the window, as a person turning a tablet would. On every page
the rough edges people met stay away (the footer at the window's bottom, a required field's star
on its label's line, room under the header), and so on the pages where they were seen (the
registration form's width, the timetable's columns on a phone)."""

import pytest

from tests.e2e.crawl import ACCOUNTS, Crawl, at_both_widths, enter, misfits, rough_edges, summit
from tests.e2e.site import LANGUAGES

# The admin's crawl keeps to the admin's own pages: the others are the organizer's, crawled as such.
ADMIN_AREAS = ("accounts", "audit_log", "notifications")
# Where each crawl begins: the role's home, and the summit's pages with the most rows and the
# longest words (its participants, delegations and timetable), so that those are the pages opened
# for their endpoints (tests/test_layout.py's cases).
SUMMIT = "/meetings/{summit}"
START = {"anonymous": ["/", SUMMIT],
         "admin": ["/admin/users", "/admin/audit", "/admin/outbox", "/account"],
         "organizer": ["/desk/secretariat", f"{SUMMIT}/participants", f"{SUMMIT}/delegations",
                       "/manage/meetings/{summit}/timetable"],
         "staff": ["/desk/secretariat", f"{SUMMIT}/participants"],
         "focal_point": ["/desk/party", f"{SUMMIT}/participants"],
         "delegate": ["/account"]}

# Rough edges of particular pages, checked at both widths wherever the crawl opens them.
PAGE_CHECKS = {
    # The registration form used a third of a laptop's width: at least 60 % of the column now.
    "participants.new_registration": """() => {
      if (innerWidth < 1000) return [];
      const main = document.querySelector('main'), style = getComputedStyle(main);
      const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const form = Math.max(...[...main.querySelectorAll('form[method=post]')].map(f => f.getBoundingClientRect().width));
      return form >= 0.6 * column ? [] : [`form: ${Math.round(form)} px wide in a ${Math.round(column)} px column`];
    }""",
    # The timetable on a phone cut its last columns (the room): every cell in the window now.
    "calendar.meeting": """() => {
      const cells = [...document.querySelectorAll('main .timetable td, main .timetable th')];
      if (!cells.length) return ['timetable: none on the page'];
      const width = document.documentElement.clientWidth;
      return cells.filter(c => c.getClientRects().length)
        .filter(c => { const box = c.getBoundingClientRect(); return box.left < 0 || box.right > width + 1; })
        .map(c => `timetable: "${c.textContent.trim().slice(0, 30)}" cut at ${width} px`);
    }""",
}
# The roles whose crawl must meet those pages (so that the checks above are never silently skipped).
MUST_MEET = {"anonymous": {"calendar.meeting"}, "organizer": set(PAGE_CHECKS), "focal_point": {"participants.new_registration"}}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ACCOUNTS)
def test_every_page_fits_both_widths(site, page, role, lang):
    enter(site, page, role, lang)
    crawl = Crawl(site.app, per_endpoint=1, areas=ADMIN_AREAS if role == "admin" else ())
    found = []
    for endpoint in crawl.pages(page, [start.format(summit=summit(site)) for start in START[role]]):
        def check(p, endpoint=endpoint):
            return misfits(p) + rough_edges(p) + (p.evaluate(PAGE_CHECKS[endpoint]) if endpoint in PAGE_CHECKS else [])
        found += [f"{page.url} ({endpoint}) {line}" for line in at_both_widths(page, check)]
    assert len(crawl.opened) > 3, crawl.opened
    assert MUST_MEET.get(role, set()) <= set(crawl.by_endpoint), sorted(crawl.by_endpoint)
    assert found == [], "\n".join(found)
