"""Links that subscribe a calendar application to one of our feeds.

Only subscriptions: the application fetches our feed, keeps our UIDs and follows every
postponement and cancellation. The one-off "add event" links (Google's TEMPLATE action,
Outlook.com's compose deep link) are gone on purpose: they made a copy under a UID of their own
that never learnt of a change and showed the meeting twice beside a subscription or an
invitation by e-mail.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"


@dataclass(frozen=True)
class SubscriptionLinks:
    https: str  # to copy and paste: the new Outlook strips webcal: from links
    webcal: str  # opens the desktop or phone calendar application
    google: str
    outlook_com: str


def webcal_url(feed_url: str) -> str:
    """The feed's address with the webcal scheme, host, path and query unchanged."""
    parts = urlsplit(feed_url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"not a web address: {feed_url!r}")
    return urlunsplit(("webcal", *parts[1:]))


def _query(**params: str) -> str:
    # Every reserved character encoded (":" and "/" too), so the feed's own query string
    # ("?type=SOC&lang=ru") stays inside the one parameter; spaces as %20, not "+".
    return urlencode(params, quote_via=quote, safe="")


def subscription_links(feed_url: str, name: str) -> SubscriptionLinks:
    """``feed_url``: the absolute http(s) address of the feed; ``name``: the calendar's name."""
    webcal = webcal_url(feed_url)
    return SubscriptionLinks(
        https=feed_url,
        webcal=webcal,
        # Google subscribes by address only to a webcal:// cid; an https:// cid is taken for
        # the name of a Google account and refused.
        google=f"{GOOGLE_SUBSCRIBE}?{_query(cid=webcal)}",
        outlook_com=f"{OUTLOOK_COM_SUBSCRIBE}?{_query(url=feed_url, name=name)}",
    )
