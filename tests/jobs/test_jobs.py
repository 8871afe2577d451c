"""The job queue (meetings/jobs.py): on the real Redis at 127.0.0.1:6379 with a real RQ worker
(in-process, burst mode), and in-process without Redis; retries, failures recorded and reported."""

import os
import socket
from datetime import UTC, datetime, timedelta

import pytest

from meetings import jobs
from meetings.extensions import db
from meetings.models import OutboxMessage, OutboxStatus, UserRole
from tests.conftest import PASSWORD, ServerLikeClient
from tests.printing.helpers import fetch_pdf, read_pdf

# A database of this suite's own in the local Redis, emptied before and after each test.
REDIS_URL = os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
attempts: dict[str, int] = {}


@jobs.task("tests.flaky")
def flaky(key: str, failures: int) -> str:
    """Fails ``failures`` times, then succeeds."""
    attempts[key] = attempts.get(key, 0) + 1
    if attempts[key] <= failures:
        raise ConnectionError(f"attempt {attempts[key]} of {key} failed")
    return "done"


@jobs.task("tests.broken")
def broken(reason: str) -> None:
    raise ValueError(f"broken for good: {reason}")


@pytest.fixture(autouse=True)
def forget_attempts():
    attempts.clear()


@pytest.fixture
def redis_db():
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")  # a failure under CI=true
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture
def on_redis(make_app, redis_db):
    return make_app(REDIS_URL=REDIS_URL, JOBS_RETRY_INTERVALS=(0, 0))


def work(app) -> None:
    """What `flask --app wsgi jobs work --burst --simple` does: every queued job, then stop."""
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst", "--simple"])
    assert result.exit_code == 0, result.output


def test_a_job_on_redis_waits_for_the_worker_and_is_retried_until_it_succeeds(on_redis):
    with on_redis.app_context():
        job_id = jobs.enqueue("tests.flaky", "twice", 2)
        assert jobs.status(job_id) == jobs.JobStatus(jobs.QUEUED)
    assert attempts == {}  # nothing ran in the web process
    work(on_redis)
    assert attempts == {"twice": 3}
    with on_redis.app_context():
        assert jobs.status(job_id).state == jobs.FINISHED


def test_a_job_failing_after_its_retries_is_recorded_logged_and_listed(on_redis, caplog):
    with on_redis.app_context():
        job_id = jobs.enqueue("tests.broken", "no font")
    work(on_redis)
    with on_redis.app_context():
        status = jobs.status(job_id)
        assert status.state == jobs.FAILED
        assert "ValueError: broken for good: no font" in status.error
        (failure,) = jobs.failures()
        assert (failure.job_id, failure.name, failure.args) == (job_id, "tests.broken", ("no font",))
    # Three attempts (the first and two retries), each logged with its traceback.
    assert caplog.text.count("Job tests.broken('no font',) failed") == 3
    listed = on_redis.test_cli_runner().invoke(args=["jobs", "failed"])
    assert f"{job_id}  tests.broken('no font',)" in listed.output
    assert "ValueError: broken for good: no font" in listed.output
    assert "1 failed job(s)." in listed.output


def test_retries_wait_longer_each_time(make_app, redis_db):
    app = make_app(REDIS_URL=REDIS_URL, JOBS_RETRY_INTERVALS=(30, 600))
    with app.app_context():
        job_id = jobs.enqueue("tests.flaky", "backoff", 5)
        queue = jobs.redis_runner().queue
    work(app)
    assert attempts == {"backoff": 1}  # the retry waits: not in this burst
    with app.app_context():
        assert jobs.status(job_id).state == jobs.QUEUED
        assert "attempt 1 of backoff failed" in jobs.status(job_id).error
        retry_at = queue.scheduled_job_registry.get_scheduled_time(job_id)
        assert datetime.now(UTC) + timedelta(seconds=20) < retry_at < datetime.now(UTC) + timedelta(seconds=40)
        queue.scheduled_job_registry.remove(job_id)
        queue.enqueue_job(queue.fetch_job(job_id))  # as the scheduler does once the wait is over
    work(app)
    with app.app_context():
        retry_at = queue.scheduled_job_registry.get_scheduled_time(job_id)  # the second wait, longer
        assert datetime.now(UTC) + timedelta(seconds=500) < retry_at


def test_the_same_job_id_is_not_queued_twice_while_it_waits(on_redis):
    with on_redis.app_context():
        assert jobs.enqueue("tests.flaky", "once", 0, job_id="one") == "one"
        assert jobs.enqueue("tests.flaky", "once", 0, job_id="one") == "one"
        assert len(jobs.redis_runner().queue) == 1
    work(on_redis)
    assert attempts == {"once": 1}


def test_the_worker_schedules_the_periodic_tasks_once(on_redis):
    with on_redis.app_context():
        assert sorted(jobs.schedule_periodic()) == ["outbox.pass", "printing.clean_files", "privacy.purge"]
        assert jobs.schedule_periodic() == []  # already waiting: a second worker adds none
        registry = jobs.redis_runner().queue.scheduled_job_registry
    work(on_redis)  # runs each (due now), and each schedules its next run
    with on_redis.app_context():
        waiting = {job_id.rsplit("-", 1)[0]: registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids()}
        assert sorted(waiting) == ["periodic-outbox_pass", "periodic-printing_clean_files", "periodic-privacy_purge"]
        assert waiting["periodic-outbox_pass"] > datetime.now(UTC) + timedelta(seconds=30)
        assert waiting["periodic-privacy_purge"] > datetime.now(UTC) + timedelta(hours=23)
        assert jobs.failures() == []


