"""Every page each role reaches fits a laptop (1,280 px) and a phone (390 px), in English and in
Russian: a breadth-first crawl over the links the role is shown (tests/e2e/crawl.py), each page
probed at both widths by resizing the window, as a person turning a tablet would."""

import pytest

from tests.e2e.crawl import ACCOUNTS, HEIGHT, Crawl, at_both_widths, enter, misfits, rough_edges
from tests.e2e.site import LANGUAGES

ADMIN_AREAS = ("accounts", "audit_log", "notifications")
START = {"anonymous": ["/"], "admin": ["/admin/users", "/admin/audit", "/admin/outbox", "/account"], "organizer": ["/desk/secretariat"],
         "staff": ["/desk/secretariat"], "focal_point": ["/desk/party"], "delegate": ["/account"]}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ACCOUNTS)
def test_every_page_fits_both_widths(site, page, role, lang):
    enter(site, page, role, lang)
    crawl = Crawl(site.app, per_endpoint=1, areas=ADMIN_AREAS if role == "admin" else ())
    found = []
    for endpoint in crawl.pages(page, START[role]):
        found += [f"{page.url} ({endpoint}) {line}" for line in at_both_widths(page, lambda p: misfits(p) + rough_edges(p))]
    print(f"{role} {lang}: {len(crawl.opened)} pages")
    assert len(crawl.opened) > 3, crawl.opened
    assert found == [], "\n".join(found)
