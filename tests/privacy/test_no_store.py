"""`Cache-Control: no-store` on every answer with personal data or a non-public meeting, and on
every answer to a logged-in user; public pages and feeds for anonymous readers stay cacheable."""

import pytest

from meetings.feeds import tokens
from meetings.models import UserRole, Visibility

# (who asks, URL): {m} a restricted meeting, {p} a person registered for it, {t} a personal feed token.
PRIVATE = [
    ("organizer", "/meetings/{m}"),
    ("organizer", "/meetings/{m}.ics"),
    ("organizer", "/meetings/{m}/agenda"),
    ("organizer", "/meetings/{m}/agenda.pdf"),
    ("organizer", "/api/v1/meetings/{m}"),
    ("organizer", "/meetings/{m}/participants"),
    ("organizer", "/meetings/{m}/participants.csv"),
    ("organizer", "/meetings/{m}/participants.xlsx"),
    ("organizer", "/meetings/{m}/participants/print"),
    ("organizer", "/meetings/{m}/badges.pdf"),
    ("organizer", "/people/{p}"),
    ("organizer", "/people/{p}/export.json"),
    ("organizer", "/account"),
    ("organizer", "/"),  # a logged-in user's page: it names them
    ("anonymous", "/feeds/{t}.ics"),  # no login, but someone's meetings
]
PUBLIC = ["/", "/calendar", "/calendar.ics", "/meetings/{public}", "/meetings/{public}.ics", "/api/v1/meetings"]


@pytest.fixture
def urls(build):
    restricted = build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED)
    build.item(restricted)
    registration = build.registration(restricted, "KZ", passport_number="N12121212")
    public = build.meeting(title_en="Open forum")
    token = tokens.issue_token(person_id=registration.person_id, label="test")
    return {"m": restricted.id, "p": registration.person_id, "t": token, "public": public.id}


@pytest.mark.parametrize("who, url", PRIVATE)
def test_private_answers_are_never_stored(client, auth, urls, who, url):
    if who == "organizer":
        auth.login(UserRole.ORGANIZER)
    response = client.get(url.format(**urls))
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Pragma"] == "no-cache"


@pytest.mark.parametrize("url", PUBLIC)
def test_public_answers_for_anonymous_readers_stay_cacheable(client, urls, url):
    response = client.get(url.format(**urls))
    assert response.status_code == 200, url
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Pragma" not in response.headers


def test_the_public_feed_keeps_its_caching(client, urls):
    first = client.get("/calendar.ics")
    assert first.cache_control.public and first.cache_control.max_age == 15 * 60
    again = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_static_files_keep_their_caching_for_logged_in_users(client, auth):
    auth.login(UserRole.ORGANIZER)
    response = client.get("/static/css/app.css")
    response.close()  # the file it streams
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
