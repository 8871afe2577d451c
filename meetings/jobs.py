"""Jobs off the request path: ``enqueue(name, *args)``, ``status(job_id)``, retries with backoff,
failures recorded and reported. The only module that knows RQ.

With ``REDIS_URL`` configured, jobs go to an RQ queue on Redis and ``flask --app wsgi jobs work``
(started by ``make run``) runs them, retries a failed one after each of JOBS_RETRY_INTERVALS
seconds, keeps the failure (its traceback) in RQ's failed registry and logs it; its scheduler also
runs the periodic tasks (``task(..., every=...)``: the outbox's pass, the purge).

Without Redis (the embedded default: `make run` on SQLite, nothing else to start), a job enqueued
during a request runs in the same process right after the response is sent (``call_on_close``, as
the outbox's inline delivery does), and one enqueued outside a request (a command) runs at once.
Its retries then follow each other without waiting (a web process should not sleep), and its
status lives in this process's memory: fine for one process; several workers need Redis. A job
still waiting INLINE_LOST_SECONDS after it was queued never got its response closed (werkzeug's
server, under `make run`, skips ``close`` when the browser resets the connection after a redirect,
as Chromium does): it is reported MISSING, the state of a lost job, which its owner queues again
(the progress page of a PDF does).

A task is a function registered by name (``@task("printing.render_pdf")``) in the module that
owns the work; a job carries only the name and plain arguments, so the queue never pickles objects
of the app and a renamed function cannot leave jobs nobody can run.
"""

import logging
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from time import monotonic

from flask import Flask, after_this_request, current_app, has_request_context
from redis import Redis, RedisError
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.job import JobStatus as RqStatus

from meetings.extensions import db

QUEUED, STARTED, FINISHED, FAILED, MISSING = "queued", "started", "finished", "failed", "missing"
ACTIVE = (QUEUED, STARTED)
_EXTENSION = "cica_jobs"
_INLINE_KEPT = 500  # statuses an in-process runner remembers (the newest)
# A job queued in a request starts as soon as its response is sent (milliseconds, the responses that
# queue jobs being redirects and short pages): waiting this long, it is lost. A job reported lost
# too early is at worst run twice (a PDF's second run finds its file there and stops).
INLINE_LOST_SECONDS = 5.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    name: str
    function: Callable
    every: str | None  # the config key of its period in seconds, for periodic tasks


@dataclass(frozen=True)
class JobStatus:
    state: str  # QUEUED, STARTED, FINISHED, FAILED or MISSING (unknown: expired, or never queued)
    error: str = ""  # the last failure's traceback (FAILED), or the failure a retry follows

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


_TASKS: dict[str, Task] = {}


def task(name: str, *, every: str | None = None) -> Callable[[Callable], Callable]:
    """Register a function as the task ``name``; ``every``: the config key of the number of seconds
    between two runs, for a task the worker runs on its own."""

    def register(function: Callable) -> Callable:
        if name in _TASKS and _TASKS[name].function is not function:
            raise ValueError(f"two tasks are named {name!r}")
        _TASKS[name] = Task(name, function, every)
        return function

    return register


def periodic_tasks() -> list[Task]:
    return [t for t in _TASKS.values() if t.every]


_WORKER_PID = [0]


def mark_worker_process() -> None:
    """Called by the worker before it starts: a job run in another process is in a forked child."""
    _WORKER_PID[0] = os.getpid()


def run(name: str, *args) -> object:
    """What every job executes, in an app context: the task ``name``. A failure is logged (the
    queue records it and retries), and the database session is left clean for the next job."""
    if _WORKER_PID[0] and os.getpid() != _WORKER_PID[0]:
        # A child forked by RQ's Worker shares its parent's pooled connections: it must not use
        # them (SQLAlchemy's advice), only forget them and open its own.
        db.engine.dispose(close=False)
    try:
        return _TASKS[name].function(*args)
    except Exception as failure:
        current_app.logger.exception("Job %s%r failed", name, args)
        _remember_error(f"{type(failure).__name__}: {failure}")
        raise
    finally:
        db.session.remove()


