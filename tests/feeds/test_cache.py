"""The cache of built feeds: built once per key (not once per subscriber), kept compressed and sent
as the client asks, shared through Redis by every worker, still serving when Redis is away, and
never handing a meeting's file to someone who may not see the meeting."""

import gzip
import logging
from datetime import timedelta

import brotli
import pytest
import redis

from meetings.cache import MemoryCache
from meetings.feeds import services
from meetings.models import UserRole, Visibility
from tests.conftest import PASSWORD

REDIS_URL = "redis://127.0.0.1:6379/5"  # this part's own database, flushed by the tests that use it


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The feeds built (their names), whoever asked for them."""
    built: list[str] = []
    real = services.build_feed

    def counting(scope, options, **kwargs):
        built.append(f"{scope.key}:{options.lang}")
        return real(scope, options, **kwargs)

    monkeypatch.setattr(services, "build_feed", counting)
    return built


@pytest.fixture
def meeting(build, future):
    return build.meeting(title_en="Senior Officials Committee", starts_at=future, ends_at=future + timedelta(hours=8))


def test_an_unchanged_feed_is_built_once_for_every_subscriber(client, meeting, build, builds):
    first = client.get("/calendar.ics")
    for _subscriber in range(5):
        assert client.get("/calendar.ics").data == first.data
        assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert builds == ["public:::en"]
    # Russian is another feed, built once too.
    client.get("/calendar.ics?lang=ru")
    client.get("/calendar.ics", headers={"Accept-Language": "ru"})
    assert builds == ["public:::en", "public:::ru"]
    # A change the feed does not show: built again once, to the same bytes, so subscribers get 304.
    build.person()
    assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert builds == ["public:::en", "public:::ru", "public:::en"]


def test_if_modified_since_still_answers(client, meeting):
    first = client.get("/calendar.ics")
    assert first.last_modified is not None
    since = first.headers["Last-Modified"]
    assert client.get("/calendar.ics", headers={"If-Modified-Since": since}).status_code == 304


@pytest.mark.parametrize(("asked", "sent", "decode"), [
    ("gzip", "gzip", gzip.decompress),
    ("gzip, deflate, br", "br", brotli.decompress),
    ("br;q=0, gzip", "gzip", gzip.decompress),
    ("", None, bytes),
])
def test_the_body_is_sent_in_the_encoding_asked_for(client, meeting, asked, sent, decode):
    plain = client.get("/calendar.ics", headers={"Accept-Encoding": "identity"})
    response = client.get("/calendar.ics", headers={"Accept-Encoding": asked})
    assert response.headers.get("Content-Encoding") == sent
    assert decode(response.data) == plain.data
    assert response.headers["ETag"] == plain.headers["ETag"]
    assert {"accept-encoding", "accept-language"} <= {v.strip().lower() for v in response.headers["Vary"].split(",")}
    if sent is not None:
        assert len(response.data) < len(plain.data)


def test_a_public_feed_reads_no_session_and_sets_no_cookie(client, meeting, count_queries):
    with count_queries() as queries:
        response = client.get("/calendar.ics")
    assert "Set-Cookie" not in response.headers
    assert response.cache_control.public
    assert not any("login_session" in statement or '"user"' in statement for statement in queries.statements)


def test_a_feeds_language_is_never_the_sessions_or_the_accounts(client, auth, meeting, count_queries):
    auth.login(UserRole.ORGANIZER)
    client.get("/language/ru?next=/")  # the switch in the navigation, kept in the session
    client.get("/calendar.ics")
    with count_queries() as queries:
        warm = client.get("/calendar.ics")
    assert warm.headers["Content-Language"] == "en" and b"SUMMARY:Senior Officials Committee" in warm.data
    assert queries.count == 1, queries.statements  # the counter: no login session, no user loaded
    assert client.get("/calendar.ics", headers={"Accept-Language": "ru"}).headers["Content-Language"] == "ru"


def test_the_cache_of_a_meetings_file_serves_only_who_may_see_it(client, app, build, future):
    kz, cn = build.party("KZ"), build.party("CN")
    restricted = build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED, starts_at=future)
    members_only = build.meeting(title_en="Members' briefing", visibility=Visibility.MEMBERS, starts_at=future)
    build.delegation(restricted, kz)
    organizer = build.user(UserRole.ORGANIZER)
    focal_kz = build.user(UserRole.FOCAL_POINT, party_id=kz.id)
    focal_cn = build.user(UserRole.FOCAL_POINT, party_id=cn.id)

    def fetch(user, meeting):
        other = app.test_client()
        if user is not None:
            assert other.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        return other.get(f"/meetings/{meeting.id}.ics")

    built = {m.id: fetch(organizer, m) for m in (restricted, members_only)}
    assert all(r.status_code == 200 and b"BEGIN:VEVENT" in r.data for r in built.values())
    for meeting in (restricted, members_only):
        assert fetch(None, meeting).status_code == 404
    assert fetch(focal_cn, restricted).status_code == 404
    # Whoever may see it gets the same file, from the cache.
    assert fetch(focal_kz, restricted).data == built[restricted.id].data
    assert fetch(focal_cn, members_only).data == built[members_only.id].data


def test_the_process_cache_keeps_to_its_bytes_and_drops_the_least_recently_used():
    cache = MemoryCache(max_bytes=10)
    cache.set("a", b"1234")
    cache.set("b", b"5678")
    assert cache.get("a") == b"1234"  # now the most recently used
    cache.set("c", b"90ab")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1234", None, b"90ab")
    assert cache.size == 8
    cache.set("d", b"x" * 11)  # larger than the whole cache: not kept
    assert cache.get("d") is None and cache.size == 8


@pytest.fixture
def shared_redis():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    yield connection
    connection.flushdb()


def test_workers_share_built_feeds_through_redis(make_app, meeting, build, builds, shared_redis):
    first, second = (make_app(CACHE_REDIS_URL=REDIS_URL).test_client() for _ in range(2))
    built = first.get("/calendar.ics")
    assert builds == ["public:::en"]
    served = second.get("/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(served.data) == built.data
    assert builds == ["public:::en"]  # the second worker built nothing
    keys = shared_redis.keys("feed:*")
    assert len(keys) == 2 and all(shared_redis.ttl(key) > 0 for key in keys)  # the feed, and where it is
    # After a change, one worker builds it again, in place of the old version (not beside it).
    build.person()
    assert second.get("/calendar.ics").data == built.data
    assert first.get("/calendar.ics").data == built.data
    assert builds == ["public:::en", "public:::en"]
    assert len(shared_redis.keys("feed:*")) == 2


def test_a_new_window_length_is_another_feed_even_in_a_shared_cache(make_app, meeting, builds, shared_redis):
    """Redis outlives a deploy: a body cached under the old FEED_WINDOW_DAYS is not the new one's."""
    make_app(CACHE_REDIS_URL=REDIS_URL, FEED_WINDOW_DAYS=365).test_client().get("/calendar.ics")
    make_app(CACHE_REDIS_URL=REDIS_URL, FEED_WINDOW_DAYS=365).test_client().get("/calendar.ics")
    assert builds == ["public:::en"]
    make_app(CACHE_REDIS_URL=REDIS_URL, FEED_WINDOW_DAYS=30).test_client().get("/calendar.ics")
    assert builds == ["public:::en", "public:::en"]


def test_without_redis_the_process_cache_serves(make_app, meeting, builds, caplog):
    client = make_app(CACHE_REDIS_URL="redis://127.0.0.1:1/0").test_client()  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="meetings.cache"):
        first = client.get("/calendar.ics")
        again = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert (first.status_code, again.status_code) == (200, 304)
    assert b"SUMMARY:Senior Officials Committee" in first.data
    assert builds == ["public:::en"]
    assert "Redis cache unavailable" in caplog.text
