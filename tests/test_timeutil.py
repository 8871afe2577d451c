"""Pages, PDFs and feeds read one time zone database: PyPI tzdata, whatever the system holds."""

import importlib.resources
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest

from calendar_export.zones import load_zone
from meetings import timeutil


@pytest.fixture
def outdated_system_zones(tmp_path):
    """A system zone directory whose Asia/Almaty is still UTC+6 (as before 1 March 2024): a copy
    of Asia/Dhaka, which has been +6 since 2009. zoneinfo.ZoneInfo would prefer it to tzdata."""
    dhaka = zoneinfo.ZoneInfo("Asia/Dhaka")  # read before the search path changes
    assert dhaka.utcoffset(datetime(2025, 1, 1)) == timedelta(hours=6)
    (tmp_path / "Asia").mkdir()
    (tmp_path / "Asia" / "Almaty").write_bytes(
        importlib.resources.files("tzdata").joinpath("zoneinfo", "Asia", "Dhaka").read_bytes())
    saved = zoneinfo.TZPATH
    zoneinfo.reset_tzpath(to=[str(tmp_path)])
    zoneinfo.ZoneInfo.clear_cache()
    yield
    zoneinfo.reset_tzpath(to=saved)
    zoneinfo.ZoneInfo.clear_cache()


def test_local_times_follow_tzdata_not_an_outdated_system_database(outdated_system_zones):
    assert zoneinfo.ZoneInfo("Asia/Almaty").utcoffset(datetime(2025, 1, 1)) == timedelta(hours=6)
    instant = datetime(2025, 1, 1, 4, 0, tzinfo=UTC)
    assert timeutil.to_local(instant, "Asia/Almaty").hour == 9  # UTC+5, as tzdata says
    assert timeutil.from_local(datetime(2025, 1, 1, 9, 0), "Asia/Almaty") == instant


def test_the_app_and_the_calendars_share_one_loader():
    assert timeutil.zone("Asia/Almaty") is load_zone("Asia/Almaty")


def test_the_zone_list_offers_places_not_aliases_of_offsets():
    zones = timeutil.available_timezones()
    assert "Asia/Almaty" in zones and "Asia/Baku" in zones and "Europe/Moscow" in zones
    assert not [z for z in zones if z.startswith(("Etc/", "SystemV/")) or "/" not in z]
    assert timeutil.is_valid_timezone("Asia/Tashkent") and not timeutil.is_valid_timezone("Asia/Nowhere")
