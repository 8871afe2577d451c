"""An organizer's day, from the login page, in both languages: a meeting in Baku made through the
meeting form, a two-day timetable in the Baku Congress Center's rooms, a room booked twice that
the form refuses beside the field (what was typed kept) until the room changes, and the meeting
moved a week later, its timetable with it, at the same Baku local times.

The dates are local times of Baku (UTC+4 all year); the browser runs in Almaty's zone (UTC+5), so
a time shown in the browser's zone instead of the meeting's would fail the test."""

import re
from dataclasses import dataclass, replace

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.forms import box, choose, expect_star_beside_label
from tests.e2e.site import LANGUAGES, axe_violations, shoot, tr

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Texts that come from data (the seed, CLDR), not from the app's catalogue, in each language.
TEXTS = {
    "en": {"type": "Special Working Group", "zone": "Baku, UTC+4", "host": "Azerbaijan",
           "venue": "Baku Congress Center", "plenary": "Plenary Hall", "room 1": "Meeting Room 1",
           "room 2": "Meeting Room 2", "day 1": "Tuesday, 11 May 2027", "day 2": "Wednesday, 12 May 2027",
           "moved day 1": "Tuesday, 18 May 2027", "moved day 2": "Wednesday, 19 May 2027",
           "dates": "11–12 May 2027", "new dates": "18–19 May 2027"},
    # The Russian room numbers keep "№" with its number by a no-break space, as the demo has them.
    "ru": {"type": "Специальная рабочая группа (СРГ)", "zone": "Баку, UTC+4", "host": "Азербайджан",
           "venue": "Бакинский конгресс-центр", "plenary": "Пленарный зал", "room 1": "Зал заседаний №\u00a01",
           "room 2": "Зал заседаний №\u00a02", "day 1": "Вторник, 11 мая 2027 г.", "day 2": "Среда, 12 мая 2027 г.",
           "moved day 1": "Вторник, 18 мая 2027 г.", "moved day 2": "Среда, 19 мая 2027 г.",
           "dates": "11–12 мая 2027 г.", "new dates": "18–19 мая 2027 г."},
}

TITLE = {"en": "Special Working Group on the CICA Charter (Baku)",
         "ru": "Специальная рабочая группа по Хартии СВМДА (Баку)"}


@dataclass(frozen=True)
class Entry:
    day: str  # "day 1" or "day 2"
    start: str
    end: str
    title_en: str
    title_ru: str
    kind: str  # the kind's English label
    room: str | None  # a key of TEXTS

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_ru


TIMETABLE = [
    Entry("day 1", "09:30", "11:00", "Opening plenary", "Открытие, пленарное заседание", "Plenary", "plenary"),
    Entry("day 1", "11:00", "11:30", "Coffee break", "Кофе-брейк", "Break", None),
    Entry("day 1", "11:30", "13:00", "Drafting the Charter: chapters 1-3", "Редактирование Хартии: главы 1-3",
          "Working session", "room 1"),
    Entry("day 2", "10:00", "12:00", "Drafting the Charter: chapters 4-6", "Редактирование Хартии: главы 4-6",
          "Working session", "room 1"),
    Entry("day 2", "15:00", "16:30", "Closing plenary", "Закрытие, пленарное заседание", "Plenary", "plenary"),
]
# Booked at first in Meeting Room 1 while the drafting session is there: refused, then moved.
CLASH = Entry("day 2", "11:00", "12:30", "Consultations of the Friends of the Chair",
              "Консультации друзей Председателя", "Bilateral", "room 1")
POSTPONE_REASON = "The host asked for one more week to prepare the Charter's draft."
RESOLVED = replace(CLASH, room="room 2")
DATES = {"day 1": "2027-05-11", "day 2": "2027-05-12"}


def create_meeting(page: Page, lang: str) -> None:
    """Through the meeting form, every value chosen or typed as a person does."""
    text = TEXTS[lang]
    page.get_by_role("link", name=tr("Manage meetings", lang)).click()
    page.get_by_role("link", name=tr("New meeting", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("New meeting", lang))
    page.get_by_label(tr("Title (English)", lang)).fill(TITLE["en"])
    page.get_by_label(tr("Title (Russian)", lang)).fill(TITLE["ru"])
    choose(page.get_by_label(tr("Meeting type", lang)), text["type"])
    choose(page.get_by_label(tr("Status", lang), exact=True), tr("Planned", lang, "meeting status"))
    choose(page.get_by_label(tr("Time zone of the host city", lang)), text["zone"])
    page.get_by_label(tr("Start date", lang)).fill("2027-05-11")
    page.get_by_label(tr("Start time", lang), exact=True).fill("09:30")
    page.get_by_label(tr("End date", lang)).fill("2027-05-12")
    page.get_by_label(tr("End time", lang), exact=True).fill("16:30")
    choose(page.get_by_label(tr("Format", lang)), tr("In person", lang))
    choose(page.get_by_label(tr("Host", lang), exact=True), text["host"])
    page.get_by_label(tr("City (English)", lang)).fill("Baku")
    page.get_by_label(tr("City (Russian)", lang)).fill("Баку")
    choose(page.get_by_label(tr("Venue", lang)), text["venue"])
    expect(page.get_by_label(tr("Time zone of the host city", lang))).to_have_value("Asia/Baku")
    for required in ("Title (English)", "Meeting type", "Time zone of the host city", "Start date"):
        expect_star_beside_label(page, tr(required, lang))
    shoot(page, f"organizer/{lang}-1-meeting-form")
    page.get_by_role("button", name=tr("Save", lang)).click()
    expect(page.locator(".flash-success")).to_have_text(tr("The meeting was created.", lang))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE[lang])


