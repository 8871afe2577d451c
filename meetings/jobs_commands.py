"""``flask --app wsgi jobs work`` (the RQ worker, with its scheduler: retries after their wait and
the periodic tasks) and ``flask --app wsgi jobs failed`` (what failed, and why)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from meetings import jobs


@click.group("jobs")
def jobs_group() -> None:
    """Run and inspect the jobs queued on Redis (REDIS_URL)."""


def _runner() -> jobs.RedisRunner:
    try:
        return jobs.redis_runner()
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


@jobs_group.command("work")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (for cron and tests).")
@click.option("--simple", is_flag=True, help="Run each job in this process instead of a forked one.")
def work_command(burst: bool, simple: bool) -> None:
    """Run queued jobs until stopped; retries and periodic tasks (outbox, purge) on their schedule."""
    from rq import SimpleWorker, Worker

    runner = _runner()
    scheduled = jobs.schedule_periodic()
    if scheduled:
        click.echo(f"Periodic tasks scheduled: {', '.join(scheduled)}.")
    # By default each job runs in a child forked for it (RQ's Worker): the memory a big PDF takes
    # is given back when it ends. The child gets fresh database connections (jobs.run).
    worker_class = SimpleWorker if simple else Worker
    jobs.mark_worker_process()
    worker = worker_class([runner.queue], connection=runner.connection)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO" if not current_app.testing else "WARNING")


@jobs_group.command("failed")
@with_appcontext
def failed_command() -> None:
    """List the jobs that failed after their last retry, newest first, with their error."""
    failures = jobs.failures()
    for failure in failures:
        click.echo(f"{failure.ended_at:%Y-%m-%d %H:%M:%S} UTC  {failure.job_id}  {failure.name}{failure.args!r}")
        click.echo(f"    {failure.error}")
    click.echo(f"{len(failures)} failed job(s).")
