"""A person's data, exported on request: everything the system holds about them, as JSON.

For the Secretariat's organizers and admins, who answer such requests; the export itself is
audited. Never a password hash or a feed token's hash: they are secrets, not data about the
person, and the person has no use for them.
"""

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from meetings import audit
from meetings.domain import NotAllowedError
from meetings.extensions import db
from meetings.history import jsonable
from meetings.models import (
    AuditEntry,
    FeedToken,
    HotelAssignment,
    HotelBlock,
    Registration,
    Travel,
    User,
    VisaLetter,
    utcnow,
)
from meetings.participants.people import PERSON_FIELDS, get_person, person_registrations
from meetings.transaction import operation


def _fields(obj, names) -> dict[str, Any]:
    return {name: jsonable(getattr(obj, name)) for name in names}


def _registration(r: Registration, logistics: dict[str, dict[int, list]]) -> dict[str, Any]:
    meeting = r.meeting
    stays = [{**_fields(a, ("check_in", "check_out", "room_number", "note")), "hotel": a.hotel_block.hotel.name_en,
              "room_type": a.hotel_block.room_type} for a in logistics["hotel_assignment"].get(r.id, [])]
    return {
        **_fields(r, ("id", "role", "status", "ministerial_level", "badge_number", "created_at", "status_changed_at")),
        "meeting": _fields(meeting, ("id", "title_en", "title_ru", "starts_at", "ends_at", "timezone", "city_en")),
        "hotel": stays[0] if stays else None,
        "travel": [_fields(t, ("direction", "at", "flight", "airport", "pickup", "note"))
                   for t in logistics["travel"].get(r.id, [])],
        "visa_letter": next((_fields(v, ("status", "reference", "language", "embassy", "note", "requested_at",
                                         "issued_at", "sent_at")) for v in logistics["visa_letter"].get(r.id, [])),
                            None),
    }


def _logistics(registration_ids: list[int]) -> dict[str, dict[int, list]]:
    """The person's hotel stays, arrivals and departures and visa letters, by registration, under
    the names their audit entries use."""
    found: dict[str, dict[int, list]] = {}
    for name, model, options in (
        ("hotel_assignment", HotelAssignment, (joinedload(HotelAssignment.hotel_block).joinedload(HotelBlock.hotel),)),
        ("travel", Travel, ()),
        ("visa_letter", VisaLetter, ()),
    ):
        rows = db.session.scalars(select(model).where(model.registration_id.in_(registration_ids))
                                  .options(*options).order_by(model.id))
        found[name] = {}
        for row in rows:
            found[name].setdefault(row.registration_id, []).append(row)
    return found


def _audit_about(person_id: int, registration_ids: list[int], user_ids: list[int],
                 logistics: dict[str, dict[int, list]]) -> list[dict[str, Any]]:
    """Entries about the person, their registrations, their logistics and their accounts (not what
    they did to others)."""
    about = [and_(AuditEntry.object_type == "person", AuditEntry.object_id == person_id)]
    if registration_ids:
        about.append(and_(AuditEntry.object_type == "registration", AuditEntry.object_id.in_(registration_ids)))
    for object_type, by_registration in logistics.items():
        ids = [row.id for rows in by_registration.values() for row in rows]
        if ids:
            about.append(and_(AuditEntry.object_type == object_type, AuditEntry.object_id.in_(ids)))
    if user_ids:
        about.append(and_(AuditEntry.object_type == "user", AuditEntry.object_id.in_(user_ids)))
    entries = db.session.scalars(
        select(AuditEntry).where(or_(*about)).options(joinedload(AuditEntry.user)).order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        {**_fields(e, ("at", "action", "object_type", "object_id", "meeting_id", "summary", "reason", "changes")),
         "by": e.user.email if e.user else None}
        for e in entries
    ]


@operation
def export_person(person_id: int, user) -> dict[str, Any]:
    """Everything held about the person (organizers and admins only, else NotAllowedError;
    NotFoundError for no such person), and an audit entry saying who exported it."""
    if not user.is_organizer:
        raise NotAllowedError()
    person = get_person(person_id)
    registrations = person_registrations(person)
    accounts = list(db.session.scalars(select(User).where(User.person_id == person.id).order_by(User.id)))
    user_ids = [u.id for u in accounts]
    owner = FeedToken.person_id == person.id
    if user_ids:
        owner = or_(owner, FeedToken.user_id.in_(user_ids))
    tokens = db.session.scalars(select(FeedToken).where(owner).order_by(FeedToken.created_at, FeedToken.id))
    logistics = _logistics([r.id for r in registrations])
    data = {
        "exported_at": jsonable(utcnow()),
        "person": {
            **_fields(person, ("id", *PERSON_FIELDS, "created_at", "updated_at")),
            "party": person.party.code if person.party else None,
        },
        "registrations": [_registration(r, logistics) for r in registrations],
        "accounts": [
            {**_fields(u, ("id", "email", "name", "role", "locale", "active", "created_at", "last_login_at")),
             "party": u.party.code if u.party else None}
            for u in accounts
        ],
        "feed_tokens": [_fields(t, ("id", "label", "created_at", "revoked_at", "last_used_at")) for t in tokens],
        "audit": _audit_about(person.id, [r.id for r in registrations], user_ids, logistics),
    }
    audit.record(user, "person", "exported", object_id=person.id, meeting_id=None,
                 summary=f"Person {person.display_name}: all data held exported on request")
    return data
