"""The logistics objects of the authorization matrix's world (tests/authz/world.py): each part
makes its objects (through the builders or its services) and names them by their URL arguments.
An Obj's ``meeting`` is the key of the meeting it is at; ``party`` whose it is ("A" or "B").
"""

from dataclasses import dataclass
from datetime import timedelta

from meetings.logistics.hotels import services as accommodation
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
    """A hotel with a block and an assignment at the public, restricted and draft meetings (party
    A's registration; B's at the public one); objects named under another meeting are invalid."""
    organizer = cast.build.secretariat
    hotel = accommodation.save_hotel(None, accommodation.HotelInput(name_en="Hilton Baku", city="Baku"), user=organizer)
    unused = accommodation.save_hotel(None, accommodation.HotelInput(name_en="Unused Inn", city="Baku"), user=organizer)
    blocks, assignments = {}, {}
    for key in ("public", "restricted", "draft"):
        meeting = cast.meetings[key]
        day = meeting.starts_at.date()
        blocks[key] = accommodation.save_block(meeting, None, accommodation.BlockInput(
            hotel_id=hotel.id, room_type="Single", rooms=5, check_in=day - timedelta(days=1),
            check_out=day + timedelta(days=1)), user=organizer, accept_warnings=True)
        for party in ("A", "B"):
            if (key, party) in cast.registrations:
                assignments[key, party] = accommodation.assign(blocks[key], accommodation.AssignmentInput(
                    registration_id=cast.registrations[key, party].id, check_in=day - timedelta(days=1),
                    check_out=day + timedelta(days=1)), user=organizer, accept_warnings=True)
    m = {key: meeting.id for key, meeting in cast.meetings.items()}
    keys = ("public", "restricted", "draft")
    return {
        frozenset({"hotel_id"}): [Obj("hotel", {"hotel_id": hotel.id})],
        frozenset({"meeting_id", "hotel_id"}): [
            *(Obj(f"{key}/hotel", {"meeting_id": m[key], "hotel_id": hotel.id}, meeting=key) for key in keys),
            Obj("public/hotel without a block there", {"meeting_id": m["public"], "hotel_id": unused.id},
                meeting="public", valid=False),
            Obj("members/hotel of public", {"meeting_id": m["members"], "hotel_id": hotel.id}, meeting="members",
                valid=False),
        ],
        frozenset({"meeting_id", "block_id"}): [
            *(Obj(f"{key}/block", {"meeting_id": m[key], "block_id": blocks[key].id}, meeting=key) for key in keys),
            Obj("members/block of public", {"meeting_id": m["members"], "block_id": blocks["public"].id},
                meeting="members", valid=False),
        ],
        frozenset({"meeting_id", "assignment_id"}): [
            *(Obj(f"{key}/assignment {party}", {"meeting_id": m[key], "assignment_id": a.id}, meeting=key,
                  party=party) for (key, party), a in assignments.items()),
            Obj("members/assignment of public", {"meeting_id": m["members"],
                                                 "assignment_id": assignments["public", "A"].id},
                meeting="members", party="A", valid=False),
        ],
    }


def travel(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def interpretation(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def visas(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def tasks(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def logistics_objects(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    objects: dict[frozenset[str], list[Obj]] = {}
    for part in (hotels, travel, interpretation, visas, tasks):
        for arguments, found in part(cast).items():
            objects.setdefault(arguments, []).extend(found)
    return objects
