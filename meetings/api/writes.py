"""From a request body to the scheduling services' typed inputs, and the services' refusals back in
the API's own field names.

A body names a text in both languages as ``{"title": {"en": ..., "ru": ...}}``, a type and parties
by code, and times as local wall-clock times (or with an offset, converted to the meeting's zone);
the services take MeetingInput/ItemInput/PostponeInput, as from a form. A change (PATCH) starts
from the object as it is, so only what the body names changes. Lookups of codes refuse with the
field as the caller wrote it; the services' field names (title_en, starts_at, type_id) are mapped
back by ``refusals``.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized, UnsupportedMediaType

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    Visibility,
)
from meetings.scheduling.inputs import ItemInput, MeetingInput, PostponeInput
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, is_valid_timezone, to_local

# The services' names of the fields that the API names otherwise.
API_FIELDS = {
    "title_en": "title.en", "title_ru": "title.ru", "city_en": "city.en", "city_ru": "city.ru",
    "description_en": "description.en", "description_ru": "description.ru",
    "type_id": "type", "host_party_id": "host", "chair_party_id": "chair", "starts_at": "start", "ends_at": "end",
}
PAIRS = ("title", "city", "description")


def organizers_only(view: Callable) -> Callable:
    """Writing is for organizers and admins: without credentials a 401 that says how to give them,
    with another role a 403 (they may read, not write); both before the body or If-Match is read.
    A body must be JSON (415)."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        _require_organizer()
        # A form-encoded body would read as an empty one: a change that silently changes nothing.
        if request.method in ("POST", "PUT", "PATCH") and not request.is_json:
            raise UnsupportedMediaType(_("Send the body as JSON (Content-Type: application/json)."))
        return view(*args, **kwargs)

    return checked


def _require_organizer() -> None:
    if not current_user.is_authenticated:
        raise Unauthorized(_("Writing needs an organizer's API token (Authorization: Bearer ...)."),
                           www_authenticate=WWWAuthenticate("bearer"))
    if not current_user.is_organizer:
        raise Forbidden(_("Writing is for organizers and administrators: this account may read only."))


@contextmanager
def refusals() -> Iterator[None]:
    """A rule's refusal names the field as the body does (``start``, ``title.en``)."""
    try:
        yield
    except RuleError as error:
        error.field = API_FIELDS.get(error.field, error.field)
        raise


def _code(model, code: str | None, field: str) -> int | None:
    if code is None:
        return None
    found = db.session.scalar(select(model.id).where(model.code == code))
    if found is None:
        raise RuleError(_("Choose a value from the list."), field)
    return found


def _flat(body: dict[str, Any]) -> dict[str, Any]:
    """The body's pairs as the services' two fields (``title.en`` → ``title_en``)."""
    flat = {name: value for name, value in body.items() if name not in PAIRS}
    for pair in PAIRS:
        for language, text in body.get(pair, {}).items():
            flat[f"{pair}_{language}"] = text
    return flat


def _wall_clock(value: datetime | None, tz: str) -> datetime | None:
    """A time with an offset, as the wall-clock time of the meeting's zone (an unknown zone leaves
    it for the service to refuse by name)."""
    if value is None or value.tzinfo is None or not is_valid_timezone(tz):
        return value
    if not FIRST_YEAR <= value.year <= LAST_YEAR:  # the service refuses the year by name; no overflow here
        return value.replace(tzinfo=None)
    return to_local(value, tz).replace(tzinfo=None)


def _local(instant: datetime, tz: str) -> datetime:
    return to_local(instant, tz).replace(tzinfo=None)


def meeting_input(body: dict[str, Any], meeting: Meeting | None = None) -> MeetingInput:
    """The meeting as the body makes it: a new one (``meeting`` None), or ``meeting`` with the
    body's fields changed."""
    # What a new meeting lacks, the service refuses by name (a title, a type, a zone, the times).
    values: dict[str, Any] = {"title_en": "", "type_id": None, "timezone": "", "local_start": None, "local_end": None}
    if meeting is not None:
        values = {f.name: getattr(meeting, f.name) for f in dataclass_fields(MeetingInput)
                  if hasattr(meeting, f.name)}
        values.update(local_start=_local(meeting.starts_at, meeting.timezone),
                      local_end=_local(meeting.ends_at, meeting.timezone))
    given = _flat(body)
    given.pop("accept_warnings", None)
    if "type" in given:
        values["type_id"] = _code(MeetingType, given.pop("type"), "type")
    for name, field in (("host", "host_party_id"), ("chair", "chair_party_id")):
        if name in given:
            values[field] = _code(Party, given.pop(name), name)
    for name, enum_class in (("status", MeetingStatus), ("visibility", Visibility), ("format", MeetingFormat)):
        if name in given:
            values[name] = enum_class(given.pop(name))
    tz = given.get("timezone", values.get("timezone", ""))
    for name, field in (("start", "local_start"), ("end", "local_end")):
        if name in given:
            values[field] = _wall_clock(given.pop(name), tz)
    values.update(given)
    return MeetingInput(**values)


def item_input(body: dict[str, Any], meeting: Meeting, item: AgendaItem | None = None) -> ItemInput:
    """The timetable entry as the body makes it: a new one, or ``item`` with the body's fields changed."""
    values: dict[str, Any] = {"title_en": "", "local_start": None, "local_end": None}
    if item is not None:
        values = {f.name: getattr(item, f.name) for f in dataclass_fields(ItemInput) if hasattr(item, f.name)}
        values.update(local_start=_local(item.starts_at, meeting.timezone),
                      local_end=_local(item.ends_at, meeting.timezone), speaker_ids=[p.id for p in item.speakers])
    given = _flat(body)
    given.pop("accept_warnings", None)
    if "kind" in given:
        values["kind"] = AgendaItemKind(given.pop("kind"))
    for name, field in (("start", "local_start"), ("end", "local_end")):
        if name in given:
            values[field] = _wall_clock(given.pop(name), meeting.timezone)
    values.update(given)
    return ItemInput(**values)


def move_input(body: dict[str, Any], meeting: Meeting) -> PostponeInput:
    """New dates (in the new zone, if the body names one), the reason, and the parts of the place
    the body names; the rest of the place is kept."""
    given = _flat(body)
    given.pop("accept_warnings", None)
    tz = given.get("timezone", meeting.timezone)
    values: dict[str, Any] = {
        "new_start": _wall_clock(given.pop("start"), tz), "new_end": _wall_clock(given.pop("end"), tz),
        "reason": given.pop("reason"),
    }
    status = given.pop("status", None)
    values["status"] = MeetingStatus(status) if status else None
    if "format" in given:
        values["format"] = MeetingFormat(given.pop("format"))
    values.update(given)
    return PostponeInput(**values)  # the parts of the place not named stay KEEP