def fill_entry(page: Page, lang: str, entry: Entry) -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name=tr("Add to the timetable", lang)))
    form.get_by_label(tr("Day", lang), exact=True).fill(DATES[entry.day])
    form.get_by_label(tr("Start time", lang), exact=True).fill(entry.start)
    form.get_by_label(tr("End time", lang), exact=True).fill(entry.end)
    form.get_by_label(tr("Title (English)", lang)).fill(entry.title_en)
    form.get_by_label(tr("Title (Russian)", lang)).fill(entry.title_ru)
    choose(form.get_by_label(tr("Kind", lang), exact=True), tr(entry.kind, lang))
    choose(form.get_by_label(tr("Room", lang), exact=True), TEXTS[lang][entry.room] if entry.room else "—")


def add_entry(page: Page, lang: str, entry: Entry) -> None:
    fill_entry(page, lang, entry)
    page.get_by_role("button", name=tr("Add to the timetable", lang)).click()
    expect(page.locator(".flash-success")).to_have_text(tr("The entry was added to the timetable.", lang))


def meet_the_room_conflict(page: Page, lang: str) -> None:
    """The clash is refused beside the room, nothing typed is lost; another room resolves it."""
    fill_entry(page, lang, CLASH)
    page.get_by_role("button", name=tr("Add to the timetable", lang)).click()
    room = page.get_by_label(tr("Room", lang), exact=True)
    refusal = page.locator(f"#{room.get_attribute('id')}-errors")
    expect(refusal).to_contain_text(re.compile(
        f"{re.escape(TEXTS[lang]['room 1'])}.*{re.escape(TIMETABLE[3].title(lang))}.*10:00–12:00"))
    expect(room).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".flash-success")).to_have_count(0)
    # What was typed is still there.
    expect(page.get_by_label(tr("Title (English)", lang))).to_have_value(CLASH.title_en)
    expect(page.get_by_label(tr("Title (Russian)", lang))).to_have_value(CLASH.title_ru)
    expect(page.get_by_label(tr("Day", lang), exact=True)).to_have_value(DATES[CLASH.day])
    expect(page.get_by_label(tr("Start time", lang), exact=True)).to_have_value(CLASH.start)
    expect(page.get_by_label(tr("End time", lang), exact=True)).to_have_value(CLASH.end)
    refusal.scroll_into_view_if_needed()
    shoot(page, f"organizer/{lang}-3-room-conflict", full_page=False)
    assert axe_violations(page) == []  # the refusal is tied to its field for a screen reader too
    choose(room, TEXTS[lang]["room 2"])
    page.get_by_role("button", name=tr("Add to the timetable", lang)).click()
    expect(page.locator(".flash-success")).to_have_text(tr("The entry was added to the timetable.", lang))


def in_order(day: str | None = None) -> list[Entry]:
    """The entries as the timetable lists them (by day, then start), the clash in its new room."""
    entries = [*TIMETABLE, RESOLVED]
    return sorted((e for e in entries if day in (None, e.day)), key=lambda e: (e.day, e.start))


def room_text(lang: str, entry: Entry) -> str:
    return TEXTS[lang][entry.room] if entry.room else ""


def expect_timetable(page: Page, lang: str, *, moved: bool = False) -> None:
    """The organizer's timetable: every entry on its day, at its Baku time, in its room."""
    entries = in_order()
    rows = page.locator("table.manage-timetable tbody tr")
    expect(rows.locator("th")).to_contain_text([e.title(lang) for e in entries])
    expect(rows.locator("td.day")).to_have_text([TEXTS[lang][("moved " if moved else "") + e.day] for e in entries])
    expect(rows.locator("td.time")).to_have_text([f"{e.start}–{e.end}" for e in entries])
    expect(rows.locator("td:nth-child(4)")).to_have_text([room_text(lang, e) for e in entries])


