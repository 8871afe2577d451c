"""Helpers of the organizer's and the keyboard scenarios: choosing from a list by what it shows,
and reading the focus ring a keyboard user sees."""

import re

from playwright.sync_api import Locator, Page, expect


def choose(select: Locator, shown: str) -> None:
    """Choose the option of ``select`` that reads ``shown``, as a person picks the line they read;
    an option may say more after it ("Plenary Hall · Baku Congress Center", "Baku Congress Center
    (Baku)"), but "In person" is not "In person and online"."""
    option = select.locator("option").filter(has_text=re.compile(f"^{re.escape(shown)}($| · | \\()"))
    expect(option).to_have_count(1)
    select.select_option(label=option.inner_text().strip())


# The focus ring of the element the keyboard is on, as computed: outline (width, style, colour)
# and box-shadow. Compared with the same element's ring once it has lost focus.
_RING = """(element) => {
  const style = getComputedStyle(element);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" | ");
}"""


def focus_ring(page: Page) -> str:
    return page.evaluate(f"({_RING})(document.activeElement)")


def ring_of(element: Locator) -> str:
    return element.evaluate(_RING)


def has_visible_ring(ring: str) -> bool:
    """An outline that is drawn (a style other than none, wider than 0px), or a box-shadow."""
    outline_style, outline_width, _colour, shadow = ring.split(" | ")
    drawn_outline = outline_style != "none" and outline_width not in ("0px", "")
    return drawn_outline or shadow != "none"
