"""HTTP that helps every cache (meetings/http.py): compression, fingerprinted static files, a
public policy with an ETag for public pages, no cookie where none is needed, the language switch."""

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import Response, render_template_string, url_for

from config import BASE_DIR
from meetings.extensions import db
from meetings.feeds import tokens
from meetings.http import StaticManifest
from meetings.models import UserRole, Visibility
from meetings.printing.pdf import render_pdf

STATIC_CSS = re.compile(r'href="(/static/css/app\.([0-9a-f]{12})\.css)"')


def decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.fixture
def public(build):
    meeting = build.meeting(title_en="Open forum")
    for n in range(12):  # a feed and an agenda of some size: worth compressing
        build.item(meeting, title_en=f"Session {n} on confidence building measures in Asia")
    return meeting


# --- compression ------------------------------------------------------------------------------


def fingerprinted_css(client) -> str:
    match = STATIC_CSS.search(client.get("/").get_data(as_text=True))
    assert match, "the page links no fingerprinted stylesheet"
    return match[1]


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_text_is_compressed_and_decodes_to_the_same_bytes(client, public, encoding):
    for url in ["/", f"/meetings/{public.id}", "/calendar.ics", fingerprinted_css(client)]:
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        packed = client.get(url, headers={"Accept-Encoding": encoding})
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.vary and "Accept-Encoding" in plain.vary, url
        body = packed.get_data()
        assert len(body) < len(plain.get_data()), url
        assert decoded(packed) == plain.get_data(), url  # once: no second layer


