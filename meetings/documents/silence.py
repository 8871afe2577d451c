"""The silence procedure: a draft circulated to the parties is adopted at a deadline unless a party
breaks the silence before it.

The deadline is typed as a wall-clock time of the meeting's zone and kept as a UTC instant
(Document.silence_until); it is a calendar entry of its own in the feeds (meetings/feeds), whose
SEQUENCE (Document.sequence) grows with every change a calendar must see: the deadline set,
moved or lifted, the outcome recorded. Each change is in the audit trail.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from meetings import audit
from meetings.domain import RuleError
from meetings.history import jsonable
from meetings.i18n import format_wall_time, localized, zone_city
from meetings.models import Document, Party, SilenceOutcome, utcnow
from meetings.scheduling.rules import exists, instant
from meetings.timeutil import to_local
from meetings.transaction import operation


@dataclass(frozen=True)
class SilenceInput:
    """The deadline as a naive wall-clock time in the meeting's zone (None: not given)."""

    local_until: datetime | None


@dataclass(frozen=True)
class OutcomeInput:
    outcome: SilenceOutcome | None
    broken_by_id: int | None = None


def _check_open(document: Document) -> None:
    if document.silence_outcome is not None:
        raise RuleError(_("The outcome of the silence procedure has been recorded: it is closed."))


def _audit_silence(document: Document, verb: str, summary: str, changes: dict, user) -> None:
    audit.record(user, "document", verb, object_id=document.id, meeting_id=document.meeting_id,
                 summary=f"{document.symbol}: {summary}", changes=changes)


@operation
def put_under_silence(document: Document, data: SilenceInput, *, user, now: datetime | None = None) -> Document:
    """Put an issued document under silence until ``data.local_until`` (the meeting's local time),
    or move the deadline of its open procedure. A deadline must be in the future; a wall-clock time
    skipped by a clock change is refused (as the timetable's are)."""
    _check_open(document)
    if document.issued_at is None:
        raise RuleError(_("Issue the document first: the parties must have it to keep silence on it."))
    until = instant(data.local_until, document.meeting.timezone, "silence_until")
    if until <= (now or utcnow()):
        raise RuleError(_("The deadline must be in the future."), "silence_until")
    before = document.silence_until
    if before == until:
        return document  # nothing changes: no new revision for the calendars
    document.silence_until = until
    document.sequence += 1
    local = format_wall_time(to_local(until, document.meeting.timezone))
    if before is None:
        _audit_silence(document, "silence_set", f"under silence until {local} ({document.meeting.timezone})",
                {"silence_until": [None, jsonable(until)]}, user)
    else:
        _audit_silence(document, "silence_changed", f"silence deadline moved to {local} ({document.meeting.timezone})",
                {"silence_until": [jsonable(before), jsonable(until)]}, user)
    return document


@operation
def lift_silence(document: Document, *, user) -> Document:
    """End the procedure without an outcome (put under silence by mistake, or withdrawn): the
    deadline leaves the calendars."""
    _check_open(document)
    if document.silence_until is None:
        raise RuleError(_("The document is not under silence."))
    before = document.silence_until
    document.silence_until = None
    document.sequence += 1
    _audit_silence(document, "silence_lifted", "silence procedure lifted", {"silence_until": [jsonable(before), None]}, user)
    return document


@operation
def record_outcome(document: Document, data: OutcomeInput, *, user, now: datetime | None = None) -> Document:
    """Adopted (once the deadline has passed with no objection) or silence broken by a party
    (whenever it was: a party's objection may reach the Secretariat before the deadline)."""
    _check_open(document)
    if document.silence_until is None:
        raise RuleError(_("The document is not under silence."))
    if data.outcome is None:
        raise RuleError(_("Choose the outcome."), "outcome")
    broken_by = None
    if data.outcome is SilenceOutcome.ADOPTED:
        if document.silence_until > (now or utcnow()):
            raise RuleError(_("A document is adopted under silence only once its deadline has passed."), "outcome")
        if data.broken_by_id is not None:
            raise RuleError(_("An adopted document's silence was not broken: leave the party empty."), "broken_by_id")
    else:
        if data.broken_by_id is None:
            raise RuleError(_("Choose the party that broke the silence."), "broken_by_id")
        broken_by = exists(Party, data.broken_by_id, "broken_by_id")
    document.silence_outcome = data.outcome
    document.silence_broken_by_id = broken_by.id if broken_by is not None else None
    document.sequence += 1
    changes = {"silence_outcome": [None, data.outcome.value]}
    if broken_by is not None:
        changes["silence_broken_by"] = [None, broken_by.code]
        summary = f"silence broken by {broken_by.name_en}"
    else:
        summary = "adopted under the silence procedure"
    _audit_silence(document, "silence_outcome", summary, changes, user)
    return document


# --- how it reads ---------------------------------------------------------------------------------


def local_deadline(document: Document, lang: str | None = None) -> str:
    """"14 December 2026, 18:00 (Astana time)" / «14 декабря 2026 г., 18:00 (по времени г. Астана)»:
    the deadline in the meeting's local time, named by the meeting's city (its zone's city when
    the meeting has none, e.g. online)."""
    meeting = document.meeting
    local = to_local(document.silence_until, meeting.timezone)
    city = str(localized(meeting, "city", lang)) or zone_city(meeting.timezone, lang)
    return _("%(when)s (%(city)s time)", when=format_wall_time(local, lang), city=city)


def silence_state(document: Document, now: datetime | None = None) -> str | None:
    """Where the procedure stands: None (never under silence), "open", "ended" (deadline passed,
    no outcome recorded), "adopted" or "broken"."""
    if document.silence_outcome is not None:
        return document.silence_outcome.value
    if document.silence_until is None:
        return None
    return "open" if document.silence_until > (now or utcnow()) else "ended"


def silence_text(document: Document, *, organizer: bool = False, lang: str | None = None,
                 now: datetime | None = None) -> str:
    """The line shown wherever the document is, in the reader's language ("" when nothing to say).
    That a deadline passed with no outcome recorded is the Secretariat's business: others read
    that the document was under silence until then."""
    state = silence_state(document, now)
    if state is None:
        return ""
    deadline = local_deadline(document, lang)
    if state == "open":
        return _("Under silence until %(deadline)s", deadline=deadline)
    if state == "ended":
        if organizer:
            return _("Silence period ended %(deadline)s: outcome not recorded", deadline=deadline)
        return _("Silence period ended %(deadline)s", deadline=deadline)
    if state == "adopted":
        return _("Adopted under the silence procedure (silence period ended %(deadline)s)", deadline=deadline)
    party = document.silence_broken_by
    return _("Silence broken by %(party)s (the deadline was %(deadline)s)",
             party=localized(party, "name", lang) if party is not None else "—", deadline=deadline)
