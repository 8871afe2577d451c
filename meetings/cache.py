"""A small cache of bytes under string keys: in the process, and in Redis when one is configured.

Whatever is cached here must be safe to lose (it is rebuilt) and must carry in its key all it
depends on, since nothing is ever invalidated: entries are only replaced or forgotten (LRU,
TTL). Redis is shared by all workers; when it does not answer, the process's own cache serves
(and a warning is logged), never an error to the user.
"""

import logging
import threading
import time
from collections import OrderedDict
from typing import Protocol

from flask import Flask, current_app

logger = logging.getLogger(__name__)

_EXTENSION = "meetings.cache"


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryCache:
    """Least recently used entries are dropped once the values pass ``max_bytes`` in all
    (one value larger than that is not kept). Thread-safe; ``ttl`` is Redis's business only,
    as every key here names what its value was made from."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int = 0) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old)
            if len(value) > self.max_bytes:
                return
            self._entries[key] = value
            self.size += len(value)
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped)

    def delete(self, key: str) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old)


class RedisCache:
    """Redis first, the process's cache beside it: what Redis gives is kept in the process too
    (so a warm entry costs no round trip), and while Redis is away (errors, timeouts) the
    process's cache alone serves, Redis being tried again after ``retry_after`` seconds."""

    def __init__(self, url: str, local: MemoryCache, *, retry_after: float = 30.0, timeout: float = 0.5) -> None:
        import redis

        self.local = local
        self.retry_after = retry_after
        self._down_until = 0.0
        self._errors = (redis.RedisError, OSError)
        self._redis = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, error: Exception) -> None:
        self._down_until = time.monotonic() + self.retry_after
        logger.warning("Redis cache unavailable, using the process's cache for %.0f s: %s", self.retry_after, error)

    def get(self, key: str) -> bytes | None:
        value = self.local.get(key)
        if value is not None or not self._available():
            return value
        try:
            value = self._redis.get(key)
        except self._errors as error:
            self._failed(error)
            return None
        if value is not None:
            self.local.set(key, value)
        return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self.local.set(key, value)
        if not self._available():
            return
        try:
            self._redis.set(key, value, ex=ttl or None)
        except self._errors as error:
            self._failed(error)

    def delete(self, key: str) -> None:
        self.local.delete(key)
        if not self._available():
            return
        try:
            self._redis.delete(key)
        except self._errors as error:
            self._failed(error)


def make_cache(config) -> Cache:
    local = MemoryCache(config["FEED_CACHE_BYTES"])
    url = config.get("CACHE_REDIS_URL")
    return RedisCache(url, local) if url else local


def app_cache(app: Flask | None = None) -> Cache:
    """The app's cache, made on first use from its config."""
    app = app or current_app._get_current_object()
    cache = app.extensions.get(_EXTENSION)
    if cache is None:
        cache = app.extensions.setdefault(_EXTENSION, make_cache(app.config))
    return cache
