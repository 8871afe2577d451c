"""Circulation: when a document is issued, the focal points of the parties invited to its meeting
are told by e-mail (through the outbox, in the transaction of the issue), each in their language,
with a link to the document: those who may see it under its distribution, and no one else.
"""

from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.extensions import db
from meetings.feeds import mail
from meetings.i18n import localized
from meetings.models import Delegation, DelegationReply, Document, Meeting, MessageKind
from meetings.notifications import outbox
from meetings.notifications.notices import absolute_url, focal_points, user_language
from meetings.visibility import visible_documents_clause


def _may_see(user, document: Document) -> bool:
    """The one rule of the archive (meetings/visibility.py), asked for this user and document."""
    return db.session.scalar(select(Document.id).join(Meeting, Meeting.id == Document.meeting_id)
                             .where(Document.id == document.id, visible_documents_clause(user))) is not None


def notify_issued(document: Document, *, now: datetime) -> int:
    """Queue the notice of ``document``'s issue to every focal point who may see it; how many were queued.
    Parties that declined the invitation are not written to: they do not take part."""
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.meeting_id == document.meeting_id,
                                 Delegation.reply != DelegationReply.DECLINED)
        .options(joinedload(Delegation.party)).order_by(Delegation.id)).all()
    by_party = focal_points(d.party_id for d in delegations)
    meeting = document.meeting
    queued = 0
    for delegation in delegations:
        for user in by_party.get(delegation.party_id, []):
            if not _may_see(user, document):
                continue
            lang = user_language(user, delegation.party)
            url = absolute_url("documents.document", meeting_id=meeting.id, document_id=document.id, lang=lang)
            with force_locale(lang):
                subject = _("Document issued: %(symbol)s", symbol=document.symbol)
                body = render_template("documents/issued_mail.txt", document=document, meeting=meeting, user=user,
                                       lang=lang, url=url, title=str(localized(document, "title", lang)),
                                       meeting_title=str(localized(meeting, "title", lang)))
                message = mail.message_head(subject, user.name, user.email, now=now)
                message.set_content(body)
            queued += outbox.queue(message, recipient=user.email, subject=subject, kind=MessageKind.NOTICE,
                                   language=lang, meeting_id=meeting.id, now=now,
                                   dedup_key=f"document-issued:{document.id}:{user.id}")
    return queued