def expect_programme(page: Page, lang: str) -> None:
    """The public page's programme, a week later: each day's heading, then its entries at the
    same Baku times."""
    for day in ("day 1", "day 2"):
        heading = page.get_by_role("heading", name=TEXTS[lang]["moved " + day])
        rows = heading.locator("xpath=following-sibling::table[1]").locator("tbody tr")
        entries = in_order(day)
        expect(rows.locator("td:nth-child(2)")).to_contain_text([e.title(lang) for e in entries])
        expect(rows.locator("td.time")).to_have_text([f"{e.start}–{e.end}" for e in entries])
        expect(rows.locator("td:nth-child(3)")).to_have_text([room_text(lang, e) for e in entries])


def postpone_by_a_week(page: Page, lang: str) -> None:
    page.get_by_role("navigation", name=tr("This meeting", lang)).get_by_role(
        "link", name=tr("Postpone", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tr("Postpone", lang, "page heading"))
    move = page.locator("form").filter(has=page.get_by_role("button", name=tr("Move the meeting", lang)))
    expect(move.get_by_label(tr("Time zone of the host city", lang))).to_have_value("Asia/Baku")
    move.get_by_label(tr("New start date", lang)).fill("2027-05-18")
    move.get_by_label(tr("New end date", lang)).fill("2027-05-19")
    move.get_by_label(tr("Reason (shown in the meeting's history)", lang)).fill(POSTPONE_REASON)
    shoot(page, f"organizer/{lang}-5-postpone-form")
    move.get_by_role("button", name=tr("Move the meeting", lang)).click()
    expect(page.locator(".flash-success")).to_have_text(
        tr("The meeting was moved to its new dates; its timetable moved with it.", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_organizer_schedules_a_meeting_in_baku_and_moves_it_a_week(site, page, lang):
    text = TEXTS[lang]
    site.login(page, "organizer@example.org", lang)
    create_meeting(page, lang)

    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(text["dates"])
    expect(facts).to_contain_text(text["zone"])
    expect(facts).to_contain_text(tr("Planned", lang, "meeting status"))
    expect(page.get_by_text(tr("No entries yet.", lang))).to_be_visible()
    for entry in TIMETABLE:
        add_entry(page, lang, entry)
    meet_the_room_conflict(page, lang)

    expect_timetable(page, lang)
    page.get_by_role("heading", name=tr("Timetable", lang), level=2).scroll_into_view_if_needed()
    shoot(page, f"organizer/{lang}-4-timetable")
    page.set_viewport_size(PHONE)
    shoot(page, f"organizer/{lang}-4-timetable-phone")
    # On a phone every entry is a card whose day, time and room are all on the screen.
    row = page.locator("table.manage-timetable tbody tr").filter(has_text=CLASH.title(lang))
    for cell in (row.locator("td.day"), row.locator("td.time"), row.get_by_role("cell").nth(2)):
        shown = box(cell)
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"], cell
    # Its actions each whole, on one line, and tall enough for a finger (44 px).
    for action in row.locator(".row-actions").get_by_role("link").all() + [row.get_by_role("button")]:
        shown = box(action)
        assert 44 <= shown["height"] < 60 and shown["x"] + shown["width"] <= PHONE["width"], (action, shown)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    postpone_by_a_week(page, lang)
    expect(page.locator("dl.facts")).to_contain_text(text["new dates"])
    expect(page.locator("dl.facts")).to_contain_text(tr("Rescheduled from %(dates)s", lang) % {"dates": text["dates"]})
    expect_timetable(page, lang, moved=True)

    # The meeting's public page: the new dates, the dates it was moved from, the programme at
    # the same Baku local times a week later.
    page.get_by_role("link", name=tr("Public page", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE[lang])
    expect(page.locator("dl.facts")).to_contain_text(text["new dates"])
    # Moved to known dates, the meeting is planned there (postponed is the status of a meeting
    # whose new dates are not known yet); its page says where it was moved from.
    expect(page.locator("dl.facts")).to_contain_text(tr("Planned", lang, "meeting status"))
    expect(page.locator(".notice-rescheduled")).to_have_text(
        tr("Rescheduled from %(dates)s", lang) % {"dates": text["dates"]})
    expect(page.get_by_text(tr("Times are local times (%(zone)s).", lang) % {"zone": text["zone"]})).to_be_visible()
    expect_programme(page, lang)
    expect(page.locator(".history .reason").first).to_have_text(POSTPONE_REASON)
    shoot(page, f"organizer/{lang}-6-moved-meeting")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # On a phone each entry of the programme is a card: its title has the card's width, not a
    # third of the screen that cuts "Редактирование" into pieces.
    title = page.locator("table.timetable tbody tr").filter(has_text=TIMETABLE[2].title(lang)).locator("td").nth(1)
    assert box(title)["width"] > 0.75 * PHONE["width"], box(title)
    shoot(page, f"organizer/{lang}-6-moved-meeting-phone")
