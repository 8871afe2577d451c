"""Changing a meeting's protocol order: the draw, the alphabet, the overrides. Each is audited in
the meeting's history; the order itself is derived (order.py)."""

import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from meetings import audit
from meetings.domain import RuleError, found
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    Meeting,
    Party,
    PartyKind,
    ProtocolOrder,
    ProtocolOverride,
    utcnow,
)
from meetings.protocol.order import ALPHABETS, draw, protocol_order
from meetings.text import check_text
from meetings.transaction import operation

# A seed typed by a person (the number drawn from a hat in the room) or made here: 0 to 2**53 - 1,
# exact in every JSON reader and spreadsheet.
MAX_SEED = 2**53 - 1


def _record(meeting: Meeting) -> ProtocolOrder:
    record = db.session.scalar(select(ProtocolOrder).where(ProtocolOrder.meeting_id == meeting.id))
    if record is None:
        record = ProtocolOrder(meeting_id=meeting.id, alphabet="en", candidates=[])
        db.session.add(record)
    return record


def candidates(meeting: Meeting) -> list[str]:
    """The Member States that may be drawn: those taking part by the order's rule, by code."""
    return sorted(place.party.code for place in protocol_order(meeting) if place.party.kind is PartyKind.MEMBER_STATE)


@operation
def draw_first_party(meeting: Meeting, *, user, seed: int | None = None) -> ProtocolOrder:
    """Draw by lot the party the alphabetical round starts from; ``seed``: a number given by the
    room (else one made here). A redraw replaces the draw; the history keeps both."""
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise RuleError(_("Enter a whole number from 0 to %(max)s.", max=f"{MAX_SEED:,}"), "seed")
    codes = candidates(meeting)
    if not codes:
        raise RuleError(_("No Member State takes part yet: invite the delegations before the draw."), "seed")
    seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed
    code = draw(seed, codes)
    record = _record(meeting)
    before = record.first_party.code if record.first_party else None
    record.seed, record.candidates = seed, codes
    record.first_party_id = db.session.scalar(select(Party.id).where(Party.code == code))
    record.drawn_by_id, record.drawn_at = getattr(user, "id", None), utcnow()
    db.session.flush()
    audit.record(user, "protocol", "drawn", object_id=record.id, meeting_id=meeting.id,
                 summary=f"Protocol order: {code} drawn (seed {seed})",
                 changes={"first_party": [before, code], "seed": [None, seed], "candidates": [None, codes]})
    return record


@operation
def set_alphabet(meeting: Meeting, alphabet: str, *, user) -> ProtocolOrder:
    if alphabet not in ALPHABETS:
        raise RuleError(_("Choose a value from the list."), "alphabet")
    record = _record(meeting)
    before = record.alphabet
    if before != alphabet:
        record.alphabet = alphabet
        db.session.flush()
        audit.record(user, "protocol", "alphabet", object_id=record.id, meeting_id=meeting.id,
                     summary=f"Protocol order: {alphabet} alphabet", changes={"alphabet": [before, alphabet]})
    return record


@operation
def place_party(meeting: Meeting, party_id: int | None, position: int | None, reason: str, *, user) -> ProtocolOverride:
    """Put a party at a place by hand, with the reason (replacing its earlier override)."""
    order = protocol_order(meeting)
    place = next((p for p in order if p.party.id == party_id), None)
    if place is None:
        raise RuleError(_("Choose a party that takes part in the meeting."), "party_id")
    if position is None or not 1 <= position <= len(order):
        raise RuleError(_("Enter a place from 1 to %(n)d.", n=len(order)), "position")
    # Two parties put at one place would push each other down, and the list of placings would
    # name places they no longer hold: one party per place given by hand.
    holder = next((p for p in order if p.override and p.position == position and p.party.id != party_id), None)
    if holder is not None:
        raise RuleError(_("%(party)s is already put at place %(n)d: undo that first, or choose another place.",
                          party=localized(holder.party, "name"), n=position), "position")
    reason = check_text(reason or "", "reason").strip()
    if not reason:
        raise RuleError(_("Give the reason: it is kept in the meeting's history."), "reason")
    override = db.session.scalar(select(ProtocolOverride).where(
        ProtocolOverride.meeting_id == meeting.id, ProtocolOverride.party_id == party_id))
    author = getattr(user, "id", None)
    if override is None:
        override = ProtocolOverride(meeting_id=meeting.id, party_id=party_id, position=position, reason=reason,
                                    created_by_id=author)
        db.session.add(override)
    else:
        override.position, override.reason, override.created_by_id = position, reason, author
    db.session.flush()
    audit.record(user, "protocol", "placed", object_id=override.id, meeting_id=meeting.id, reason=reason,
                 summary=f"Protocol order: {place.party.code} put at place {position}",
                 changes={"party": [None, place.party.code], "position": [place.position, position]})
    return override


@operation
def remove_override(meeting: Meeting, override_id: int, *, user) -> bool:
    """Back to its place by the rule; False when there is no such placing any more (a second click,
    or a colleague was first). Another meeting's placing is not found (404)."""
    override = db.session.get(ProtocolOverride, override_id)
    if override is None:
        return False
    found(override, lambda o: o.meeting_id == meeting.id)
    audit.record(user, "protocol", "unplaced", object_id=override.id, meeting_id=meeting.id,
                 summary=f"Protocol order: {override.party.code} back to its place by the rule",
                 changes={"party": [override.party.code, None], "position": [override.position, None]})
    db.session.delete(override)
    return True


def overrides(meeting: Meeting) -> list[ProtocolOverride]:
    return list(db.session.scalars(select(ProtocolOverride).where(ProtocolOverride.meeting_id == meeting.id)
                                   .order_by(ProtocolOverride.position)))
