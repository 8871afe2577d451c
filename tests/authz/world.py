"""The world the authorization matrix asks about: one of each role and objects of every visibility
and owner, made through the builders (tests/conftest.py), and the URL arguments that name them.

Party A is Kazakhstan, party B China. The delegate is a person of party A, registered at the
public, the restricted and the draft meeting. Each object says what the policy's rules need to
know of it (which meeting it is at, whose it is); ``objects_for`` gives, for a route's URL
arguments, every object it is tried with. A route with arguments no entry of ``OBJECTS`` names
fails the matrix until one is added here.
"""

from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage

from sqlalchemy import select

from meetings.accounts import api_tokens
from meetings.accounts.sessions import end_sessions, start_session
from meetings.extensions import db
from meetings.feeds.tokens import hash_token, issue_token, revoke_token
from meetings.models import FeedToken, MeetingStatus, MessageKind, OutboxMessage, User, UserRole, Visibility
from meetings.notifications import outbox
from meetings.participants.photos import save_photo
from meetings.printing import storage
from tests.images import image_bytes

ANONYMOUS, DELEGATE, FOCAL_A, FOCAL_B, STAFF, ORGANIZER, ADMIN = (
    "anonymous", "delegate", "focal_a", "focal_b", "staff", "organizer", "admin")
ROLES = (ANONYMOUS, DELEGATE, FOCAL_A, FOCAL_B, STAFF, ORGANIZER, ADMIN)

# The meetings of the world, by the visibility they stand for, and the parties invited to each.
MEETINGS = ("public", "members", "restricted", "draft")
INVITED = {"public": {"A", "B"}, "members": {"A", "B"}, "restricted": {"A"}, "draft": {"A"}}


@dataclass(frozen=True)
class Obj:
    """One thing a route is asked about: its name in the report, its URL arguments, and what the
    rules need to know of it."""

    name: str
    args: dict = field(hash=False)
    meeting: str | None = None  # which meeting of MEETINGS it is, or is at
    party: str | None = None  # "A" or "B": whose registration, delegation, person or party
    serves: frozenset[str] = frozenset()  # a feed token: the roles it serves (who may revoke it)
    valid: bool = True  # False: the URL's parts do not belong together, or the token is revoked
    document: tuple[str, bool] | None = None  # a document's distribution and whether it is issued


@dataclass
class World:
    users: dict[str, User]
    objects: dict[frozenset[str], list[Obj]]

    def objects_for(self, arguments) -> list[Obj] | None:
        return self.objects.get(frozenset(arguments))


def _token_id(token: str) -> int:
    return db.session.scalar(select(FeedToken.id).where(FeedToken.token_hash == hash_token(token)))


def _api_token(user: User):
    return api_tokens.create_token(user, api_tokens.ApiTokenInput(name="Calendar sync"))[0]


def outbox_message_id() -> int:
    """A message in the outbox (what the admins' page shows and retries)."""
    message = EmailMessage()
    message["Subject"], message["To"] = "Reminder", "someone@example.org"
    message.set_content("Text")
    outbox.queue(message, recipient="someone@example.org", subject="Reminder", kind=MessageKind.REMINDER,
                 language="en", meeting_id=None)
    return db.session.scalar(db.select(OutboxMessage.id).order_by(OutboxMessage.id.desc()))


def stored_pdfs(m: dict[str, int]) -> list[Obj]:
    """PDFs rendered by a job and kept (meetings/printing/storage.py): the agenda of every meeting,
    the list of participants and badges of two; and fingerprints asked for under another meeting
    or another document, which are nobody's file."""
    made = {}
    for key, document in [(key, "agenda") for key in MEETINGS] + [
            (key, document) for key in ("public", "restricted") for document in ("participants", "badges")]:
        fp = storage.fingerprint(document, f"<p>{key} {document}</p>")
        storage.request_pdf(fp, f"<p>{key} {document}</p>",
                            storage.StoredDocument(m[key], document, f"{document}.pdf", f"/meetings/{m[key]}"))
        made[key, document] = fp
    found = [Obj(f"{key}/stored {document}", {"meeting_id": m[key], "document": document, "fingerprint": fp},
                 meeting=key) for (key, document), fp in made.items()]
    return found + [
        Obj("public/stored agenda of restricted", {"meeting_id": m["public"], "document": "agenda",
                                                   "fingerprint": made["restricted", "agenda"]}, meeting="public",
            valid=False),
        Obj("public/stored participants as badges", {"meeting_id": m["public"], "document": "badges",
                                                     "fingerprint": made["public", "participants"]}, meeting="public",
            valid=False),
        Obj("public/stored agenda as participants", {"meeting_id": m["public"], "document": "participants",
                                                     "fingerprint": made["public", "agenda"]}, meeting="public",
            valid=False),
    ]