def _remember_error(error: str) -> None:
    """Keep a failure that RQ will retry on the job itself: RQ records only the last one."""
    job = get_current_job()
    if job is not None:
        job.meta["last_error"] = error[:2000]
        job.save_meta()


class _Runner:
    """How jobs run: on Redis with RQ, or in this process."""

    def enqueue(self, name: str, args: tuple, job_id: str | None) -> str:
        raise NotImplementedError

    def status(self, job_id: str) -> JobStatus:
        raise NotImplementedError


class InlineRunner(_Runner):
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.lock = threading.Lock()
        # Each job's status and when it was set (time.monotonic).
        self.statuses: OrderedDict[str, tuple[JobStatus, float]] = OrderedDict()
        self.counter = 0

    def _set(self, job_id: str, state: JobStatus) -> None:
        with self.lock:
            self.statuses[job_id] = (state, monotonic())
            self.statuses.move_to_end(job_id)
            while len(self.statuses) > _INLINE_KEPT:
                self.statuses.popitem(last=False)

    def enqueue(self, name: str, args: tuple, job_id: str | None) -> str:
        with self.lock:
            self.counter += 1
            job_id = job_id or f"inline-{self.counter}"
        self._set(job_id, JobStatus(QUEUED))
        if has_request_context():
            @after_this_request
            def run_after(response):
                response.call_on_close(partial(self._perform, name, args, job_id))
                return response
        else:
            self._perform(name, args, job_id)
        return job_id

    def _perform(self, name: str, args: tuple, job_id: str) -> None:
        attempts = 1 + len(self.app.config["JOBS_RETRY_INTERVALS"])
        error = ""
        for _ in range(attempts):
            self._set(job_id, JobStatus(STARTED, error))
            with self.app.app_context():
                try:
                    run(name, *args)
                except Exception as failure:  # noqa: BLE001 - recorded in the status, logged by run()
                    error = f"{type(failure).__name__}: {failure}"
                    continue
            self._set(job_id, JobStatus(FINISHED))
            return
        self._set(job_id, JobStatus(FAILED, error))

    def status(self, job_id: str) -> JobStatus:
        with self.lock:
            state, since = self.statuses.get(job_id, (JobStatus(MISSING), 0.0))
        if state.state == QUEUED and monotonic() - since > INLINE_LOST_SECONDS:
            return JobStatus(MISSING, state.error)  # its response was never closed: queued again by its owner
        return state


