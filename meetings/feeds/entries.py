"""How a meeting and its sessions read in a calendar client: calendar_export entries.

The same entry serves every feed and the invitation e-mails (meetings/feeds/mail.py): a meeting
keeps its UID, summary, times and links wherever a calendar meets it.
"""

from datetime import timedelta

from flask_babel import gettext as _

from calendar_export import Entry
from meetings.documents.silence import silence_text
from meetings.i18n import localized, rescheduled_from
from meetings.models import (
    AgendaItem,
    Document,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Room,
    SilenceOutcome,
    Visibility,
)
from meetings.names import display_name
from meetings.text import without_invisible_characters
from meetings.timeutil import local_dates

STATUS = {
    MeetingStatus.DRAFT: "TENTATIVE",
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}
CLASS = {Visibility.PUBLIC: "PUBLIC", Visibility.MEMBERS: "PRIVATE", Visibility.RESTRICTED: "CONFIDENTIAL"}


def calendar_text(value: str) -> str:
    """Characters iCalendar cannot carry are dropped, never a 500."""
    return without_invisible_characters(value or "")


def meeting_uid(meeting: Meeting, domain: str) -> str:
    # Derived only from the immutable id: the same in every feed, export and e-mail.
    return f"meeting-{meeting.id}@{domain}"


def item_uid(item: AgendaItem, domain: str) -> str:
    return f"agenda-item-{item.id}@{domain}"


def silence_uid(document: Document, domain: str) -> str:
    # The document's own random uid (stable, never reused): the entry keeps it when the deadline
    # moves, and no meeting's or session's UID can be the same.
    return f"silence-{document.uid}@{domain}"


# The deadline's entry: a short event starting at the deadline, so a calendar shows it at that time
# (an event of no length is shown as a point by some clients and not at all by others) and its
# reminders ring before the deadline, not after.
SILENCE_ENTRY_LENGTH = timedelta(minutes=15)


def _location(meeting: Meeting, lang: str, room: Room | None = None) -> str:
    parts = [str(localized(room, "name", lang)) if room is not None else ""]
    if meeting.venue is not None:
        parts.append(str(localized(meeting.venue, "name", lang)))
        parts.append(str(localized(meeting.venue, "address", lang)))
    parts.append(str(localized(meeting, "city", lang)))
    if meeting.format is MeetingFormat.ONLINE:
        parts.append(_("Online"))
    return ", ".join(p for p in parts if p)


def _summary(title: str, meeting: Meeting) -> str:
    # Postponed is until further notice: a meeting moved to new dates is planned or confirmed there.
    if meeting.status is MeetingStatus.CANCELLED:
        return _("CANCELLED: %(title)s", title=title)
    if meeting.status is MeetingStatus.POSTPONED:
        return _("POSTPONED: %(title)s", title=title)
    return title


def _description(meeting: Meeting, page_url: str, *lines: str) -> str:
    """An entry's text: ``lines``, then how to join the meeting online (unless it is in person
    only) and the meeting's page, one paragraph each; empty ones left out."""
    paragraphs = list(lines)
    if meeting.online_url and meeting.format is not MeetingFormat.IN_PERSON:
        paragraphs.append(_("Join online: %(url)s", url=meeting.online_url))
    paragraphs.append(page_url)
    return "\n\n".join(p for p in paragraphs if p)


def meeting_entry(meeting: Meeting, *, lang: str, domain: str, page_url: str) -> Entry:
    """The meeting itself: all-day over its local dates when it spans several days, timed otherwise."""
    title = calendar_text(str(localized(meeting, "title", lang)))
    first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    if first == last:
        start, end, zone = meeting.starts_at, meeting.ends_at, meeting.timezone
    else:
        start, end, zone = first, last + timedelta(days=1), None
    return Entry(
        uid=meeting_uid(meeting, domain),
        summary=_summary(title, meeting),
        start=start,
        end=end,
        timezone=zone,
        sequence=meeting.sequence,
        status=STATUS[meeting.status],
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        location=calendar_text(_location(meeting, lang)),
        description=_description(meeting, page_url, rescheduled_from(meeting, lang),
                                 calendar_text(str(localized(meeting, "description", lang)))),
        url=page_url,
        categories=(calendar_text(str(localized(meeting.type, "name", lang))),),
        classification=CLASS[meeting.visibility],
    )


def item_entry(item: AgendaItem, meeting: Meeting, *, lang: str, domain: str, page_url: str) -> Entry:
    """A session of the meeting, in the meeting's time zone, with the meeting's title and chair."""
    title = calendar_text(str(localized(item, "title", lang)))
    lines = [calendar_text(str(localized(meeting, "title", lang))), rescheduled_from(meeting, lang),
             calendar_text(str(localized(item, "description", lang)))]
    if item.chair is not None:
        lines.append(_("Chair: %(name)s", name=calendar_text(str(display_name(item.chair, lang)))))
    return Entry(
        uid=item_uid(item, domain),
        summary=_summary(title, meeting),
        start=item.starts_at,
        end=item.ends_at,
        timezone=meeting.timezone,
        # A session changes for calendars when it or its meeting does; both only ever grow.
        sequence=item.sequence + meeting.sequence,
        status=STATUS[meeting.status],
        created=item.created_at,
        last_modified=max(item.updated_at, meeting.updated_at),
        location=calendar_text(_location(meeting, lang, item.room)),
        description=_description(meeting, page_url, *lines),
        url=page_url,
        categories=(calendar_text(str(localized(meeting.type, "name", lang))),),
        classification=CLASS[meeting.visibility],
    )


def silence_entry(document: Document, *, lang: str, domain: str, page_url: str) -> Entry:
    """A document's silence deadline, in its meeting's zone. Broken silence cancels the entry (the
    deadline means nothing any more); an adoption keeps it and says so. SEQUENCE: the document's."""
    meeting = document.meeting
    title = calendar_text(f"{document.symbol} {localized(document, 'title', lang)}")
    if document.silence_outcome is SilenceOutcome.ADOPTED:
        summary = _("Adopted under the silence procedure: %(title)s", title=title)
    elif document.silence_outcome is SilenceOutcome.BROKEN:
        summary = _("Silence broken: %(title)s", title=title)
    else:
        summary = _("Silence procedure ends: %(title)s", title=title)
    lines = [calendar_text(str(localized(meeting, "title", lang))), calendar_text(silence_text(document, lang=lang))]
    return Entry(
        uid=silence_uid(document, domain),
        summary=summary,
        start=document.silence_until,
        end=document.silence_until + SILENCE_ENTRY_LENGTH,
        timezone=meeting.timezone,
        sequence=document.sequence,
        status="CANCELLED" if document.silence_outcome is SilenceOutcome.BROKEN else "CONFIRMED",
        created=document.created_at,
        last_modified=document.updated_at,
        description="\n\n".join([*(line for line in lines if line), page_url]),
        url=page_url,
        classification=CLASS[document.distribution],
    )
