"""The logistics objects of the authorization matrix's world (tests/authz/world.py): each part
makes its objects (through the builders or its services) and names them by their URL arguments.
An Obj's ``meeting`` is the key of the meeting it is at; ``party`` whose it is ("A" or "B").
"""

from dataclasses import dataclass
from datetime import date, timedelta

from meetings.logistics.hotels import services as accommodation
from meetings.logistics.interpretation import services as interpretation_services
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.logistics.tasks import services as task_services
from meetings.logistics.tasks.services import TaskInput
from meetings.logistics.travel import services as travel_services
from meetings.logistics.visas import services as visa_services
from meetings.models import TaskStatus
from meetings.participants.access import participants_access
from meetings.participants.inputs import PersonInput
from meetings.participants.people import update_person
from meetings.timeutil import to_local
from tests.authz.world import ORGANIZER, STAFF, Obj


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
    """The travel routes take a meeting and a registration (world.py's objects); each of the public
    meeting's registrations gets an arrival, so the pages are asked with something to show."""
    meeting = cast.meetings["public"]
    access = travel_services.travel_access(cast.build.secretariat, meeting.id)
    arrival = to_local(meeting.starts_at - timedelta(hours=20), meeting.timezone).replace(tzinfo=None)
    for party, flight in (("A", "KC 951"), ("B", "CZ 6025")):
        travel_services.save_travel(access, cast.registrations["public", party], travel_services.TravelInput(
            arrival=travel_services.LegInput(arrival, flight=flight, airport="GYD")))
    return {}


def interpretation(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    """An interpreter (shared by all meetings) and an id of none; items reuse world.py's
    {"meeting_id", "item_id"} (the public meeting's item, and that item under another meeting)."""
    interpreter = interpretation_services.save_interpreter(None, InterpreterInput(name="Anna Petrova", languages="en, ru"),
                                            user=cast.build.secretariat)
    interpretation_services.set_item_languages(cast.item, ItemLanguagesInput(["en", "ru"], {"ru": [interpreter.id]}),
                                user=cast.build.secretariat)
    return {frozenset({"interpreter_id"}): [
        Obj("interpreter", {"interpreter_id": interpreter.id}),
        Obj("interpreter that does not exist", {"interpreter_id": interpreter.id + 1000}, valid=False),
    ]}


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
    organizer, staff = cast.users[ORGANIZER], cast.users[STAFF]
    public, draft = cast.meetings["public"], cast.meetings["draft"]

    def task(meeting, title, owner=None) -> int:
        return task_services.create_task(meeting, TaskInput(title_en=title, owner_id=owner.id if owner else None,
                                                            due_date=date(2026, 12, 1), status=TaskStatus.OPEN),
                                         user=organizer).id

    staffs, nobodys, drafts = task(public, "Badges", staff), task(public, "Visa letters"), task(draft, "Hotel", staff)
    ids = {"meeting_id": public.id}
    return {frozenset({"meeting_id", "task_id"}): [
        Obj("public/task of staff", ids | {"task_id": staffs}, meeting="public", serves=frozenset({STAFF})),
        Obj("public/task of nobody", ids | {"task_id": nobodys}, meeting="public"),
        Obj("draft/task of staff", {"meeting_id": draft.id, "task_id": drafts}, meeting="draft",
            serves=frozenset({STAFF})),
        # a task of another meeting than the URL's
        Obj("members/task of public", {"meeting_id": cast.meetings["members"].id, "task_id": staffs},
            meeting="members", serves=frozenset({STAFF}), valid=False),
    ]}


def logistics_objects(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    objects: dict[frozenset[str], list[Obj]] = {}
    for part in (hotels, travel, interpretation, visas, tasks):
        for arguments, found in part(cast).items():
            objects.setdefault(arguments, []).extend(found)
    return objects
