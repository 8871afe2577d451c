"""``flask --app wsgi outbox send`` (one pass: due reminders, then due messages; for cron and
tests) and ``flask --app wsgi outbox work`` (the same pass again and again)."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from meetings.extensions import db
from meetings.notifications import outbox, worker


@click.group("outbox")
def outbox_group() -> None:
    """Deliver the e-mail outbox."""


def one_pass() -> outbox.DeliveryReport:
    reminders, report = worker.one_pass()
    if reminders or report.sent or report.retrying or report.failed:
        click.echo(f"Reminders queued: {reminders}; messages: {report}.")
    return report


@outbox_group.command("send")
@with_appcontext
def send_command() -> None:
    """Queue due reminders and deliver every due message once."""
    one_pass()


@outbox_group.command("work")
@with_appcontext
@click.option("--passes", type=int, default=0, help="Stop after this many passes (0: run until stopped).")
def work_command(passes: int) -> None:
    """Deliver due messages and reminders until stopped, every OUTBOX_POLL_SECONDS."""
    done = 0
    while not passes or done < passes:
        try:
            one_pass()
        except Exception:  # noqa: BLE001 - a lost database: log it, keep the worker alive
            current_app.logger.exception("An outbox pass failed")  # session.remove() below rolls back
        done += 1
        if not passes or done < passes:
            time.sleep(current_app.config["OUTBOX_POLL_SECONDS"])
        db.session.remove()  # each pass reads the database afresh