def test_without_redis_a_job_runs_in_the_process_with_its_retries(make_app):
    app = make_app(JOBS_RETRY_INTERVALS=(10, 60))  # no REDIS_URL
    with app.app_context():
        assert not jobs.on_redis()
        job_id = jobs.enqueue("tests.flaky", "inline", 2)  # outside a request: at once, retried at once
        assert attempts == {"inline": 3}
        assert jobs.status(job_id) == jobs.JobStatus(jobs.FINISHED)
        failed = jobs.enqueue("tests.broken", "inline")
        assert jobs.status(failed) == jobs.JobStatus(jobs.FAILED, "ValueError: broken for good: inline")
        assert jobs.status("never-queued").state == jobs.MISSING
        with pytest.raises(RuntimeError, match="REDIS_URL is not configured"):
            jobs.failures()


def test_without_redis_a_job_whose_response_never_closed_is_reported_lost_then_runs_when_queued_again(
        make_app, monkeypatch):
    """werkzeug's server (`make run`) skips a response's close() when the browser resets the
    connection after a redirect: the job queued in that request never starts. Past
    INLINE_LOST_SECONDS it is missing, as a lost job, and queued again it runs."""
    app = make_app()  # no REDIS_URL
    with app.test_request_context():
        job_id = jobs.enqueue("tests.flaky", "lost", 0, job_id="tests-lost")  # runs when the response closes
    with app.app_context():
        assert jobs.status(job_id) == jobs.JobStatus(jobs.QUEUED)
        later = jobs.monotonic() + jobs.INLINE_LOST_SECONDS + 1
        monkeypatch.setattr(jobs, "monotonic", lambda: later)
        assert jobs.status(job_id).state == jobs.MISSING
        jobs.enqueue("tests.flaky", "lost", 0, job_id=job_id)  # outside a request: at once
        assert jobs.status(job_id) == jobs.JobStatus(jobs.FINISHED)
        assert attempts == {"lost": 1}


def test_without_redis_the_worker_command_says_why_it_cannot_run(runner):
    result = runner.invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not configured" in result.output


def test_a_large_pdf_waits_for_the_worker_on_redis(make_app, redis_db, build):
    app = make_app(REDIS_URL=REDIS_URL, PDF_INLINE_MAX_HTML_BYTES=0)
    meeting = build.meeting(title_en="Senior Officials Committee")
    build.item(meeting, timedelta(hours=1), "Opening of the meeting", "Открытие заседания")
    client = ServerLikeClient(app, app.response_class, use_cookies=True)
    progress = client.get(f"/meetings/{meeting.id}/agenda.pdf").headers["Location"]
    page = client.get(progress).get_data(as_text=True)
    assert "The PDF is waiting to be prepared." in page and 'http-equiv="refresh"' in page
    # Asked again meanwhile: the same job, not a second one.
    assert client.get(f"/meetings/{meeting.id}/agenda.pdf").headers["Location"] == progress
    with app.app_context():
        assert len(jobs.redis_runner().queue) == 1
    work(app)
    page = client.get(progress).get_data(as_text=True)
    assert "The PDF is ready." in page
    assert "Opening of the meeting" in read_pdf(client.get(progress + ".pdf").data).text


def test_with_redis_down_a_large_pdf_is_still_made_in_the_process(make_app, build, caplog):
    """REDIS_URL set but nothing answers there (a worker's Redis stopped): the PDF is made as
    without Redis, and the log says why, instead of every large PDF being a 500."""
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{port}/0", PDF_INLINE_MAX_HTML_BYTES=0)
    meeting = build.meeting(title_en="Senior Officials Committee")
    build.item(meeting, timedelta(hours=1), "Opening of the meeting", "Открытие заседания")
    client = ServerLikeClient(app, app.response_class, use_cookies=True)

    response = fetch_pdf(client, f"/meetings/{meeting.id}/agenda.pdf")

    assert response.status_code == 200 and "Opening of the meeting" in read_pdf(response.data).text
    assert any("Redis unreachable" in record.getMessage() for record in caplog.records)


def test_mail_queued_in_a_request_is_delivered_by_a_job_after_commit(make_app, redis_db, build, tmp_path):
    mail_dir = tmp_path / "mail"
    app = make_app(REDIS_URL=REDIS_URL, MAIL_DELIVERY="inline", MAIL_FILE_DIR=str(mail_dir))
    party = build.party("KZ")
    build.user(UserRole.FOCAL_POINT, party_id=party.id, email="fp@mfa.example.kz")
    meeting = build.meeting(title_en="Senior Officials Committee")
    organizer = build.user(UserRole.ORGANIZER)
    client = ServerLikeClient(app, app.response_class, use_cookies=True)
    client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    response = client.post(f"/meetings/{meeting.id}/delegations/invite", data={"parties": [party.id]})
    assert response.status_code == 302
    with app.app_context():
        assert [m.status for m in db.session.scalars(db.select(OutboxMessage))] == [OutboxStatus.QUEUED]
        (job,) = jobs.redis_runner().queue.jobs
        assert job.args == ("outbox.deliver",)
    assert not mail_dir.exists() or not list(mail_dir.iterdir())  # the web process sent nothing
    work(app)
    with app.app_context():
        assert [m.status for m in db.session.scalars(db.select(OutboxMessage))] == [OutboxStatus.SENT]
    assert len(list(mail_dir.glob("*.eml"))) == 1
