"""Failed logins are limited per account and per client address, in Redis when configured."""

import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from meetings.models import UserRole
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"
WRONG = "not the password at all"
LOCKED = "Too many failed logins."
CSRF = re.compile(r'name="csrf_token" value="[^"]*"')  # signed with the time: differs between any two pages


def attempt(client, email, password=WRONG):
    return client.post("/login", data={"email": email, "password": password})


def test_an_account_locks_after_five_failures_known_or_not(client, build):
    user = build.user(UserRole.STAFF)
    answers = {}
    for email in (user.email, "nobody@example.org"):
        failures = [attempt(client, email) for _ in range(5)]
        assert all(r.status_code == 200 and "Wrong e-mail or password." in r.get_data(as_text=True) for r in failures)
        locked = attempt(client, email, PASSWORD)  # the right password is refused too
        body = locked.get_data(as_text=True)
        assert locked.status_code == 429 and LOCKED in body and "try again in 15 minutes" in body
        assert f'value="{email}"' in body and PASSWORD not in body
        answers[email] = [CSRF.sub("", r.get_data(as_text=True)).replace(email, "E-MAIL") for r in (failures[0], locked)]
    # Whether the account exists, the answers are the same.
    assert answers[user.email] == answers["nobody@example.org"]
    assert client.get("/account").status_code == 302
    # Another account from the same address is not locked by them.
    other = build.user(UserRole.STAFF)
    assert attempt(client, other.email, PASSWORD).status_code == 302


def test_the_lock_out_speaks_russian(client, build):
    client.get("/language/ru?next=/")
    for _ in range(5):
        attempt(client, "nobody@example.org")
    body = attempt(client, "nobody@example.org").get_data(as_text=True)
    assert "Слишком много неудачных попыток входа" in body


def test_only_failures_count_and_the_e_mail_is_compared_normalised(client, build):
    user = build.user(UserRole.STAFF)
    for _ in range(8):
        assert attempt(client, user.email, PASSWORD).status_code == 302
        client.post("/logout")
    for email in (user.email.upper(), user.email, user.email.title(), user.email.swapcase().title(), user.email):
        assert attempt(client, email).status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 429
    # An empty form is no guess at a password: it is not counted and shows its errors.
    assert client.post("/login", data={"email": "", "password": ""}).status_code == 200


def test_an_address_locks_after_its_own_limit(make_app, build):
    app = make_app(LOGIN_FAILURE_LIMIT_PER_ADDRESS="3 per 15 minutes")
    client = app.test_client()
    user = build.user(UserRole.STAFF)
    for n in range(3):
        assert attempt(client, f"guess{n}@example.org").status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert attempt(elsewhere, user.email, PASSWORD).status_code == 302


def test_an_unknown_account_costs_as_much_as_a_known_one(client, build):
    """A password hash is checked either way, so the time of the answer does not tell whether
    the account exists (before: about 0.3 s against under 0.04 s)."""
    user = build.user(UserRole.STAFF)

    def median_time(email):
        times = []
        for n in range(3):
            started = time.perf_counter()
            attempt(client, email.replace("@", f"+{n}@") if email.startswith("nobody") else email)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    known, unknown = median_time(user.email), median_time("nobody@example.org")
    assert unknown > known * 0.5, (known, unknown)


# --- shared limits: two workers, one Redis --------------------------------------------------------

# One gunicorn worker: its own process, its own app and limiter, the same database and storage.
WORKER = """
import json, sys
from config import TestConfig
from meetings import create_app
database, storage, prefix, email, failures, password = sys.argv[1:]
settings = {"SQLALCHEMY_DATABASE_URI": database, "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix}
client = create_app(type("Worker", (TestConfig,), settings)).test_client()
codes = [client.post("/login", data={"email": email, "password": "wrong, wrong, wrong"}).status_code
         for _ in range(int(failures))]
if password:
    codes.append(client.post("/login", data={"email": email, "password": password}).status_code)
print(json.dumps(codes))
"""


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the Redis at 127.0.0.1:6379; its keys are removed after.
    No Redis: a skip with the reason, which CI (CI=true) turns into a failure."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def run_worker(database_url, storage, prefix, email, failures, password=""):
    result = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, storage, prefix, email, str(failures), password],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=os.environ | {"PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_workers_share_one_limit_in_redis(database_url, build, redis_prefix):
    user = build.user(UserRole.STAFF)
    assert run_worker(database_url, REDIS_URL, redis_prefix, user.email, 3) == [200, 200, 200]
    # The other worker has seen two failures only, but the account has had five.
    assert run_worker(database_url, REDIS_URL, redis_prefix, user.email, 2, PASSWORD) == [200, 200, 429]


def test_workers_counting_in_memory_each_allow_the_whole_limit(database_url, build):
    """Why production needs Redis: the same spread of failures locks nothing."""
    user = build.user(UserRole.STAFF)
    assert run_worker(database_url, "memory://", "", user.email, 3) == [200, 200, 200]
    assert run_worker(database_url, "memory://", "", user.email, 2, PASSWORD) == [200, 200, 302]


def test_with_redis_unreachable_each_worker_counts_in_memory(make_app, build):
    """Limits stay (per worker) and logins answer, rather than every login failing with a 500."""
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()  # nothing listens there
    user = build.user(UserRole.STAFF)
    assert [attempt(client, user.email).status_code for _ in range(5)] == [200] * 5
    assert attempt(client, user.email, PASSWORD).status_code == 429
