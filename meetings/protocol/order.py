"""The protocol order of a meeting: one rule, from which the speakers list, the seating plan, the
name plates and the check-in lists all take their order.

The parties are the meeting's delegations that have not declined (the Secretariat is no
delegation in protocol terms). They are ordered by
1. category: Member States, then observer states, then observer organisations, then partners;
2. within a category, the rank of who heads the delegation: head of state, head of government,
   minister, deputy minister, ambassador, other, then not yet known;
3. within a rank, the alphabetical order of the parties' names (English or Russian, the order's
   alphabet) starting from the party drawn by lot and going round: the drawn party first, then
   those after it in the alphabet, then from A (or А) up to it.
Overrides decided by hand then put a party at a place, the others keeping their order around it.

The draw is reproducible: ``random.Random(seed).choice(candidates)``, where the candidates are the
Member States' codes in code order at the time of the draw, both recorded (ProtocolOrder).
"""

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.models import (
    Delegation,
    DelegationLevel,
    DelegationReply,
    Meeting,
    Party,
    PartyKind,
    ProtocolOrder,
    ProtocolOverride,
)

CATEGORIES = (PartyKind.MEMBER_STATE, PartyKind.OBSERVER_STATE, PartyKind.OBSERVER_ORGANISATION,
              PartyKind.PARTNER_ORGANISATION)
# Ranks in protocol order; a level not yet known comes after all of them.
LEVELS = (DelegationLevel.HEAD_OF_STATE, DelegationLevel.HEAD_OF_GOVERNMENT, DelegationLevel.MINISTER,
          DelegationLevel.DEPUTY_MINISTER, DelegationLevel.AMBASSADOR, DelegationLevel.OTHER)
ALPHABETS = ("en", "ru")


@dataclass(frozen=True)
class Place:
    """One party's place in the order (``position`` from 1); ``override``: the reason it was put
    there by hand, else empty."""

    position: int
    party: Party
    delegation: Delegation
    override: str = ""

    @property
    def level(self) -> DelegationLevel | None:
        return self.delegation.level


@dataclass(frozen=True)
class ProtocolList:
    """The order of one meeting, with what it was made from."""

    meeting: Meeting
    record: ProtocolOrder | None
    places: list[Place]

    @property
    def alphabet(self) -> str:
        return self.record.alphabet if self.record else "en"

    @property
    def drawn(self) -> bool:
        return self.record is not None and self.record.first_party_id is not None

    def __iter__(self):
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)


def draw(seed: int, candidates: Sequence[str]) -> str:
    """The first party's code, by lot: the same seed and candidates give the same party, anywhere."""
    return random.Random(seed).choice(sorted(candidates))


def _name(party: Party, alphabet: str) -> str:
    return (party.name_ru or party.name_en) if alphabet == "ru" else party.name_en


def rotation(parties: Sequence[Party], first: Party | None, alphabet: str) -> dict[int, int]:
    """Each party's index in the alphabet going round from ``first`` (which need not be among
    them: a drawn party that later declined still fixes where the round starts)."""
    def key(party: Party) -> tuple:
        return collation_key(_name(party, alphabet), alphabet), party.code

    ordered = sorted(parties, key=key)
    start = 0 if first is None else bisect.bisect_left([key(p) for p in ordered], key(first))
    return {party.id: (index - start) % len(ordered) for index, party in enumerate(ordered)}


def _sort_key(delegation: Delegation, turn: dict[int, int]) -> tuple[int, int, int]:
    level = LEVELS.index(delegation.level) if delegation.level in LEVELS else len(LEVELS)
    return CATEGORIES.index(delegation.party.kind), level, turn[delegation.party_id]


def order_delegations(delegations: Sequence[Delegation], first: Party | None, alphabet: str,
                      overrides: Sequence[ProtocolOverride] = ()) -> list[Place]:
    """The rule above, on given rows (no query): delegations in protocol order, overrides applied."""
    taking_part = [d for d in delegations if d.reply is not DelegationReply.DECLINED and d.party.kind in CATEGORIES]
    turn = rotation([d.party for d in taking_part], first, alphabet)
    ordered = sorted(taking_part, key=lambda d: _sort_key(d, turn))
    by_party = {d.party_id: d for d in ordered}
    # Overrides of parties that take part (another's waits, unused), placed from the first place
    # down into the others' order: each insert leaves the places before it as they are.
    placed = sorted((o for o in overrides if o.party_id in by_party), key=lambda o: (o.position, o.id or 0))
    ordered = [d for d in ordered if d.party_id not in {o.party_id for o in placed}]
    for override in placed:
        ordered.insert(min(override.position, len(ordered) + 1) - 1, by_party[override.party_id])
    reasons = {o.party_id: o.reason for o in placed}
    return [Place(index, d.party, d, reasons.get(d.party_id, "")) for index, d in enumerate(ordered, start=1)]


def protocol_order(meeting: Meeting) -> ProtocolList:
    """The meeting's order as it is now (three queries, whatever the number of parties)."""
    record = db.session.scalar(select(ProtocolOrder).where(ProtocolOrder.meeting_id == meeting.id)
                               .options(joinedload(ProtocolOrder.first_party), joinedload(ProtocolOrder.drawn_by)))
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.meeting_id == meeting.id)
        .options(joinedload(Delegation.party), joinedload(Delegation.head))).all()
    overrides = db.session.scalars(select(ProtocolOverride).where(ProtocolOverride.meeting_id == meeting.id)).all()
    first = record.first_party if record else None
    return ProtocolList(meeting, record, order_delegations(delegations, first, record.alphabet if record else "en",
                                                           overrides))
