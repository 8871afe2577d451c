"""The store of uploaded files: content-addressed, whole or nothing, never a path from outside."""

import pytest

from meetings import storage


def test_the_same_bytes_are_one_file_named_by_their_digest(app_context):
    key = storage.put(b"%PDF-1.7 a declaration")
    assert key == storage.key_of(b"%PDF-1.7 a declaration") and storage.put(b"%PDF-1.7 a declaration") == key
    assert storage.get(key) == b"%PDF-1.7 a declaration" and storage.exists(key)

    storage.delete(key)

    assert storage.get(key) is None and not storage.exists(key)
    storage.delete(key)  # gone already: nothing to do


@pytest.mark.parametrize("key", ["../../etc/passwd", "a" * 63, "A" * 64, "", "0" * 64 + "/x"])
def test_a_key_that_is_not_a_digest_names_no_file(app_context, key):
    with pytest.raises(ValueError):
        storage.get(key)