class RedisRunner(_Runner):
    """RQ on Redis. While Redis does not answer, jobs run in this process as without Redis (a
    PDF is still made, a mail still queued in the outbox), logged, rather than fail the request."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.connection = Redis.from_url(app.config["REDIS_URL"])
        self.queue = Queue(app.config["JOBS_QUEUE"], connection=self.connection)
        self.fallback = InlineRunner(app)

    def enqueue(self, name: str, args: tuple, job_id: str | None) -> str:
        try:
            return self._enqueue(name, args, job_id)
        except (RedisError, OSError) as error:
            log.warning("Redis unreachable (%s): job %s runs in this process", error, name)
            return self.fallback.enqueue(name, args, job_id)

    def status(self, job_id: str) -> JobStatus:
        known = self.fallback.status(job_id)
        if known.state != MISSING:
            return known
        try:
            return self._status(job_id)
        except (RedisError, OSError) as error:
            log.warning("Redis unreachable (%s): status of job %s unknown", error, job_id)
            return known

    def _enqueue(self, name: str, args: tuple, job_id: str | None) -> str:
        intervals = list(self.app.config["JOBS_RETRY_INTERVALS"])
        retry = Retry(max=len(intervals), interval=intervals) if intervals else None
        job = self.queue.enqueue(run, name, *args, job_id=job_id, retry=retry,
                                 job_timeout=self.app.config["JOBS_TIMEOUT_SECONDS"],
                                 failure_ttl=self.app.config["JOBS_KEEP_SECONDS"],
                                 result_ttl=self.app.config["JOBS_KEEP_SECONDS"],
                                 description=name)
        return job.id

    def _status(self, job_id: str) -> JobStatus:
        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return JobStatus(MISSING)
        state = job.get_status(refresh=False)
        result = job.latest_result()
        if result is not None and result.type == result.Type.FAILED and result.exc_string:
            error = result.exc_string
        else:
            error = job.meta.get("last_error", "")
        if state == RqStatus.FINISHED:
            return JobStatus(FINISHED)
        if state in (RqStatus.FAILED, RqStatus.STOPPED, RqStatus.CANCELED):
            return JobStatus(FAILED, error or str(state))
        if state == RqStatus.STARTED:
            return JobStatus(STARTED, error)
        return JobStatus(QUEUED, error)  # queued, deferred, or scheduled for a retry


def _runner() -> _Runner:
    return current_app.extensions[_EXTENSION]


def on_redis(app: Flask | None = None) -> bool:
    return isinstance((app or current_app).extensions[_EXTENSION], RedisRunner)


def enqueue(name: str, *args, job_id: str | None = None) -> str:
    """Run the task ``name`` with ``args`` (plain values) off the request path; its job id.
    With ``job_id``, a job of that id still queued or running is not queued twice."""
    if name not in _TASKS:
        raise KeyError(f"no task is named {name!r}")
    if job_id is not None and status(job_id).active:
        return job_id
    return _runner().enqueue(name, args, job_id)


def status(job_id: str) -> JobStatus:
    return _runner().status(job_id)


def redis_runner() -> RedisRunner:
    runner = _runner()
    if not isinstance(runner, RedisRunner):
        raise RuntimeError("REDIS_URL is not configured: jobs run inside the web process")
    return runner


@dataclass(frozen=True)
class Failure:
    job_id: str
    name: str
    args: tuple
    ended_at: datetime
    error: str  # the last line of the traceback


def failures() -> list[Failure]:
    """The jobs that failed after their last retry (kept JOBS_KEEP_SECONDS), newest first."""
    runner = redis_runner()
    registry = runner.queue.failed_job_registry
    found = []
    for job in Job.fetch_many(registry.get_job_ids(), connection=runner.connection):
        if job is None or job.get_status(refresh=False) != RqStatus.FAILED:  # expired, or queued again
            continue
        name, *args = job.args or ("?",)
        result = job.latest_result()
        lines = (result.exc_string or "").strip().splitlines() if result is not None else []
        found.append(Failure(job.id, name, tuple(args), job.ended_at or datetime.min, lines[-1] if lines else ""))
    return sorted(found, key=lambda f: f.ended_at, reverse=True)


def schedule_periodic() -> list[str]:
    """Queue each periodic task's first run now, unless a run of it is already queued or scheduled
    (several workers starting at once schedule it once or, at worst, twice). Each run schedules
    the one after it (``_periodic``), so the chain goes on while any worker with a scheduler runs."""
    runner = redis_runner()
    waiting = set(runner.queue.scheduled_job_registry.get_job_ids()) | set(runner.queue.get_job_ids())
    scheduled = []
    for periodic in periodic_tasks():
        if any(job_id.startswith(_periodic_prefix(periodic)) for job_id in waiting):
            continue
        _schedule_next(runner, periodic, 0)
        scheduled.append(periodic.name)
    return scheduled


def _periodic_prefix(periodic: Task) -> str:
    return f"periodic-{periodic.name.replace('.', '_')}-"  # RQ's ids: letters, digits, _ and -


def _schedule_next(runner: RedisRunner, periodic: Task, seconds: int) -> None:
    # Each run has an id of its own: the next one is scheduled while this one still runs.
    keep = current_app.config["JOBS_KEEP_SECONDS"]
    runner.queue.enqueue_in(timedelta(seconds=seconds), run, "jobs.periodic", periodic.name,
                            job_id=f"{_periodic_prefix(periodic)}{uuid.uuid4().hex[:12]}", description=periodic.name,
                            result_ttl=keep, failure_ttl=keep, job_timeout=current_app.config["JOBS_TIMEOUT_SECONDS"])


@task("jobs.periodic")
def _periodic(name: str) -> None:
    """A periodic task's run: its next run is queued first, so a failure does not end the chain."""
    periodic = _TASKS[name]
    _schedule_next(redis_runner(), periodic, current_app.config[periodic.every])
    periodic.function()


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = RedisRunner(app) if app.config["REDIS_URL"] else InlineRunner(app)
