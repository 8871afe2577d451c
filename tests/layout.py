"""Does a page fit its screen? One helper for the layout tests of every area.

``overflow(client, url, tmp_path)`` renders ``url`` with the test client (logged in as the test
chose), in English and in Russian, at a laptop's width (1,280 px) and a phone's (390 px), in
headless Chromium (tests/chromium.py: the app's CSS inlined), and lists what does not fit: the
page scrolling sideways, or a box of its own that hides part of its content behind a scroll bar
(a table in a scroll box whose last column, the room say, is out of sight), or a table running past
the right edge of the page's column. An empty list: it fits.
"""

import json
import re

from tests.chromium import run_page

WIDTHS = (1280, 390)
LANGUAGES = ("en", "ru")

# What does not fit, written into the frame's body for --dump-dom. Form controls scroll their own
# text (a long address in a field) and the visually hidden texts are 1 px boxes by design (so is the
# home link's name on a phone, .brand-text).
PROBE = """
const over = [];
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth) over.push(`page: ${root.scrollWidth} px in ${root.clientWidth} px`);
for (const el of document.body.querySelectorAll('*')) {
  if (el.matches('input, select, textarea, .visually-hidden, .visually-hidden *') || el.clientWidth <= 1) continue;
  const style = getComputedStyle(el);
  if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
    over.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.scrollWidth} px in ${el.clientWidth} px`);
  }
}
// A table wider than the column of the page: no scroll bar, but it runs past the page's edge.
const column = document.querySelector('main').getBoundingClientRect();
for (const el of document.querySelectorAll('main table')) {
  const box = el.getBoundingClientRect();
  if (box.right > column.right + 1) over.push(`table.${[...el.classList].join('.')}: ${Math.round(box.right - column.right)} px past the column`);
}
parent.document.body.dataset.overflow = JSON.stringify(over);
"""


def overflow(client, url: str, tmp_path, *, widths=WIDTHS, languages=LANGUAGES) -> list[str]:
    """What does not fit, as "<lang> <width>: <what>" lines (empty: every width, every language fits)."""
    found = []
    for lang in languages:
        response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert response.status_code == 200, (url, lang, response.status_code)
        html = response.get_data(as_text=True)
        for width in widths:
            page = tmp_path / f"{lang}-{width}"
            page.mkdir(exist_ok=True)
            dom = run_page(html, page, PROBE, width=width)
            match = re.search(r'data-overflow="([^"]*)"', dom)
            assert match, f"the probe did not run on {url} ({lang}, {width} px)"
            found += [f"{lang} {width}: {line}" for line in json.loads(match[1].replace("&quot;", '"'))]
    return found
