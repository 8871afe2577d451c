"""Calendar links: subscriptions first (our UIDs, updates follow), the download second and said to
be a one-time copy; no one-off "add event" links that copy a meeting under a foreign UID."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from meetings.feeds.links import SubscriptionLinks, subscription_links, webcal_url
from meetings.models import MeetingStatus, UserRole, Visibility
from tests.conftest import FreshRequestClient

HOST = "cica.example.org"
BASE = f"https://{HOST}"
ONE_OFF = ("action=TEMPLATE", "deeplink/compose", "rru=addevent")
ROOT = Path(__file__).resolve().parents[2]


class Page(HTMLParser):
    """The hrefs of a page, its fields' values by id, and its text by element id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.values: dict[str, str] = {}
        self.downloads: list[dict[str, str]] = []
        self.texts: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
            if "download" in attrs:
                self.downloads.append(attrs)
        if tag == "input" and "id" in attrs:
            self.values[attrs["id"]] = attrs.get("value", "")
        if tag == "p" and "id" in attrs:
            self._open.append(attrs["id"])
            self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "p" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            self.texts[element_id] += data

    def text(self, element_id: str) -> str:
        return " ".join(self.texts[element_id].split())


class ClientOfTheHost(FreshRequestClient):
    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", BASE)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    """Every request (the login too) to https://cica.example.org: the links follow the request."""
    app.test_client_class = ClientOfTheHost
    return app.test_client()


def page(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.get_data(as_text=True))


def expected(feed_path: str, name: str) -> SubscriptionLinks:
    """Written out by hand, not through the code under test."""
    https = f"{BASE}{feed_path}"
    webcal = f"webcal://{HOST}{feed_path}"
    return SubscriptionLinks(
        https=https,
        webcal=webcal,
        google="https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        outlook_com="https://outlook.live.com/calendar/0/addfromweb?url=" + quote(https, safe="")
        + "&name=" + quote(name, safe=""),
    )


# --- the links themselves, without an app ---

def test_webcal_keeps_host_path_and_query():
    assert webcal_url("https://h.example/calendar.ics?type=SOC&lang=ru") == "webcal://h.example/calendar.ics?type=SOC&lang=ru"
    assert webcal_url("http://127.0.0.1:5077/meetings/3.ics") == "webcal://127.0.0.1:5077/meetings/3.ics"
    with pytest.raises(ValueError):
        webcal_url("webcal://h.example/calendar.ics")


def test_subscription_links_encode_the_whole_feed_address():
    links = subscription_links("https://h.example/calendar.ics?type=SOC&lang=ru", "CICA meetings: SOC & Co")
    assert links == SubscriptionLinks(
        https="https://h.example/calendar.ics?type=SOC&lang=ru",
        webcal="webcal://h.example/calendar.ics?type=SOC&lang=ru",
        # The feed's "&lang=ru" stays inside cid and url instead of becoming Google's or Outlook's parameter.
        google="https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fh.example%2Fcalendar.ics%3Ftype%3DSOC%26lang%3Dru",
        outlook_com="https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fh.example%2Fcalendar.ics"
        "%3Ftype%3DSOC%26lang%3Dru&name=CICA%20meetings%3A%20SOC%20%26%20Co",
    )
    russian = subscription_links("https://h.example/meetings/1.ics?lang=ru", "Заседание")
    assert russian.outlook_com.endswith("&name=%D0%97%D0%B0%D1%81%D0%B5%D0%B4%D0%B0%D0%BD%D0%B8%D0%B5")


# --- the meeting's page ---

def assert_subscription(p: Page, links: SubscriptionLinks, field_id: str) -> None:
    assert links.webcal in p.hrefs
    assert links.google in p.hrefs
    assert links.outlook_com in p.hrefs
    assert p.values[field_id] == links.https
    # Subscriptions come before the one-time copy.
    assert p.hrefs.index(links.webcal) < p.hrefs.index(p.downloads[0]["href"])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_public_meeting_page_offers_the_meeting_feed_to_anyone(client, build, lang):
    meeting = build.meeting(title_en="SOC & Partners, 2nd", title_ru="Заседание СДЛ")
    p = page(client, f"/meetings/{meeting.id}?lang={lang}")
    title = {"en": "SOC & Partners, 2nd", "ru": "Заседание СДЛ"}[lang]
    assert_subscription(p, expected(f"/meetings/{meeting.id}.ics?lang={lang}", title), "meeting-feed-url")
    assert [d["href"] for d in p.downloads] == [f"/meetings/{meeting.id}.ics?lang={lang}"]
    assert p.downloads[0]["aria-describedby"] == "download-hint"
    assert p.text("download-hint") == {
        "en": "A one-time copy: your calendar will not learn of later changes, such as a postponement or a "
              "cancellation. To stay up to date, subscribe instead (above).",
        "ru": "Разовая копия: последующие изменения, например перенос или отмена мероприятия, в вашем "
              "календаре не отразятся. Чтобы получать обновления, воспользуйтесь подпиской (см. выше).",
    }[lang]
    assert f"{BASE}/account" not in p.hrefs and "/account#calendar" not in p.hrefs


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_public_meeting_page_for_a_member_says_it_is_already_in_their_personal_calendar(client, auth, build, lang):
    meeting = build.meeting(title_en="Open SOC", title_ru="Открытое СДЛ")
    user = auth.login(UserRole.DELEGATE)
    build.registration(meeting, person=user.person)
    p = page(client, f"/meetings/{meeting.id}?lang={lang}")
    title = {"en": "Open SOC", "ru": "Открытое СДЛ"}[lang]
    assert_subscription(p, expected(f"/meetings/{meeting.id}.ics?lang={lang}", title), "meeting-feed-url")
    assert "/account#calendar" in p.hrefs


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_members_meeting_page_sends_a_member_to_the_personal_feed(client, auth, build, lang):
    meeting = build.meeting(title_en="Closed SOC", visibility=Visibility.MEMBERS)
    person = build.person(party_id=build.party("KZ").id)
    auth.login(UserRole.DELEGATE, person_id=person.id)
    build.registration(meeting, person=person)
    response = client.get(f"/meetings/{meeting.id}?lang={lang}")
    body = response.get_data(as_text=True)
    p = Page(body)
    # The meeting's own feed needs a login that calendar applications do not have: not offered.
    assert not [href for href in p.hrefs if href.startswith("webcal:") or "calendar.google.com" in href
                or "outlook.live.com" in href]
    assert "/account#calendar" in p.hrefs
    assert {"en": "Subscribe to my personal calendar", "ru": "Подписаться на мой личный календарь"}[lang] in body
    assert [d["href"] for d in p.downloads] == [f"/meetings/{meeting.id}.ics?lang={lang}"]
    assert p.text("download-hint").startswith({"en": "A one-time copy:", "ru": "Разовая копия:"}[lang])
    assert p.text("download-hint").endswith({"en": "(above).", "ru": "(см. выше)."}[lang])


