"""Printing, from the login page: an organizer accredits Kazakhstan's new delegation in one action
on the list of participants and prints its badges; staff print the programme of the 7th Summit in
Russian. The PDFs are those the browser is given, read back with pypdf."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.delegation_kit import (
    DELEGATION,
    KAZAKHSTAN,
    SOC_2027,
    flash,
    invite_kazakhstan,
    keep_pdf,
    ntr,
    open_pdf,
    pdf_text,
    register_delegation,
)
from tests.e2e.site import LANGUAGES, shoot, tr

# The Russian titles of the entries of the 7th Summit's timetable (meetings/demo_data.py: slots).
SUMMIT_RU = "Седьмой саммит СВМДА"
SUMMIT_ITEMS_RU = ("Регистрация делегаций", "Открытие заседания", "Совместное фотографирование",
                   "Выступления глав делегаций", "Рабочее заседание: меры доверия", "Принятие итоговых документов",
                   "Закрытие заседания", "Официальный приём")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_organizer_accredits_a_delegation_in_one_action_and_prints_its_badges(site, page, lang):
    meeting_id = invite_kazakhstan(site)
    register_delegation(site, meeting_id)
    site.login(page, "organizer@example.org", lang)

    # From the desk: the meeting of March 2027 is further than the 30 days the desk shows first.
    page.get_by_label(tr("Meetings starting within", lang)).select_option(label=ntr("%(num)d day", "%(num)d days",
                                                                                   180, lang))
    page.get_by_role("button", name=tr("Show", lang)).click()
    card = page.locator(f"#desk-meeting-{meeting_id}")
    expect(card).to_contain_text(SOC_2027[lang])
    card.get_by_role("link", name=tr("Participants", lang), exact=True).click()

    # Kazakhstan's registrations only, then all of them selected and accredited at once.
    page.get_by_label(tr("Party", lang)).select_option(label=KAZAKHSTAN[lang])
    page.get_by_role("button", name=tr("Filter", lang)).click()
    rows = page.locator("table.participants tbody tr")
    expect(rows).to_have_count(3)
    for member in DELEGATION:
        expect(rows.filter(has_text=member.name(lang))).to_contain_text(tr("Registered", lang, "registration status"))
    select_all = page.get_by_label(ntr("All %(num)d shown", "All %(num)d shown", 3, lang))
    select_all.check()
    for member in DELEGATION:  # the page's script ticks every row's box
        expect(page.get_by_label(tr("Select %(name)s", lang) % {"name": member.name(lang)})).to_be_checked()
    shoot(page, f"printing/{lang}-1-delegation-selected")
    page.get_by_role("button", name=tr("Accredit", lang), exact=True).click()

    expect(flash(page, ntr("%(num)d participant accredited.", "%(num)d participants accredited.", 3, lang))) \
        .to_be_visible()
    expect(page.get_by_label(tr("Party", lang))).to_have_value(re.compile(r"\d+"))  # still Kazakhstan's rows
    badge = re.compile(tr("badge No. %(number)s", lang).replace("%(number)s", r"\d+"))
    for member in DELEGATION:
        row = rows.filter(has_text=member.name(lang))
        expect(row.locator("td.status")).to_contain_text(tr("Accredited", lang, "registration status"))
        expect(row.locator("td.status")).to_contain_text(badge)
    shoot(page, f"printing/{lang}-2-delegation-accredited")

    # Their badges: the same selection, one button; the PDF opens in the browser. In Russian the
    # badges take the way of a large PDF (a Summit's), made by a job behind a progress page.
    if lang == "ru":
        site.app.config["PDF_INLINE_MAX_HTML_BYTES"] = 0
    select_all.check()
    body = open_pdf(page, page.get_by_role("button", name=tr("Print badges", lang)).click,
                    f"printing/{lang}-3-badges-progress")
    assert ("/print/badges/" in page.url) == (lang == "ru"), page.url
    keep_pdf(body, f"printing/{lang}-3-badges")
    text = pdf_text(body)
    for member in DELEGATION:
        assert member.name(lang).casefold() in text.casefold(), (member, text)
    assert text.count(KAZAKHSTAN[lang]) == 3, text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_print_the_programme_in_russian(site, page, lang):
    site.login(page, "staff@example.org", lang)
    page.get_by_role("navigation").get_by_role("link", name=tr("Calendar", lang), exact=True).click()
    page.get_by_role("link", name=SUMMIT_RU if lang == "ru" else "7th CICA Summit").first.click()
    page.get_by_role("link", name=tr("Programme (print)", lang)).click()
    # The print version in the page's language, with a link to the other: Russian is asked for.
    if lang == "en":
        page.get_by_role("navigation", name="Document").get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(SUMMIT_RU)
    shoot(page, f"printing/{lang}-4-programme-print")

    body = open_pdf(page, page.get_by_role("link", name=tr("Download PDF", "ru")).click,
                    f"printing/{lang}-5-programme-progress")
    keep_pdf(body, f"printing/{lang}-5-programme")
    text = pdf_text(body)
    assert SUMMIT_RU in text
    assert tr("Programme", "ru").upper() in text  # the document's title, in capitals on paper
    for title in SUMMIT_ITEMS_RU:
        assert title in text, (title, text)
