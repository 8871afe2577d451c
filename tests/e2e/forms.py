"""Filling the app's forms as a person does."""

import re

from playwright.sync_api import Locator, expect


def choose(select: Locator, shown: str) -> None:
    """Choose the option of ``select`` that reads ``shown``, as a person picks the line they read;
    an option may say more after it ("Plenary Hall · Baku Congress Center", "Baku Congress Center
    (Baku)"), but "In person" is not "In person and online"."""
    option = select.locator("option").filter(has_text=re.compile(f"^{re.escape(shown)}($| · | \\()"))
    expect(option).to_have_count(1)
    select.select_option(label=option.inner_text().strip())

