"""The logistics objects of the authorization matrix's world (tests/authz/world.py): each part
makes its objects (through the builders or its services) and names them by their URL arguments.
An Obj's ``meeting`` is the key of the meeting it is at; ``party`` whose it is ("A" or "B").
"""

from dataclasses import dataclass
from datetime import date

from meetings.logistics.visas import services as visa_services
from meetings.participants.access import participants_access
from meetings.participants.inputs import PersonInput
from meetings.participants.people import update_person
from tests.authz.world import Obj  # noqa: F401 (for the parts' objects)


@dataclass
class Cast:
    """What the world made that the parts build on."""

    build: object
    meetings: dict  # key in MEETINGS -> Meeting
    registrations: dict  # (meeting key, "A"/"B") -> Registration
    users: dict  # role -> User
    item: object  # an agenda item of the public meeting
    room: object  # a room of the world's venue


def hotels(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def travel(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def interpretation(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def visas(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    """Letters requested (through the service, by the organizer) for party A and B at the public
    meeting and A at the restricted one; the public one named under another meeting's URL."""
    letters = {}
    for key, party in (("public", "A"), ("public", "B"), ("restricted", "A")):
        meeting = cast.meetings[key]
        registration = cast.registrations[key, party]
        update_person(registration.person, PersonInput(passport_number="P0000001", passport_expiry=date(2035, 1, 1)),
                      cast.users["organizer"])
        access = participants_access(cast.users["organizer"], meeting.id)
        letters[key, party] = visa_services.request_letter(
            access, registration.id, visa_services.LetterInput("Embassy in Astana", "en")).id

    def letter(key: str, party: str, url_meeting: str | None = None) -> Obj:
        at = url_meeting or key
        return Obj(f"{at}/visa letter {party}" + (f" of {key}" if url_meeting else ""),
                   {"meeting_id": cast.meetings[at].id, "letter_id": letters[key, party]},
                   meeting=at, party=party, valid=url_meeting is None)

    return {frozenset({"meeting_id", "letter_id"}): [
        letter("public", "A"), letter("public", "B"), letter("restricted", "A"), letter("public", "A", "members")]}


def tasks(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def logistics_objects(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    objects: dict[frozenset[str], list[Obj]] = {}
    for part in (hotels, travel, interpretation, visas, tasks):
        for arguments, found in part(cast).items():
            objects.setdefault(arguments, []).extend(found)
    return objects