def test_a_body_already_encoded_is_left_alone(make_app):
    """The feeds' cache serves stored gzip bodies with their Content-Encoding: not packed again."""
    app = make_app()
    stored = gzip.compress(b"BEGIN:VCALENDAR\r\n" * 400)
    app.add_url_rule("/stored.ics", "stored",
                     lambda: Response(stored, mimetype="text/calendar", headers={"Content-Encoding": "gzip"}))
    for accepted in ("gzip", "br", "gzip, br"):
        response = app.test_client().get("/stored.ics", headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.get_data() == stored


def test_pdfs_are_not_compressed_and_carry_a_validator(client, public):
    url = f"/meetings/{public.id}/agenda.pdf"
    first = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert "Content-Encoding" not in first.headers
    assert first.get_data().startswith(b"%PDF")
    assert first.cache_control.public and first.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip, br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


# --- static files -----------------------------------------------------------------------------


def test_pages_link_static_files_by_fingerprint_cached_for_good(client):
    url = fingerprinted_css(client)
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_data() == (BASE_DIR / "static" / "css" / "app.css").read_bytes()
    assert response.cache_control.public and response.cache_control.immutable
    assert response.cache_control.max_age == 31536000
    assert "Cookie" not in response.vary and "Set-Cookie" not in response.headers
    assert "/static/js/copy." in client.get("/").get_data(as_text=True)


def test_plain_and_stale_static_names_still_work_briefly(client):
    current = (BASE_DIR / "static" / "css" / "app.css").read_bytes()
    for url in ["/static/css/app.css", "/static/css/app.000000000000.css"]:  # the second: a past deployment's
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get_data() == current, url
        assert response.cache_control.max_age == 600 and not response.cache_control.immutable, url
    assert client.get("/static/css/nothing.000000000000.css").status_code == 404


def test_print_css_reaches_pdfs_through_its_fingerprinted_name(app, app_context):
    with app.test_request_context("/"):
        url = url_for("static", filename="css/print.css")
        assert re.fullmatch(r"/static/css/print\.[0-9a-f]{12}\.css", url)
        html = render_template_string('<link rel="stylesheet" href="{{ u }}"><p>Agenda</p>', u=url)
        assert render_pdf(html).startswith(b"%PDF")  # a missing stylesheet fails the rendering


# --- public pages: policy, validator, no cookie -----------------------------------------------


def public_pages(meeting) -> list[str]:
    return ["/", "/calendar", f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/agenda", "/parties"]


def test_public_pages_have_a_policy_and_answer_304(client, public):
    for url in public_pages(public):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.cache_control.public and first.cache_control.max_age == 60, url
        etag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b"", url
        assert again.headers["ETag"] == etag, url


def test_a_compressed_page_answers_304_to_its_own_etag(client, public):
    url = f"/meetings/{public.id}"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"].endswith(':gzip"')
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_the_etag_follows_the_page(client, public, app_context):
    url = f"/meetings/{public.id}"
    before = client.get(url).headers["ETag"]
    public.title_en = "Open forum on water"
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": before})
    assert changed.status_code == 200 and changed.headers["ETag"] != before


def test_no_cookie_for_anonymous_readers_of_public_pages(client, public):
    for url in [*public_pages(public), f"/meetings/{public.id}/agenda.pdf", "/calendar.ics",
                f"/meetings/{public.id}.ics", "/api/v1/meetings", fingerprinted_css(client)]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url


def test_a_page_with_a_form_may_set_a_cookie_but_keeps_it_private(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert "Set-Cookie" not in client.get("/").headers  # the language switch needs no token
    login = client.get("/login")  # a real form: its CSRF token lives in the session, this visitor's only
    assert "Set-Cookie" in login.headers
    assert login.headers["Cache-Control"] == "private, no-store" and "ETag" not in login.headers


def test_vary_names_what_the_answer_depends_on(client, public):
    negotiated = client.get("/")
    assert {"Accept-Language", "Cookie", "Accept-Encoding"} <= set(negotiated.vary)
    assert "Accept-Language" not in client.get("/?lang=ru").vary  # the address says the language
    assert not {"Cookie", "Accept-Language"} & set(client.get(fingerprinted_css(client)).vary)


def test_feeds_never_set_a_cookie_even_for_a_logged_in_user(client, auth, build, public):
    user = auth.login(UserRole.DELEGATE)
    token = tokens.issue_token(person_id=user.person_id, label="test")
    with client.session_transaction() as session:
        session.permanent = True  # refreshed on every answer (SESSION_REFRESH_EACH_REQUEST)...
    assert "Set-Cookie" in client.get("/").headers  # ...such as a page's
    for url in ["/calendar.ics", f"/meetings/{public.id}.ics", f"/feeds/{token}.ics"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url


def test_private_answers_stay_private(client, auth, build, public):
    restricted = build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED)
    auth.login(UserRole.ORGANIZER)
    for url in ["/account", f"/meetings/{restricted.id}", f"/meetings/{public.id}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response.headers, url


def test_a_page_showing_a_flash_is_not_public(client, auth, public):
    auth.login(UserRole.STAFF)
    auth.logout()
    page = client.get("/")
    assert "You are logged out." in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store" and "ETag" not in page.headers


# --- the language switch ----------------------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_language_switch_works_for_everyone(client, auth, public, logged_in):
    if logged_in:
        auth.login(UserRole.STAFF)
    page = client.get(f"/meetings/{public.id}?lang=en&x=1").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" rel="nofollow" hreflang="ru"', page)[1].replace("&amp;", "&")
    assert link == f"/language/ru?next=/meetings/{public.id}?x%3D1"  # no ?lang= to outvote the choice
    response = client.get(link)
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{public.id}?x=1"
    assert "Set-Cookie" in response.headers and response.headers["Cache-Control"] == "private, no-store"
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.get("/language/en?next=/")
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_after_the_switch_public_pages_stay_cookie_free_and_cacheable(client, public):
    """The chosen language rides in the session cookie the switch set: later pages only read it
    (no new cookie, no login to guard), so they stay public, varying by the cookie."""
    client.get("/language/ru?next=/")
    for url in ("/", f"/meetings/{public.id}"):
        response = client.get(url)
        assert response.status_code == 200 and '<html lang="ru">' in response.get_data(as_text=True), url
        assert "Set-Cookie" not in response.headers, (url, response.headers.get_all("Set-Cookie"))
        assert response.headers["Cache-Control"].startswith("public"), url
        assert "Cookie" in response.vary, url


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x",
                                    "/\r\nX-Injected: 1", "/\t/evil.example"])
def test_the_language_switch_refuses_to_send_readers_elsewhere(client, target):
    response = client.get("/language/ru", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_switch_followed_from_another_site_changes_nothing(client):
    response = client.get("/language/ru?next=/", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 302 and "Set-Cookie" not in response.headers
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Set-Cookie" not in client.get("/language/klingon?next=/").headers


def test_the_manifest_names_every_static_file():
    manifest = StaticManifest(BASE_DIR / "static")
    for path in (BASE_DIR / "static").rglob("*.css"):
        name = path.relative_to(BASE_DIR / "static").as_posix()
        fingerprinted = manifest.url_name(name)
        assert fingerprinted != name and manifest.resolve(fingerprinted) == (name, True)
    assert Path(manifest.url_name("fonts/LICENSE")).name == "LICENSE"  # no suffix: no fingerprint place


def test_a_compressed_feed_answers_304_to_its_own_etag(client, public):
    first = client.get("/calendar.ics", headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br"
    again = client.get("/calendar.ics", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "Set-Cookie" not in again.headers
