"""iCalendar feeds: a scope's meetings and sessions as calendar_export entries, as bytes.

The rules of RFC 5545 bytes live in calendar_export; which meetings a feed holds and its
fingerprint (ETag) in scopes.py; how a meeting and a session read in a calendar in entries.py.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import force_locale

from calendar_export import Calendar, build_calendar
from meetings.feeds.entries import calendar_text, item_entry, meeting_entry
from meetings.feeds.scopes import FeedOptions, FeedScope, feed_meetings
from meetings.models import AgendaItemKind, Meeting

REFRESH = timedelta(hours=1)


def build_feed(scope: FeedScope, options: FeedOptions, *, now: datetime, page_url: Callable[[Meeting], str]) -> bytes:
    """The feed's bytes. page_url must build its links from options.site_url (the fingerprint
    covers that, not the function)."""
    lang, domain, include_breaks = options.lang, options.domain, options.include_breaks
    with force_locale(lang):
        entries = []
        stamps = []
        for meeting in feed_meetings(scope, now):
            url = page_url(meeting)
            entries.append(meeting_entry(meeting, lang=lang, domain=domain, page_url=url))
            stamps.append(meeting.updated_at)
            if scope.sessions:
                for item in meeting.agenda_items:
                    if item.kind is AgendaItemKind.BREAK and not include_breaks:
                        continue
                    entries.append(item_entry(item, meeting, lang=lang, domain=domain, page_url=url))
                    stamps.append(item.updated_at)
        calendar = Calendar(
            name=calendar_text(scope.name()), description=calendar_text(scope.description),
            source_url=options.source_url, refresh=REFRESH, entries=tuple(entries),
        )
    # DTSTAMP follows the data, not the clock: an unchanged feed keeps its bytes and ETag.
    return build_calendar(calendar, dtstamp=max(stamps, default=now.replace(microsecond=0)))
