"""Every GET route, as every kind of user, with a query string nobody meant: never a 5xx.

Routes come from the URL map, so a new route is tried here the day it is added; its ids come
from a small world holding one of everything.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest

from meetings.feeds.tokens import issue_token
from meetings.logistics.hotels import services as hotels
from meetings.logistics.interpretation import services as interpretation
from meetings.logistics.interpretation.inputs import InterpreterInput
from meetings.logistics.tasks import services as tasks
from meetings.logistics.visas import services as visas
from meetings.models import TaskStatus, UserRole
from meetings.participants.access import participants_access
from meetings.timeutil import to_local
from tests.authz.world import outbox_message_id
from tests.documents.samples import pdf_bytes
from tests.participants.conftest import world  # noqa: F401 - the fixture

NAMES = ["year", "month", "view", "status", "type", "party", "role", "kind", "q", "lang", "person", "breaks",
         "next", "page", "active", "id", "meeting_id", "registration_id", "_method", "_external", "_scheme", "_anchor",
         "direction", "day", "pickup", "missing", "show", "overdue", "owner", "back", "days", "mine",
         "registrations", "from", "to", "per_page"]
VALUES = ["²", "\x00", "9" * 40, "2026-02-30", "https://elsewhere.example/"]
# Anonymous, the Secretariat (who reach every page), a focal point (whose pages are their party's)
# and an admin (the accounts pages).
ROLES = [None, UserRole.ORGANIZER, UserRole.FOCAL_POINT, UserRole.ADMIN]


def _query(value: str) -> str:
    return "&".join(f"{name}={quote(value)}" for name in NAMES) + "&year=1&year=2"


@pytest.fixture
def urls(app, world, build):  # noqa: F811
    venue = build.venue("Palace", "Astana", "Asia/Almaty")
    room = build.room("Hall A", venue=venue)
    item = build.item(world.meeting, title_en="Opening", room=room,
                      minutes=int((world.meeting.ends_at - world.meeting.starts_at).total_seconds() // 60))
    ids = {"meeting_id": world.meeting.id, "registration_id": world.kz_head.id, "party_id": world.kz.party_id,
           "person_id": world.kz_head.person_id, "venue_id": venue.id, "room_id": room.id, "item_id": item.id,
           "delegation_id": world.kz.id, "token_id": 1, "session_id": 1, "user_id": build.user(UserRole.STAFF).id, "token": issue_token(party_id=world.kz.party_id),
           "lang": "en", "document": "agenda", "fingerprint": "0" * 64,
           "asset": "swagger-ui.css"}
    ids |= _logistics(world, build) | {"message_id": outbox_message_id()}
    ids["document_id"] = build.document(world.meeting, files={"en": pdf_bytes()}, issued=True, agenda_item_id=item.id).id
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        found.append(rule.build({name: ids[name] for name in rule.arguments})[1])
    return sorted(found)


def _logistics(world, build) -> dict[str, int]:  # noqa: F811
    """One of each logistics object of the world's meeting, made through the services."""
    organizer, meeting = build.secretariat, world.meeting
    day = to_local(meeting.starts_at, meeting.timezone).date()
    hotel = hotels.save_hotel(None, hotels.HotelInput(name_en="Hilton Baku", city="Baku"), user=organizer)
    block = hotels.save_block(meeting, None, hotels.BlockInput(hotel_id=hotel.id, room_type="Single", rooms=5, check_in=day,
                                                                check_out=day + timedelta(days=1)),
                              user=organizer, accept_warnings=True)
    stay = hotels.assign(block, hotels.AssignmentInput(registration_id=world.kz_head.id, check_in=block.check_in,
                                                       check_out=block.check_out), user=organizer, accept_warnings=True)
    interpreter = interpretation.save_interpreter(None, InterpreterInput(name="Anna Petrova", languages="en, ru"),
                                                  user=organizer)
    letter = visas.request_letter(participants_access(organizer, meeting.id), world.kz_head.id,
                                  visas.LetterInput("Embassy in Astana", "en"))
    task = tasks.create_task(meeting, tasks.TaskInput(title_en="Badges", owner_id=None, due_date=day,
                                                      status=TaskStatus.OPEN), user=organizer)
    return {"hotel_id": hotel.id, "block_id": block.id, "assignment_id": stay.id, "interpreter_id": interpreter.id,
            "letter_id": letter.id, "task_id": task.id}


@pytest.mark.parametrize("value", VALUES)
def test_no_route_answers_5xx_to_a_hostile_query_string(client, auth, world, urls, value):  # noqa: F811
    failures = []
    for role in ROLES:
        auth.logout()
        if role is not None:
            auth.login(role, **({"party_id": world.kz.party_id} if role is UserRole.FOCAL_POINT else {}))
        for url in urls:
            if url.endswith(".pdf") and value != VALUES[0]:
                continue  # PDFs read the same arguments as their HTML pages, and take a second each
            status = client.get(f"{url}?{_query(value)}").status_code
            if status >= 500:
                failures.append((role, url, status))
    assert failures == []


@pytest.mark.parametrize("number", [2**31, 10**25])
def test_an_id_no_row_can_have_is_a_404_whatever_the_method(app, client, auth, number):
    """Every route with an id, each of its methods, with an id beyond what a column holds: not
    found, as for any other missing id (was a 405 for PATCH/DELETE, as if only GET existed there)."""
    auth.login(UserRole.ORGANIZER)
    others = {"token": "x" * 43, "lang": "en", "document": "agenda", "fingerprint": "0" * 64,
              "asset": "swagger-ui.css"}
    answers = {}
    for rule in app.url_map.iter_rules():
        ids = [name for name in rule.arguments if rule._converters[name].__class__.__name__ == "IdConverter"]
        if not ids:
            continue
        url = rule.build({name: number if name in ids else others[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answers[method, rule.rule] = client.open(url, method=method, json={} if "/api/" in url else None).status_code
    # The API reads the (here empty) body before the meeting: a 422 that says what it lacks.
    assert answers and {key: code for key, code in answers.items()
                        if code not in (403, 404) and not (code == 422 and "/api/" in key[1])} == {}
    assert answers["PATCH", "/api/v1/meetings/<int:meeting_id>"] == answers["DELETE", "/api/v1/meetings/<int:meeting_id>/items/<int:item_id>"] == 404
