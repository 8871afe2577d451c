"""What the delegation, printing and feed scenarios share: Kazakhstan's new delegation (the people
the focal point types in), the setup the scenarios start from (made through the app's services, as
the organizers' earlier work), a PDF opened as the browser opens it, and plural texts in either
language."""

import io
import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from meetings.accounts.services import find_user
from meetings.extensions import db
from meetings.models import Meeting, MeetingStatus, Party, RegistrationRole
from meetings.participants import services as participants
from meetings.participants.inputs import RegistrationInput
from meetings.scheduling import services as scheduling
from tests.e2e.site import _RUSSIAN, SCREENSHOTS, Site, shoot, tr  # _RUSSIAN: the catalogue tr() reads

PDF_TIMEOUT = 30_000  # a PDF made by a job: its progress page refreshes every 3 seconds until it is ready


@dataclass(frozen=True)
class Member:
    """One person of the delegation, as the focal point types them (Latin as in the passport, and
    Cyrillic)."""

    honorific: str
    given: str
    family: str
    given_ru: str
    family_ru: str
    position: str
    position_ru: str
    role: RegistrationRole
    role_label: str  # the English label of the role in the form's list

    @property
    def ministerial(self) -> bool:
        """The head, a deputy minister, is at ministerial level."""
        return self.role is RegistrationRole.HEAD_OF_DELEGATION

    def name(self, lang: str) -> str:
        """The name as pages in ``lang`` show it (without the honorific)."""
        return f"{self.given} {self.family}" if lang == "en" else f"{self.given_ru} {self.family_ru}"


# Fictional people, none of them in the demo: the scenario's delegation is new.
HEAD = Member("H.E. Mr.", "Yerlan", "Kassymov", "Ерлан", "Касымов", "Deputy Minister of Foreign Affairs",
              "Заместитель министра иностранных дел", RegistrationRole.HEAD_OF_DELEGATION, "Head of delegation")
DELEGATE = Member("Ms.", "Aigerim", "Nurlanova", "Айгерим", "Нурланова", "Director, Department of Asia, MFA",
                  "Директор Департамента Азии МИД", RegistrationRole.DELEGATE, "Delegate")
ADVISER = Member("Mr.", "Timur", "Zhakenov", "Тимур", "Жакенов", "First Secretary, MFA", "Первый секретарь МИД",
                 RegistrationRole.ADVISER, "Adviser")
DELEGATION = (HEAD, DELEGATE, ADVISER)

# The party's name (from CLDR, not from the app's catalogue) and the meeting's title, by language.
KAZAKHSTAN = {"en": "Kazakhstan", "ru": "Казахстан"}

# The demo's Senior Officials Committee of March 2027 in Astana: a draft with no delegations yet,
# planned and Kazakhstan invited by the setup below.
SOC_2027 = {"en": "Meeting of the CICA Senior Officials Committee",
            "ru": "Заседание Комитета старших должностных лиц (КСДЛ) СВМДА"}


def _organizer():
    return find_user("organizer@example.org")


def invite_kazakhstan(site: Site) -> int:
    """The organizers' work before the scenario: the SOC of March 2027 planned and Kazakhstan
    invited to it (through the same services as their pages). Returns the meeting's id."""
    with site.app.app_context():
        meeting = db.session.scalars(select(Meeting).where(
            Meeting.title_en == SOC_2027["en"], Meeting.status == MeetingStatus.DRAFT)).one()
        scheduling.change_status(meeting, MeetingStatus.PLANNED, user=_organizer(), expected_version=None)
        kazakhstan = db.session.scalars(select(Party).where(Party.code == "KZ")).one()
        participants.invite_parties(meeting, [kazakhstan], _organizer())
        return meeting.id


def register_delegation(site: Site, meeting_id: int) -> None:
    """The focal point's registrations of the three, as scenario 1 makes them in the browser."""
    with site.app.app_context():
        access = participants.participants_access(find_user("focal.kz@example.org"), meeting_id)
        for member in DELEGATION:
            participants.register(access, RegistrationInput(
                honorific=member.honorific, given_names=member.given, family_name=member.family,
                given_names_ru=member.given_ru, family_name_ru=member.family_ru, position_en=member.position,
                position_ru=member.position_ru, role=member.role,
                ministerial_level=member.ministerial))


def ntr(singular: str, plural: str, num: int, lang: str) -> str:
    """A text with a number (ngettext) as a reader of ``lang`` sees it."""
    text = singular if num == 1 else plural
    if lang == "ru":
        text = _RUSSIAN.ngettext(singular, plural, num)
    return text % {"num": num}


def flash(page: Page, text: str) -> Locator:
    """The flash message saying ``text`` (after a change, every page says what was done)."""
    return page.locator(".flashes").get_by_text(text, exact=True)


def open_pdf(page: Page, click, progress_shot: str) -> bytes:
    """The PDF a link or button gives, as the browser gets it: ``click()`` opens it in the tab
    (Chromium's viewer), directly or after the progress page of a job (a large PDF), whose
    "Download PDF" link appears when the file is ready (the page is then shot as
    ``progress_shot``). Its bytes are then asked for again at the address the tab shows, with the
    tab's cookies (the viewer does not give them to a script)."""
    click()
    page.wait_for_url(re.compile(r"\.pdf(\?.*)?$|/print/[a-z]+/[0-9a-f]+$"), timeout=PDF_TIMEOUT)
    if not page.url.split("?")[0].endswith(".pdf"):  # the progress page: it refreshes until the link is there
        lang = page.locator("html").get_attribute("lang")
        link = page.get_by_role("link", name=tr("Download PDF", lang))
        expect(link).to_be_visible(timeout=PDF_TIMEOUT)
        expect(page.get_by_role("status")).to_contain_text(tr("The PDF is ready.", lang))
        shoot(page, progress_shot)
        link.click()
        page.wait_for_url(re.compile(r"\.pdf$"))
    response = page.request.get(page.url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf", (
        page.url, response.status, response.headers)
    return response.body()


def keep_pdf(data: bytes, name: str) -> None:
    """The PDF beside the screenshots, for people to look at (Chromium's viewer draws it too late
    for a screenshot to show it)."""
    path = SCREENSHOTS / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def pdf_text(data: bytes) -> str:
    """The PDF's text, its lines' spaces made single (pypdf keeps the layout's runs of spaces)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[ \t]+", " ", text)
