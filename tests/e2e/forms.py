"""Filling the app's forms as a person does, and how they look while one does."""

import re

from playwright.sync_api import Locator, Page, expect


def choose(select: Locator, shown: str) -> None:
    """Choose the option of ``select`` that reads ``shown``, as a person picks the line they read;
    an option may say more after it ("Plenary Hall · Baku Congress Center", "Baku Congress Center
    (Baku)"), but "In person" is not "In person and online"."""
    option = select.locator("option").filter(has_text=re.compile(f"^{re.escape(shown)}($| · | \\()"))
    expect(option).to_have_count(1)
    select.select_option(label=option.inner_text().strip())



def box(locator: Locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


def expect_star_beside_label(page: Page, label: str) -> None:
    """A required field's star on the line of its label, not on a line of its own."""
    text = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    star = text.locator("xpath=following-sibling::span[@class='required'][1]")
    label_box, star_box = box(text), box(star)
    assert star_box["y"] < label_box["y"] + label_box["height"] and star_box["x"] > label_box["x"], (
        f"the star of {label!r} is not beside its label: {label_box} {star_box}")


def expect_side_by_side(first: Locator, second: Locator) -> None:
    """Two fields of a pair on one line, their inputs level even when one label wraps."""
    one, two = box(first), box(second)
    assert two["x"] > one["x"] + one["width"] - 1 and abs(one["y"] - two["y"]) < 1, (one, two)
