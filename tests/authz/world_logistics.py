"""The logistics objects of the authorization matrix's world (tests/authz/world.py): each part
makes its objects (through the builders or its services) and names them by their URL arguments.
An Obj's ``meeting`` is the key of the meeting it is at; ``party`` whose it is ("A" or "B").
"""

from dataclasses import dataclass
from datetime import date

from meetings.logistics.tasks import services as task_services
from meetings.logistics.tasks.services import TaskInput
from meetings.models import TaskStatus
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
    return {}


def travel(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def interpretation(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def visas(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    return {}


def tasks(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    organizer, staff = cast.users[ORGANIZER], cast.users[STAFF]
    public, draft = cast.meetings["public"], cast.meetings["draft"]

    def task(meeting, title, owner=None) -> int:
        return task_services.create_task(meeting, TaskInput(title=title, owner_id=owner.id if owner else None,
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
