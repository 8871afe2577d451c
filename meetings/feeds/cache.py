"""Built feeds, kept under what their bytes are made of, so an unchanged feed is built once.

The key: the scope, the request's options (language, host, breaks), the change counter
(meetings/changes.py), the window's day and format_version(). Nothing is ever invalidated:
any change makes a new key. The ETag is a digest of the bytes, so a rebuild after a change
that this feed does not show gives the same ETag and its subscribers their 304. Each entry
keeps the bytes as they are and compressed (gzip, Brotli), to be sent as the client asks.
"""

import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import brotli
from flask import current_app

from meetings.cache import Cache, app_cache
from meetings.changes import Stamp
from meetings.feeds.scopes import FeedOptions, FeedScope, Window, format_version
from meetings.models import utcnow

ENCODINGS = ("br", "gzip", "identity")  # in the order of preference when a client takes several
# Brotli's quality 11 takes seconds for a large feed; 9 is within a few per cent of its size.
BROTLI_QUALITY = 9


@dataclass(frozen=True)
class BuiltFeed:
    etag: str
    last_modified: datetime
    blob: bytes  # the three bodies after a header of their lengths (one value for any cache)
    offsets: dict[str, tuple[int, int]]

    @classmethod
    def make(cls, etag: str, last_modified: datetime, identity: bytes) -> "BuiltFeed":
        bodies = {"identity": identity,
                  "gzip": gzip.compress(identity, compresslevel=6, mtime=0),
                  "br": brotli.compress(identity, quality=BROTLI_QUALITY)}
        header = json.dumps({"etag": etag, "last_modified": last_modified.timestamp(),
                             "lengths": [len(bodies[name]) for name in ENCODINGS]}).encode() + b"\n"
        return cls.decode(header + b"".join(bodies[name] for name in ENCODINGS))

    @classmethod
    def decode(cls, blob: bytes) -> "BuiltFeed":
        end = blob.index(b"\n")
        header = json.loads(blob[:end])
        offsets, start = {}, end + 1
        for name, length in zip(ENCODINGS, header["lengths"], strict=True):
            offsets[name] = (start, start + length)
            start += length
        return cls(header["etag"], datetime.fromtimestamp(header["last_modified"], UTC), blob, offsets)

    def body(self, encoding: str) -> bytes:
        start, end = self.offsets[encoding]
        return self.blob[start:end]


def _key(*parts: object) -> str:
    return "feed:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def cached_feed(scope: FeedScope, options: FeedOptions, *, stamp: Stamp, window: Window,
                build: Callable[[], bytes], cache: Cache | None = None) -> BuiltFeed:
    """The feed from the cache, or built (``build``) and kept there in place of its last version."""
    cache = cache or app_cache()
    version = format_version()
    # The window's first day and length (FEED_WINDOW_DAYS may change between deploys; Redis outlives them).
    day = f"{window.today.isoformat()}+{window.days}" if scope.windowed else ""
    key = _key(version, scope.key, repr(options), stamp.key, day)
    blob = cache.get(key)
    if blob is not None:
        return BuiltFeed.decode(blob)
    body = build()
    etag = hashlib.sha256(body).hexdigest()[:32]
    ttl = current_app.config["FEED_CACHE_SECONDS"]
    # What this feed (scope and options) was last built as: its ETag, since when, under which key.
    latest_key = _key("latest", scope.key, repr(options))
    latest = cache.get(latest_key)
    seen_etag, since, previous_key = latest.decode().split(" ") if latest is not None else ("", "0", "")
    # Last-Modified moves only when the bytes do, so If-Modified-Since answers as If-None-Match does.
    last_modified = datetime.fromtimestamp(float(since), UTC) if seen_etag == etag else utcnow().replace(microsecond=0)
    feed = BuiltFeed.make(etag, last_modified, body)
    cache.set(key, feed.blob, ttl)
    cache.set(latest_key, f"{etag} {last_modified.timestamp()} {key}".encode(), ttl)
    if previous_key and previous_key != key:
        cache.delete(previous_key)  # superseded: the cache holds one version of each feed, not one per change
    return feed
