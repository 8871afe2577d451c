"""The worker's pass (due reminders, then due messages) and, without a worker, the same work
done by the web process after its responses (MAIL_DELIVERY=inline).

With Redis (REDIS_URL), MAIL_DELIVERY=inline means a delivery job queued after each request that
queued mail, and the pass is a periodic task of the jobs worker (meetings/jobs.py)."""

import functools
import time

from flask import Flask

from meetings import jobs
from meetings.notifications import notices, outbox


def one_pass() -> tuple[int, outbox.DeliveryReport]:
    """What the worker does each time: queue the due reminders, deliver the due messages."""
    return notices.queue_due_reminders(), outbox.deliver_due()


@jobs.task("outbox.pass", every="JOBS_OUTBOX_PASS_SECONDS")
def pass_job() -> None:
    one_pass()


@jobs.task("outbox.deliver")
def deliver_job() -> None:
    """Deliver what is due: queued after a request that queued mail (its transaction committed)."""
    outbox.deliver_due()


def _after_response(app: Flask, *, sweep: bool) -> None:
    """Runs when the server has sent the response (WSGI close): the user never waits on SMTP, and
    a failure stays in the outbox, logged, never an error page. ``sweep``: the worker's whole
    pass (reminders too), else only the delivery of what is due."""
    with app.app_context():
        try:
            if sweep:
                one_pass()
            else:
                outbox.deliver_due()
        except Exception:  # noqa: BLE001 - the response is gone; the messages stay queued
            app.logger.exception("Delivering the outbox after a response failed")


def init_app(app: Flask) -> None:
    """Without a worker (MAIL_DELIVERY=inline): deliver right after a response that queued mail,
    and, at most every OUTBOX_INLINE_SWEEP_SECONDS per process, after any response, run the
    worker's pass (retries of failed attempts, due reminders), so `make run` needs no second process."""
    last_sweep = [float("-inf")]

    @app.after_request
    def deliver_inline(response):
        if app.config["MAIL_DELIVERY"] != "inline":
            return response
        if jobs.on_redis(app):
            # The worker delivers, and runs the pass on its own schedule. Several delivery jobs at
            # once are harmless: each message is claimed by one (outbox._deliver_batch).
            if outbox.queued_in_this_request():
                try:
                    jobs.enqueue("outbox.deliver")
                except Exception:  # noqa: BLE001 - Redis away: the messages stay queued for the pass
                    app.logger.exception("Queuing the delivery of the outbox failed")
            return response
        now = time.monotonic()
        sweep = now - last_sweep[0] >= app.config["OUTBOX_INLINE_SWEEP_SECONDS"]
        if sweep:
            last_sweep[0] = now
        if sweep or outbox.queued_in_this_request():
            response.call_on_close(functools.partial(_after_response, app, sweep=sweep))
        return response
