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


# What S3 (and MinIO, moto) answer for an object that is not there, depending on the call.
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


class S3Store:
    """Objects named ``<prefix><key[:2]>/<key>`` in one bucket of an S3-compatible service.

    The client is made once per app (making one reads the botocore models: tens of milliseconds)
    and is thread-safe. Errors other than "no such object" (no bucket, refused credentials, the
    service away after botocore's retries) are raised: a caller must not believe a file stored."""

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""

    def _name(self, key: str) -> str:
        key = _checked(key)
        return f"{self.prefix}{key[:2]}/{key}"

    def put(self, data: bytes) -> str:
        key = key_of(data)
        # The same bytes are the same object: stored once, and a PUT is whole or not at all in S3.
        if not self.exists(key):
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                                   ContentLength=len(data), ContentType="application/octet-stream")
        return key

    def get(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise
        with answer["Body"] as body:
            return body.read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))  # no error when absent

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True


def s3_client(config):
    """A client for the S3 service of ``config`` (STORAGE_S3_*). Path-style addresses with an
    endpoint (MinIO and most S3-compatible services want them); without keys, boto3's own chain
    (environment, instance role) finds the credentials."""
    # Imported when an S3 store is first used, not when the app starts (boto3 takes 0.15 s).
    import boto3
    from botocore.config import Config as BotoConfig

    endpoint = config.get("STORAGE_S3_ENDPOINT_URL") or None
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=config.get("STORAGE_S3_REGION") or None,
        aws_access_key_id=config.get("STORAGE_S3_ACCESS_KEY") or None,
        aws_secret_access_key=config.get("STORAGE_S3_SECRET_KEY") or None,
        config=BotoConfig(
            signature_version="s3v4", connect_timeout=5, read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint else "auto"},
        ),
    )


_EXTENSION = "cica_storage"


def store() -> Store:
    """The store the app is configured with: S3 when STORAGE_S3_BUCKET is set, else the local folder."""
    config = current_app.config
    bucket = config.get("STORAGE_S3_BUCKET")
    if not bucket:
        return LocalStore(Path(config["FILES_DIR"]) / "blobs")
    settings = tuple(config.get(name) for name in (
        "STORAGE_S3_BUCKET", "STORAGE_S3_PREFIX", "STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_REGION",
        "STORAGE_S3_ACCESS_KEY", "STORAGE_S3_SECRET_KEY"))
    cached = current_app.extensions.get(_EXTENSION)
    if cached is None or cached[0] != settings:  # made again only if the settings changed (tests do)
        cached = (settings, S3Store(s3_client(config), bucket, config.get("STORAGE_S3_PREFIX") or ""))
        current_app.extensions[_EXTENSION] = cached
    return cached[1]


def put(data: bytes) -> str:
    return store().put(data)


def get(key: str) -> bytes | None:
    return store().get(key)


def delete(key: str) -> None:
    store().delete(key)


def exists(key: str) -> bool:
    return store().exists(key)
