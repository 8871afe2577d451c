"""The store of uploaded files: content-addressed, whole or nothing, never a path from outside.

The same contract holds for both stores: the local folder, and S3-compatible object storage,
tested against a real S3 server (moto's, over HTTP on a free port), not a stand-in of our own.
"""

import uuid

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from meetings import storage

KEYS = {"STORAGE_S3_ACCESS_KEY": "cica-test", "STORAGE_S3_SECRET_KEY": "cica-test-secret",
        "STORAGE_S3_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 server for the session (moto's), on a free port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _admin(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=KEYS["STORAGE_S3_REGION"],
                        aws_access_key_id=KEYS["STORAGE_S3_ACCESS_KEY"],
                        aws_secret_access_key=KEYS["STORAGE_S3_SECRET_KEY"])


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A new bucket of its own for the test."""
    bucket = f"cica-{uuid.uuid4().hex[:12]}"
    _admin(s3_endpoint).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture(params=["local", "s3"])
def config_class(request, config_class):
    """Every test of this module runs with the local store and again with the S3 store."""
    if request.param == "local":
        return config_class
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = request.getfixturevalue("s3_bucket")
    return type("S3Config", (config_class,), {**KEYS, "STORAGE_S3_BUCKET": bucket,
                                              "STORAGE_S3_ENDPOINT_URL": endpoint,
                                              "STORAGE_S3_PREFIX": "cica/blobs"})


def test_the_store_is_the_one_configured(app, app_context):
    expected = storage.S3Store if app.config["STORAGE_S3_BUCKET"] else storage.LocalStore
    assert type(storage.store()) is expected


def test_the_same_bytes_are_one_file_named_by_their_digest(app_context):
    key = storage.put(b"%PDF-1.7 a declaration")
    assert key == storage.key_of(b"%PDF-1.7 a declaration") and storage.put(b"%PDF-1.7 a declaration") == key
    assert storage.get(key) == b"%PDF-1.7 a declaration" and storage.exists(key)

    storage.delete(key)

    assert storage.get(key) is None and not storage.exists(key)
    storage.delete(key)  # gone already: nothing to do


def test_two_contents_are_two_files_and_deleting_one_keeps_the_other(app_context):
    first, second = storage.put(b"first"), storage.put("второй".encode())
    assert first != second

    storage.delete(first)

    assert not storage.exists(first) and storage.get(second) == "второй".encode()


def test_large_binary_content_comes_back_byte_for_byte(app_context):
    data = bytes(range(256)) * 8_192  # 2 MB, every byte value
    key = storage.put(data)
    assert storage.get(key) == data


@pytest.mark.parametrize("key", ["../../etc/passwd", "a" * 63, "A" * 64, "", "0" * 64 + "/x"])
def test_a_key_that_is_not_a_digest_names_no_file(app_context, key):
    for call in (storage.get, storage.exists, storage.delete):
        with pytest.raises(ValueError):
            call(key)


@pytest.mark.parametrize("config_class", ["s3"], indirect=True)
def test_s3_objects_are_named_under_the_prefix_by_their_digest(app, app_context):
    key = storage.put(b"a concept paper")
    listed = _admin(app.config["STORAGE_S3_ENDPOINT_URL"]).list_objects_v2(Bucket=app.config["STORAGE_S3_BUCKET"])
    assert [item["Key"] for item in listed["Contents"]] == [f"cica/blobs/{key[:2]}/{key}"]


@pytest.mark.parametrize("config_class", ["s3"], indirect=True)
def test_a_missing_bucket_is_an_error_not_a_missing_file(app, app_context):
    """A store that cannot answer must never pass for one where the file is absent (a download
    would 404, a deletion would believe itself done)."""
    _admin(app.config["STORAGE_S3_ENDPOINT_URL"]).delete_bucket(Bucket=app.config["STORAGE_S3_BUCKET"])
    with pytest.raises(ClientError):
        storage.get(storage.key_of(b"x"))
    with pytest.raises(ClientError):
        storage.put(b"x")
