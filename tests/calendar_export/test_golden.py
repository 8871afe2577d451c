"""Golden files: the builder's exact bytes for realistic calendars.

The files in ``golden/`` are compared byte for byte. After an intended change of the output,
regenerate them, review the diff, then run the tests again without the switch:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/calendar_export/test_golden.py
    git diff tests/calendar_export/golden/
    .venv/bin/python -m pytest tests/calendar_export/test_golden.py

A run with ``UPDATE_GOLDEN=1`` rewrites the files and fails every golden test, so it can never
pass by comparing a file with the bytes it was just written from; under ``CI=true`` it refuses
to write anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.calendar_export.parsers import assert_parses_everywhere
from tests.calendar_export.samples import EXPECTED_EVENTS, GOLDEN

GOLDEN_DIR = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[2]
REWRITTEN = "golden file rewritten, review the diff and rerun"


def check_golden(path: Path, produced: bytes, environ: Mapping[str, str]) -> None:
    """Compare ``produced`` with the golden file; with UPDATE_GOLDEN=1, rewrite it and fail."""
    update = environ.get("UPDATE_GOLDEN", "")
    if update:
        if update != "1":
            pytest.fail(f"UPDATE_GOLDEN={update!r}: set it to 1 to rewrite the golden files, or unset it")
        if environ.get("CI", "").lower() == "true":
            pytest.fail("UPDATE_GOLDEN=1 under CI=true: CI never rewrites golden files; unset UPDATE_GOLDEN")
        changed = not path.exists() or path.read_bytes() != produced
        if changed:
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(produced)
        pytest.fail(f"{REWRITTEN} without UPDATE_GOLDEN: {path.name} ({'changed' if changed else 'no change'})")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it, then review it"
    assert produced == path.read_bytes(), (
        f"{path.name} differs from the builder's output; if the change is intended, run with "
        "UPDATE_GOLDEN=1, review the diff and rerun"
    )


def test_every_golden_file_has_expectations() -> None:
    assert sorted(EXPECTED_EVENTS) == sorted(GOLDEN)
    assert sorted(path.stem for path in GOLDEN_DIR.glob("*.ics")) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_bytes(name: str) -> None:
    check_golden(GOLDEN_DIR / f"{name}.ics", GOLDEN[name](), os.environ)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_parses_everywhere_at_the_right_instants(name: str) -> None:
    assert assert_parses_everywhere(GOLDEN[name]()) == EXPECTED_EVENTS[name]


# --- the switch itself -----------------------------------------------------------------------


def test_a_matching_file_passes_and_a_different_one_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.ics"
    path.write_bytes(b"same\r\n")
    check_golden(path, b"same\r\n", {})
    with pytest.raises(AssertionError, match="x.ics differs"):
        check_golden(path, b"other\r\n", {})
    with pytest.raises(AssertionError, match="missing"):
        check_golden(tmp_path / "absent.ics", b"same\r\n", {})


def test_update_mode_writes_the_file_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.ics"
    path.write_bytes(b"old\r\n")
    with pytest.raises(pytest.fail.Exception, match=f"^{REWRITTEN} without UPDATE_GOLDEN: x.ics \\(changed\\)$"):
        check_golden(path, b"new\r\n", {"UPDATE_GOLDEN": "1"})
    assert path.read_bytes() == b"new\r\n"
    # Even with nothing to change, the run with the switch fails: it never passes silently.
    with pytest.raises(pytest.fail.Exception, match=r"\(no change\)$"):
        check_golden(path, b"new\r\n", {"UPDATE_GOLDEN": "1"})
    created = tmp_path / "golden" / "y.ics"
    with pytest.raises(pytest.fail.Exception, match="y.ics \\(changed\\)"):
        check_golden(created, b"y\r\n", {"UPDATE_GOLDEN": "1"})
    assert created.read_bytes() == b"y\r\n"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"UPDATE_GOLDEN": "1", "CI": "true"}, "CI never rewrites golden files"),
        ({"UPDATE_GOLDEN": "1", "CI": "TRUE"}, "CI never rewrites golden files"),
        ({"UPDATE_GOLDEN": "yes"}, "set it to 1"),
        ({"UPDATE_GOLDEN": "0"}, "set it to 1"),
    ],
)
def test_update_mode_refuses_ci_and_unclear_values_and_writes_nothing(tmp_path, environ, message) -> None:
    path = tmp_path / "x.ics"
    path.write_bytes(b"old\r\n")
    with pytest.raises(pytest.fail.Exception, match=message):
        check_golden(path, b"new\r\n", environ)
    assert path.read_bytes() == b"old\r\n"


# --- determinism -----------------------------------------------------------------------------

DIGESTS = """
import hashlib, json
from tests.calendar_export.samples import GOLDEN
from tests.calendar_export.test_feed import all_samples
calendars = {**GOLDEN, "all_samples": all_samples}
print(json.dumps({name: hashlib.sha256(make()).hexdigest() for name, make in calendars.items()}))
"""


@pytest.mark.parametrize(("seed", "zone"), [("0", "Pacific/Chatham"), ("4242", "America/Santiago")])
def test_another_process_makes_the_same_bytes(seed: str, zone: str) -> None:
    """Only the input decides the bytes: not the hash seed (the order of sets), the process's
    own time zone or locale, nor what an earlier build left in a cache."""
    from tests.calendar_export.test_feed import all_samples

    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", DIGESTS], cwd=ROOT, env=env, capture_output=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    here = {name: hashlib.sha256(make()).hexdigest() for name, make in {**GOLDEN, "all_samples": all_samples}.items()}
    assert json.loads(result.stdout) == here
