"""What browsers and crawlers ask every site for: an icon and the crawling rules."""

import io

from PIL import Image


def test_the_favicon_is_an_icon_of_the_site(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    # Cached by browsers for a day, then revalidated without the bytes.
    assert client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_every_page_links_its_icons(client):
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in html
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_robots_keep_crawlers_to_the_public_calendar(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert rules[0] == "User-agent: *"
    for private in ("/feeds/", "/manage/", "/desk/", "/api/", "/account", "/login"):
        assert f"Disallow: {private}" in rules
    assert "Allow: /" in rules


def test_pages_describe_themselves_in_the_readers_language(client):
    english = client.get("/?lang=en").get_data(as_text=True)
    russian = client.get("/?lang=ru").get_data(as_text=True)
    assert '<meta name="description" content="Calendar of the meetings of the Conference' in english
    assert '<meta name="description" content="Календарь мероприятий' in russian
