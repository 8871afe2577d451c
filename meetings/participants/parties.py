"""Parties: the registry of Member States, observers and partners, in each language's order."""

from sqlalchemy import select

from meetings import audit
from meetings.collation import collation_key
from meetings.domain import found
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import Party, PartyKind
from meetings.participants.inputs import PartyInput
from meetings.transaction import operation

PARTY_FIELDS = ("name_en", "name_ru", "kind", "joined_year", "active", "language")


def sort_parties(parties, lang: str) -> list:
    return sorted(parties, key=lambda p: collation_key(str(localized(p, "name", lang)), lang))


def list_parties(lang: str, kind: PartyKind | None = None) -> list[Party]:
    query = select(Party)
    if kind is not None:
        query = query.where(Party.kind == kind)
    return sort_parties(db.session.scalars(query), lang)


def get_party(party_id: int) -> Party:
    return found(db.session.get(Party, party_id))


def _text(value) -> str | None:
    return None if value is None else str(value)


@operation
def update_party(party: Party, value: PartyInput, user) -> Party:
    values = {key: getattr(value, key) for key in PARTY_FIELDS}
    # A party's trail has always kept its values as text (the year "1999"): one form per kind.
    changes = {key: [_text(before), _text(after)] for key, (before, after) in audit.diff(party, values).items()}
    for key, new in values.items():
        setattr(party, key, new)
    if changes:
        audit.record(user, "party", "edited", object_id=party.id, meeting_id=None, summary=f"Party {party.code}",
                     changes=changes)
    return party
