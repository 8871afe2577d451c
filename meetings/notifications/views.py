"""The outbox for administrators: every message with its status, filtered by status and kind, one
message read as its recipient's mail client would (headers, text, attachments), and a retry."""

import email
from dataclasses import dataclass
from email import policy

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext as _lp
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from meetings.domain import found
from meetings.extensions import db
from meetings.i18n import language_name
from meetings.models import MessageKind, OutboxMessage, OutboxStatus, UserRole
from meetings.models.base import MAX_ID
from meetings.notifications import outbox
from meetings.query import choice_arg, int_arg
from meetings.security import mark_private, role_required

bp = Blueprint("notifications", __name__, url_prefix="/admin")
admin_required = role_required(UserRole.ADMIN)
PAGE = 100

# Own labels: the words are StrEnum values that other vocabularies share ("sent", "cancellation").
STATUS_LABELS = {
    OutboxStatus.QUEUED: _lp("e-mail", "Queued"),
    OutboxStatus.SENT: _lp("e-mail", "Sent"),
    OutboxStatus.FAILED: _lp("e-mail", "Failed"),
}
# In context: "Cancellation" alone is the word that leaves a form («Отмена»), not an e-mail.
KIND_LABELS = {
    MessageKind.INVITATION: _lp("kind of e-mail", "Invitation"),
    MessageKind.UPDATE: _lp("kind of e-mail", "Updated invitation"),
    MessageKind.CANCELLATION: _lp("kind of e-mail", "Cancellation"),
    MessageKind.PARTY_INVITATION: _lp("kind of e-mail", "Invitation of a party"),
    MessageKind.REMINDER: _lp("kind of e-mail", "Reminder"),
    MessageKind.NOTICE: _lp("kind of e-mail", "Notice of a change"),
}


# The headers an admin reads, named in the page's language; their values are shown as sent.
HEADERS = {"From": _lp("e-mail header", "From"), "To": _lp("e-mail header", "To"),
           "Subject": _lp("e-mail header", "Subject"), "Date": _lp("e-mail header", "Date"),
           "Message-ID": _lp("e-mail header", "Message ID")}


@bp.app_context_processor
def outbox_labels():
    return {"outbox_status_label": lambda s: str(STATUS_LABELS[s]), "outbox_kind_label": lambda k: str(KIND_LABELS[k]),
            "language_name": language_name}


@bp.get("/outbox")
@admin_required
def index():
    mark_private()
    status = choice_arg(request.args, "status", OutboxStatus)
    kind = choice_arg(request.args, "kind", MessageKind)
    before = int_arg(request.args, "before", 1, MAX_ID)
    statement = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE + 1)
    if status:
        statement = statement.where(OutboxMessage.status == status)
    if kind:
        statement = statement.where(OutboxMessage.kind == kind)
    if before:
        statement = statement.where(OutboxMessage.id < before)
    messages = list(db.session.scalars(statement))
    older = messages[PAGE - 1].id if len(messages) > PAGE else None
    counted = outbox.counts()
    filters = {name: value.value for name, value in (("status", status), ("kind", kind)) if value}
    return render_template(
        "notifications/outbox.html", messages=messages[:PAGE], older=older, before=before, filters=filters,
        status=status, kind=kind, statuses=list(OutboxStatus), kinds=list(MessageKind),
        by_status={s: sum(n for (st, _k), n in counted.items() if st is s) for s in OutboxStatus},
        by_kind={k: sum(n for (_s, kd), n in counted.items() if kd is k) for k in MessageKind})


@dataclass
class Attachment:
    filename: str
    content_type: str
    size: int


def _read(content: bytes) -> tuple[email.message.EmailMessage, str, list[Attachment]]:
    """The message as a mail client reads it: headers, its plain text, and what is attached."""
    message = email.message_from_bytes(content, policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    attachments = [Attachment(part.get_filename() or "", part.get_content_type(), len(part.get_payload(decode=True)))
                   for part in message.walk()
                   if not part.is_multipart() and part is not body]
    return message, text, attachments


@bp.get("/outbox/<int:message_id>")
@admin_required
def message(message_id: int):
    mark_private()
    row = found(db.session.get(OutboxMessage, message_id))
    parsed, text, attachments = _read(row.content)
    headers = [(label, str(parsed[name])) for name, label in HEADERS.items() if parsed[name]]
    return render_template("notifications/message.html", message=row, headers=headers, text=text,
                           attachments=attachments, form=FlaskForm())


@bp.post("/outbox/<int:message_id>/retry")
@admin_required
def retry(message_id: int):
    found(db.session.get(OutboxMessage, message_id))
    if FlaskForm().validate_on_submit():  # the CSRF check: the form has no other field
        outbox.retry(message_id, user=current_user)
        flash(_("The message is queued again and will be sent shortly."), "success")
    return redirect(url_for(".message", message_id=message_id))
