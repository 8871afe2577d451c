"""Links that add a meeting to web calendars (Google, Outlook.com) without a file download."""

from datetime import timedelta
from urllib.parse import urlencode

from meetings.i18n import localized
from meetings.models import Meeting
from meetings.timeutil import local_dates


def _place(meeting: Meeting) -> str:
    parts = [str(localized(meeting.venue, "name")) if meeting.venue else "", str(localized(meeting, "city"))]
    return ", ".join(p for p in parts if p)


def add_to_calendar_links(meeting: Meeting, page_url: str) -> dict[str, str]:
    title = str(localized(meeting, "title"))
    first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    all_day = first != last  # as in the feeds: several days read as all-day
    if all_day:
        google_dates = f"{first:%Y%m%d}/{last + timedelta(days=1):%Y%m%d}"
        outlook_start, outlook_end = first.isoformat(), (last + timedelta(days=1)).isoformat()
    else:
        google_dates = f"{meeting.starts_at:%Y%m%dT%H%M%SZ}/{meeting.ends_at:%Y%m%dT%H%M%SZ}"
        outlook_start = meeting.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        outlook_end = meeting.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {"action": "TEMPLATE", "text": title, "dates": google_dates, "details": page_url,
         "location": _place(meeting), "ctz": meeting.timezone}
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {"path": "/calendar/action/compose", "rru": "addevent", "subject": title, "startdt": outlook_start,
         "enddt": outlook_end, "allday": "true" if all_day else "false", "body": page_url,
         "location": _place(meeting)}
    )
    return {"google": google, "outlook": outlook}
