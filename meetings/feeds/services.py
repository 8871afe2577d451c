"""iCalendar feeds: a scope's meetings and sessions as calendar_export entries, as bytes.

The rules of RFC 5545 bytes live in calendar_export; which meetings a feed holds in scopes.py;
how a meeting and a session read in a calendar in entries.py; built feeds are kept by cache.py.
"""

from collections.abc import Callable
from datetime import timedelta

from flask_babel import force_locale

from calendar_export import Calendar, build_calendar
from meetings.feeds.entries import calendar_text, item_entry, meeting_entry, silence_entry
from meetings.feeds.scopes import FeedOptions, FeedScope, Window, feed_meetings, feed_silences, midnight
from meetings.models import AgendaItemKind, Document, Meeting

REFRESH = timedelta(hours=1)


def build_feed(scope: FeedScope, options: FeedOptions, *, window: Window,
               page_url: Callable[[Meeting], str], document_url: Callable[[Document], str]) -> bytes:
    """The feed's bytes, the same for the same rows, options and window. page_url and document_url
    must build their links from options.site_url (the cache key covers that, not the functions)."""
    lang, domain, include_breaks = options.lang, options.domain, options.include_breaks
    with force_locale(lang):
        entries = []
        stamps = []
        for meeting in feed_meetings(scope, window):
            url = page_url(meeting)
            entries.append(meeting_entry(meeting, lang=lang, domain=domain, page_url=url))
            stamps.append(meeting.updated_at)
            if scope.sessions:
                for item in meeting.agenda_items:
                    if item.kind is AgendaItemKind.BREAK and not include_breaks:
                        continue
                    entries.append(item_entry(item, meeting, lang=lang, domain=domain, page_url=url))
                    stamps.append(item.updated_at)
        for document in feed_silences(scope, window):
            entries.append(silence_entry(document, lang=lang, domain=domain, page_url=document_url(document)))
            stamps.append(document.updated_at)
        calendar = Calendar(
            name=calendar_text(scope.name()), description=calendar_text(str(scope.description)),
            source_url=options.source_url, refresh=REFRESH, entries=tuple(entries),
        )
    # DTSTAMP follows the data, not the clock: an unchanged feed keeps its bytes and ETag (an
    # empty one changes them once a day).
    return build_calendar(calendar, dtstamp=max(stamps, default=midnight(window.today)))