def build_world(build) -> World:
    a, b = build.party("KZ"), build.party("CN")
    meetings = {
        "public": build.meeting(title_en="Public SOC", registration_deadline=date(2099, 1, 1)),
        "members": build.meeting(title_en="Members' SOC", visibility=Visibility.MEMBERS,
                                 registration_deadline=date(2099, 1, 1)),
        "restricted": build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED,
                                    registration_deadline=date(2099, 1, 1)),
        "draft": build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT, registration_deadline=date(2099, 1, 1)),
    }
    person_a = build.person(party_id=a.id, family_name="Abenov", given_names="Nurlan")
    person_b = build.person(party_id=b.id, family_name="Zhang", given_names="Wei")
    registrations = {}
    for key, meeting in meetings.items():
        for party in INVITED[key]:
            build.delegation(meeting, a if party == "A" else b)
        if "A" in INVITED[key]:
            registrations[key, "A"] = build.registration(meeting, a, person=person_a)
        if "B" in INVITED[key]:
            registrations[key, "B"] = build.registration(meeting, b, person=person_b)

    users = {
        DELEGATE: build.user(UserRole.DELEGATE, person_id=person_a.id),
        FOCAL_A: build.user(UserRole.FOCAL_POINT, party_id=a.id),
        FOCAL_B: build.user(UserRole.FOCAL_POINT, party_id=b.id),
        STAFF: build.user(UserRole.STAFF),
        ORGANIZER: build.user(UserRole.ORGANIZER),
        ADMIN: build.user(UserRole.ADMIN),
    }
    # Badge photos of both people: seeing one is the photo route's business, not whether it exists.
    for person in (person_a, person_b):
        save_photo(users[ORGANIZER], person, image_bytes())
    venue = build.venue("Palace", rooms=["Hall A"])
    room = venue.rooms[0]
    item = build.item(meetings["public"], title_en="Opening")

    tokens = {
        "delegate's own": (issue_token(user_id=users[DELEGATE].id, label="phone"), {DELEGATE}),
        "issued for the delegate": (issue_token(person_id=person_a.id, issued_by=users[ORGANIZER],
                                                meeting_id=meetings["public"].id), {DELEGATE}),
        "party A's": (issue_token(party_id=a.id), {FOCAL_A}),
        "issued for person B": (issue_token(person_id=person_b.id), set()),  # B has no account
    }
    revoked = issue_token(user_id=users[DELEGATE].id)
    revoke_token(_token_id(revoked), by=users[DELEGATE])
    m = {key: meeting.id for key, meeting in meetings.items()}
    ended_session = start_session(users[DELEGATE], "old laptop")
    end_sessions(users[DELEGATE], only=ended_session.id)

    def reg(key: str, party: str) -> Obj:
        return Obj(f"{key}/registration {party}", {"meeting_id": m[key], "registration_id": registrations[key, party].id},
                   meeting=key, party=party)

    objects: dict[frozenset[str], list[Obj]] = {
        frozenset(): [Obj("-", {})],
        frozenset({"meeting_id"}): [Obj(key, {"meeting_id": m[key]}, meeting=key) for key in MEETINGS],
        frozenset({"meeting_id", "registration_id"}): [
            reg("public", "A"), reg("public", "B"), reg("members", "B"), reg("restricted", "A"), reg("draft", "A"),
            # a registration of another meeting than the URL's
            Obj("members/registration A of public", {"meeting_id": m["members"],
                                                     "registration_id": registrations["public", "A"].id},
                meeting="members", party="A", valid=False),
        ],
        frozenset({"meeting_id", "delegation_id"}): [
            Obj(f"public/delegation {p}", {"meeting_id": m["public"], "delegation_id":
                                           registrations["public", p].delegation_id}, meeting="public", party=p)
            for p in ("A", "B")
        ] + [Obj("members/delegation A of public", {"meeting_id": m["members"], "delegation_id":
                                                    registrations["public", "A"].delegation_id},
                 meeting="members", party="A", valid=False)],
        frozenset({"meeting_id", "item_id"}): [
            Obj("public/item", {"meeting_id": m["public"], "item_id": item.id}, meeting="public"),
            Obj("members/item of public", {"meeting_id": m["members"], "item_id": item.id}, meeting="members",
                valid=False),
        ],
        frozenset({"meeting_id", "token_id"}): [
            # the tokens of a meeting's participants, on its invitations page
            Obj("public/token issued for the delegate",
                {"meeting_id": m["public"], "token_id": _token_id(tokens["issued for the delegate"][0])},
                meeting="public", party="A"),
            Obj("public/token issued for person B",
                {"meeting_id": m["public"], "token_id": _token_id(tokens["issued for person B"][0])},
                meeting="public", party="B"),
            Obj("restricted/token of person B (not there)",
                {"meeting_id": m["restricted"], "token_id": _token_id(tokens["issued for person B"][0])},
                meeting="restricted", party="B", valid=False),
            Obj("public/delegate's own token (a user's)",
                {"meeting_id": m["public"], "token_id": _token_id(tokens["delegate's own"][0])},
                meeting="public", valid=False),
        ],
        frozenset({"token"}): [Obj(f"token: {name}", {"token": token}, serves=frozenset(serves))
                               for name, (token, serves) in tokens.items()]
        + [Obj("token: revoked", {"token": revoked}, valid=False)],
        frozenset({"token_id"}): [Obj(f"token {name}", {"token_id": _token_id(token)}, serves=frozenset(serves))
                                  for name, (token, serves) in tokens.items()]
        + [Obj("token revoked", {"token_id": _token_id(revoked)}, valid=False)],
        # API tokens: revoked by their user, or by an admin; any other is a 404.
        frozenset({"api_token_id"}): [
            Obj(f"API token of {role}", {"api_token_id": _api_token(users[role]).id}, serves=frozenset({role}))
            for role in (DELEGATE, FOCAL_B)
        ] + [Obj("API token revoked", {"api_token_id": api_tokens.revoke_token(
            _api_token(users[STAFF]).id, by=users[STAFF]).id}, valid=False)],
        frozenset({"party_id"}): [Obj("party A", {"party_id": a.id}, party="A"),
                                  Obj("party B", {"party_id": b.id}, party="B")],
        frozenset({"person_id"}): [Obj("person A (the delegate)", {"person_id": person_a.id}, party="A"),
                                   Obj("person B", {"person_id": person_b.id}, party="B")],
        frozenset({"user_id"}): [Obj("user delegate", {"user_id": users[DELEGATE].id}, party="A"),
                                 Obj("user focal_b", {"user_id": users[FOCAL_B].id}, party="B")],
        # Login sessions on another device: ending one is its user's business; others are a 404.
        frozenset({"session_id"}): [
            Obj("session of the delegate", {"session_id": start_session(users[DELEGATE], "phone").id},
                serves=frozenset({DELEGATE})),
            Obj("session of focal_b", {"session_id": start_session(users[FOCAL_B], "phone").id},
                serves=frozenset({FOCAL_B})),
            Obj("ended session of the delegate", {"session_id": ended_session.id}, valid=False),
        ],
        frozenset({"venue_id"}): [Obj("venue", {"venue_id": venue.id})],
        frozenset({"room_id"}): [Obj("room", {"room_id": room.id})],
        frozenset({"message_id"}): [Obj("outbox message", {"message_id": outbox_message_id()})],
        frozenset({"lang"}): [Obj("Russian", {"lang": "ru"})],
        frozenset({"asset"}): [Obj("API reference's stylesheet", {"asset": "swagger-ui.css"})],
        frozenset({"meeting_id", "document", "fingerprint"}): stored_pdfs(m),
    }
    from tests.authz.world_documents import documents_objects  # it imports Obj from here
    from tests.authz.world_logistics import Cast, logistics_objects  # it imports Obj from here
    from tests.authz.world_protocol import protocol_objects  # it imports Obj from here

    cast = Cast(build, meetings, registrations, users, item, room)
    for arguments, found in [*logistics_objects(cast).items(), *protocol_objects(cast).items()]:
        objects.setdefault(arguments, []).extend(found)
    for arguments, found in documents_objects(build, meetings).items():
        objects.setdefault(arguments, []).extend(found)
    db.session.commit()
    return World(users, objects)
