"""Uploaded files, kept outside the web root under content-addressed names.

A file's key is the SHA-256 of its bytes: the same bytes are stored once, a key never names two
contents, and no name a user typed ever reaches a path. On local disk by default (FILES_DIR/blobs,
in folders by the key's first two characters); in S3-compatible object storage when configured,
so that several servers see the same files.

Callers use ``put``, ``get``, ``delete`` and ``exists``; the store is chosen from the app's config.
"""

import hashlib
import os
import re
from pathlib import Path
from typing import Protocol

from flask import current_app

_KEY = re.compile(r"[0-9a-f]{64}")


def key_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):  # never a path or object name made of anything else
        raise ValueError(f"not a storage key: {key!r}")
    return key


class Store(Protocol):
    def put(self, data: bytes) -> str: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class LocalStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        key = _checked(key)
        return self.folder / key[:2] / key

    def put(self, data: bytes) -> str:
        key = key_of(data)
        path = self._path(key)
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Whole or not at all: a reader never sees half a file (a rename is atomic).
            partial = path.with_name(f"{key}.{os.getpid()}.part")
            partial.write_bytes(data)
            os.replace(partial, path)
        return key

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


def store() -> Store:
    """The store the app is configured with."""
    return LocalStore(Path(current_app.config["FILES_DIR"]) / "blobs")


def put(data: bytes) -> str:
    return store().put(data)


def get(key: str) -> bytes | None:
    return store().get(key)


def delete(key: str) -> None:
    store().delete(key)


def exists(key: str) -> bool:
    return store().exists(key)