def test_members_meeting_outside_the_personal_feed_says_so(client, auth, build):
    meeting = build.meeting(title_en="Closed SOC", visibility=Visibility.MEMBERS)
    auth.login(UserRole.DELEGATE, person_id=build.person(party_id=build.party("KZ").id).id)  # not registered
    p = page(client, f"/meetings/{meeting.id}")
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "it is not in your personal calendar" in body
    assert "/account#calendar" not in p.hrefs
    assert p.text("download-hint") == ("A one-time copy: your calendar will not learn of later changes, such as a "
                                       "postponement or a cancellation.")


def test_a_secretariat_member_follows_a_members_meeting_through_the_personal_feed(client, auth, build):
    meeting = build.meeting(title_en="Closed SOC", visibility=Visibility.MEMBERS)
    auth.login(UserRole.STAFF)
    p = page(client, f"/meetings/{meeting.id}")
    assert "/account#calendar" in p.hrefs


def test_a_draft_offers_no_calendar_links(client, auth, build):
    meeting = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT)
    auth.login(UserRole.ORGANIZER)
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "calendars receive it once it is published" in body
    assert "webcal:" not in body and not Page(body).downloads


# --- the calendar pages ---

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_calendar_page_subscribes_to_the_public_feed_with_its_type_filter(client, build, lang):
    soc = build.meeting_type("SOC")
    p = page(client, f"/calendar?view=list&type=SOC&lang={lang}")
    name = {"en": f"CICA meetings: {soc.name_en}", "ru": f"Мероприятия СВМДА: {soc.name_ru}"}[lang]
    links = expected(f"/calendar.ics?type=SOC&lang={lang}", name)
    assert [h for h in p.hrefs if h.startswith("webcal:")] == [links.webcal]
    assert links.google in p.hrefs and links.outlook_com in p.hrefs
    assert p.values["calendar-feed-url"] == links.https


def test_front_page_subscribes_to_the_whole_public_feed(client, build):
    p = page(client, "/")
    links = expected("/calendar.ics?lang=en", "CICA meetings")
    assert [h for h in p.hrefs if h.startswith("webcal:")] == [links.webcal]
    assert links.google in p.hrefs and links.outlook_com in p.hrefs


def test_a_new_personal_address_comes_with_the_same_subscription_links(client, auth):
    auth.login(UserRole.STAFF)
    client.post("/account/feeds", data={"label": "phone"})
    p = page(client, "/account")
    url = p.values["new-feed-url"]
    assert url.startswith(f"{BASE}/feeds/")
    links = subscription_links(url, "My CICA meetings")
    assert links.webcal in p.hrefs and links.google in p.hrefs and links.outlook_com in p.hrefs


# --- no one-off copies anywhere ---

@pytest.mark.parametrize("who", [None, UserRole.DELEGATE, UserRole.ORGANIZER])
def test_no_page_offers_a_one_off_copy_with_a_foreign_uid(client, auth, build, who):
    public = build.meeting(title_en="Open SOC")
    members = build.meeting(title_en="Closed SOC", visibility=Visibility.MEMBERS)
    if who is not None:
        auth.login(who, **({"person_id": build.person(party_id=build.party("KZ").id).id}
                           if who is UserRole.DELEGATE else {}))
    urls = ["/", "/calendar", "/calendar?view=list", "/calendar?view=year", "/calendar?view=list&type=SOC",
            f"/meetings/{public.id}", f"/meetings/{public.id}?lang=ru"]
    if who is not None:
        urls += [f"/meetings/{members.id}", "/account"]
    if who is UserRole.ORGANIZER:
        urls += [f"/manage/meetings/{public.id}/invitations"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert not [marker for marker in ONE_OFF if marker in body], url


def test_no_template_or_module_builds_a_one_off_copy():
    sources = [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("meetings").rglob("*.py"),
               *ROOT.joinpath("static").rglob("*.js")]
    found = [str(path.relative_to(ROOT)) for path in sources
             if any(marker in path.read_text(encoding="utf-8") for marker in ONE_OFF)]
    assert found == []
