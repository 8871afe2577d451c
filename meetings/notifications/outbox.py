"""The outbox: messages are queued in the transaction of the change that causes them, then
delivered by a worker (or, without one, right after the response: ``init_app``), retried with
backoff, and given up after ``MAIL_MAX_ATTEMPTS``.

Delivery is at least once: a worker that dies between the SMTP server's "250 OK" and its commit
leaves the message queued, and it goes again. Several workers never take the same message: each
claims its batch with FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite has one writer anyway)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app, g, has_request_context
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from meetings import audit
from meetings.domain import found
from meetings.extensions import db
from meetings.models import MessageKind, OutboxMessage, OutboxStatus, utcnow
from meetings.notifications.transport import PermanentError, open_transport
from meetings.transaction import operation, transaction

BATCH = 50  # messages per claim (and per SMTP connection)
_QUEUED_FLAG = "outbox_queued"


def stored_bytes(message: EmailMessage) -> bytes:
    """The message as it goes on the wire: RFC 5322 with CRLF line ends. Lines up to RFC 5322's
    limit of 998: folding at 78, Python breaks a long ASCII subject right after "Subject:", and
    readers (Python's own) then see it with a leading space. Non-ASCII headers fold themselves
    (feeds/mail.py, _EncodedWords)."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n", max_line_length=998))


@operation
def queue(message: EmailMessage, *, recipient: str, subject: str, kind: MessageKind, language: str,
          meeting_id: int | None, dedup_key: str | None = None, now: datetime | None = None) -> bool:
    """Store ``message`` for delivery, in the caller's transaction; False when one with the same
    ``dedup_key`` was queued before (by anyone: the database decides, under concurrency too)."""
    now = now or utcnow()
    values = {"kind": kind, "status": OutboxStatus.QUEUED, "recipient": recipient, "subject": subject[:500],
              "language": language, "meeting_id": meeting_id, "content": stored_bytes(message), "attempts": 0,
              "next_attempt_at": now, "last_error": "", "created_at": now, "dedup_key": dedup_key}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OutboxMessage).values(values).on_conflict_do_nothing(index_elements=["dedup_key"])
    # RETURNING, not rowcount: an ORM insert's rowcount is -1 on PostgreSQL.
    inserted = db.session.execute(statement.returning(OutboxMessage.id)).scalar_one_or_none() is not None
    if inserted and has_request_context():
        setattr(g, _QUEUED_FLAG, True)
    return inserted


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"


def _attempt_failed(message: OutboxMessage, error: str, now: datetime, *, permanent: bool) -> bool:
    """Count the attempt; True when the message is given up (refused for good, or out of attempts)."""
    config = current_app.config
    message.attempts += 1
    message.last_error = error[:2000]
    if permanent or message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        return True
    message.next_attempt_at = now + timedelta(seconds=config["MAIL_RETRY_SECONDS"] * 2 ** (message.attempts - 1))
    return False


def _deliver_batch(now: datetime, report: DeliveryReport) -> list[int]:
    """Claim up to BATCH due messages, send them over one connection, record each outcome."""
    with transaction():
        claimed = list(db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ))
        if not claimed:
            return []
        outcomes: dict[int, tuple[str, bool] | None] = {}  # id -> (error, permanent), None when sent
        try:
            with open_transport(current_app.config) as send:
                for message in claimed:
                    try:
                        send(message)
                    except PermanentError as error:
                        outcomes[message.id] = (str(error), True)
                    except OSError as error:  # smtplib's errors and a lost connection alike
                        outcomes[message.id] = (str(error) or type(error).__name__, False)
                    else:
                        outcomes[message.id] = None
        except OSError as error:  # no connection at all: an attempt for each message not yet tried
            for message in claimed:
                outcomes.setdefault(message.id, (str(error) or type(error).__name__, False))
        for message in claimed:
            outcome = outcomes[message.id]
            if outcome is None:
                message.attempts += 1
                message.status, message.sent_at = OutboxStatus.SENT, now
                report.sent += 1
            elif _attempt_failed(message, outcome[0], now, permanent=outcome[1]):
                report.failed += 1
            else:
                report.retrying += 1
        return [message.id for message in claimed]


def deliver_due(*, now: datetime | None = None) -> DeliveryReport:
    """Send every message that is due, batch after batch, each batch committed on its own."""
    now = now or utcnow()
    report = DeliveryReport()
    seen: set[int] = set()
    while True:
        ids = _deliver_batch(now, report)
        # A message retried at once (MAIL_RETRY_SECONDS=0) is due again: once per run is enough.
        if len(ids) < BATCH or seen.issuperset(ids):
            return report
        seen.update(ids)


@operation
def retry(message_id: int, *, user, now: datetime | None = None) -> OutboxMessage:
    """An admin's retry: the message is due now, for one more attempt at least. A sent one goes
    again too (a recipient who lost it); the audit trail says who asked."""
    message = found(db.session.get(OutboxMessage, message_id))
    before = message.status
    message.status, message.next_attempt_at, message.sent_at = OutboxStatus.QUEUED, now or utcnow(), None
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.attempts = current_app.config["MAIL_MAX_ATTEMPTS"] - 1  # one more attempt before giving up again
    audit.record(user, "outbox_message", "retried", object_id=message.id, meeting_id=message.meeting_id,
                 summary=f"E-mail to {message.recipient} queued again",
                 changes={"status": [before.value, OutboxStatus.QUEUED.value]})
    if has_request_context():
        setattr(g, _QUEUED_FLAG, True)
    return message


def counts() -> dict[tuple[OutboxStatus, MessageKind], int]:
    rows = db.session.execute(
        select(OutboxMessage.status, OutboxMessage.kind, func.count()).group_by(OutboxMessage.status, OutboxMessage.kind))
    return {(status, kind): number for status, kind, number in rows}


def queued_in_this_request() -> bool:
    """Whether this request queued a message (delivered right after its response, inline)."""
    return has_request_context() and getattr(g, _QUEUED_FLAG, False)
