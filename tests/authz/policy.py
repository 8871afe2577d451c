"""The access policy, in one table: for every endpoint of the app, who may do what to which object.

``POLICY`` maps an endpoint to a rule: a function (role, obj) -> the expected answer, for every
method of the route (or a dict method -> rule where they differ). A new route needs one line here,
e.g. ``"accounts.sessions": logged_in,``; objects for new URL arguments are made in world.py.

Answers:
- ALLOWED: a 2xx or 3xx that is not a redirect to the login page (for a POST with an empty form
  anything but a refusal and a 5xx: the form may say what is missing with a 400 or its page);
- LOGIN: a 302 to the login page (anonymous users on pages that need an account);
- UNAUTHORIZED (401): a machine client without credentials (the API's writes);
- FORBIDDEN (403): a logged-in user whose role may not use the route at all;
- NOT_FOUND (404): an object the user may not see (a restricted meeting, another party's
  registration, a token that does not serve them), so that the answer never confirms it exists.
"""

from collections.abc import Callable

from tests.authz.world import (
    ADMIN,
    ANONYMOUS,
    DELEGATE,
    FOCAL_A,
    FOCAL_B,
    INVITED,
    ORGANIZER,
    ROLES,
    STAFF,
    Obj,
)

ALLOWED, LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = "allowed", "login", 401, 403, 404

SECRETARIAT = {STAFF, ORGANIZER, ADMIN}
ORGANIZERS = {ORGANIZER, ADMIN}
FOCAL_POINTS = {FOCAL_A: "A", FOCAL_B: "B"}
# Who sees each meeting of the world (meetings/visibility.py): members-only meetings are for
# logged-in users of member parties, the restricted one for its participants (the delegate) and
# the focal points of invited parties (A), drafts for the Secretariat.
SEES = {
    "public": set(ROLES),
    "members": set(ROLES) - {ANONYMOUS},
    "restricted": {DELEGATE, FOCAL_A} | SECRETARIAT,
    "draft": SECRETARIAT,
}

Rule = Callable[[str, Obj], object]


def everyone(role: str, obj: Obj):
    return ALLOWED


def logged_in(role: str, obj: Obj):
    return LOGIN if role == ANONYMOUS else ALLOWED


def only(*roles: str) -> Rule:
    """Some roles only: anonymous users are sent to log in, other roles refused; the object is
    then looked up (an object whose URL parts do not belong together: 404)."""

    def rule(role: str, obj: Obj):
        if role == ANONYMOUS:
            return LOGIN
        if role not in roles:
            return FORBIDDEN
        return ALLOWED if obj.valid else NOT_FOUND

    return rule


secretariat = only(*SECRETARIAT)
organizers = only(*ORGANIZERS)
admins = only(ADMIN)


def sees_meeting(role: str, obj: Obj):
    """Pages and exports of a meeting, for whoever may see it; to anyone else it does not exist."""
    return ALLOWED if role in SEES[obj.meeting] else NOT_FOUND


def participants(role: str, obj: Obj):
    """A meeting's participants (meetings/participants/access.py): the Secretariat sees all, a
    focal point the delegation of their own party if it is invited, a delegate none (403)."""
    if role == ANONYMOUS:
        return LOGIN
    if role not in SEES[obj.meeting]:
        return NOT_FOUND
    if role in FOCAL_POINTS:
        party = FOCAL_POINTS[role]
        if party not in INVITED[obj.meeting] or obj.party not in (None, party):
            return NOT_FOUND
    elif role not in SECRETARIAT:
        return FORBIDDEN
    return ALLOWED if obj.valid else NOT_FOUND


def api_participants(role: str, obj: Obj):
    """A meeting's participants in the API: Secretariat roles only (who see every meeting); to
    anyone else a 404, as for a meeting they may not see (no login redirect for a machine)."""
    return ALLOWED if role in SECRETARIAT else NOT_FOUND


def api_writers(role: str, obj: Obj):
    """The API's writes: organizers; anyone else is refused before the object is looked up (a 401
    without credentials, a 403 with another role: nothing learnt of the object)."""
    if role == ANONYMOUS:
        return UNAUTHORIZED
    if role not in ORGANIZERS:
        return FORBIDDEN
    return ALLOWED if obj.valid else NOT_FOUND


def api_item(role: str, obj: Obj):
    """An entry of a meeting's timetable: whoever sees the meeting, if the entry is its."""
    return ALLOWED if role in SEES[obj.meeting] and obj.valid else NOT_FOUND


def registering(role: str, obj: Obj):
    """Registering and editing people: as seeing them, but staff only look (403)."""
    return FORBIDDEN if role == STAFF and participants(role, obj) == ALLOWED else participants(role, obj)


def token_feed(role: str, obj: Obj):
    """A personal feed: the token is the key, whoever asks; revoked or unknown, it is a 404."""
    return ALLOWED if obj.valid else NOT_FOUND


def token_owner(role: str, obj: Obj):
    """Revoking on one's account: a token that serves the user (their own, their person's, their
    party's), whoever issued it; any other token is a 404."""
    if role == ANONYMOUS:
        return LOGIN
    return ALLOWED if obj.valid and role in obj.serves else NOT_FOUND


def api_token_owner(role: str, obj: Obj):
    """Revoking an API token: one's own, or (an admin) anyone's; revoked or another's, a 404."""
    if role == ANONYMOUS:
        return LOGIN
    return ALLOWED if obj.valid and (role in obj.serves or role == ADMIN) else NOT_FOUND


def task_owner(role: str, obj: Obj):
    """A task's status and note (meetings/logistics/tasks): organizers change any task, a staff
    member only the tasks they own (``serves``: STAFF), others' are a 403; other roles 403."""
    answer = organizers(role, obj)
    if role == STAFF and obj.valid:
        return ALLOWED if STAFF in obj.serves else FORBIDDEN
    return NOT_FOUND if role == STAFF else answer


def focal_only(rule: Rule) -> Rule:
    """The focal point's desk: other roles are refused (403) before anything is looked up; for
    focal points, ``rule`` decides."""

    def decide(role: str, obj: Obj):
        if role == ANONYMOUS:
            return LOGIN
        return rule(role, obj) if role in FOCAL_POINTS else FORBIDDEN

    return decide


def stored_pdf(role: str, obj: Obj):
    """A PDF kept by its fingerprint: the rule of its document's own URL (the agenda for whoever
    sees the meeting, the list of participants and the badges for the Secretariat), and a
    fingerprint of another meeting's or document's file is no file (404), whoever knows it."""
    if obj.args["document"] != "agenda" and secretariat(role, obj) in (LOGIN, FORBIDDEN):
        return secretariat(role, obj)
    if sees_meeting(role, obj) != ALLOWED:
        return NOT_FOUND
    return ALLOWED if obj.valid else NOT_FOUND


def photo_changer(role: str, obj: Obj):
    """A badge photo (meetings/participants/photos.py): the Secretariat changes any, a focal
    point their own party's people's (others' are a 404), a delegate none (403)."""
    if role == ANONYMOUS:
        return LOGIN
    if role in SECRETARIAT:
        return ALLOWED
    if role in FOCAL_POINTS:
        return ALLOWED if obj.party == FOCAL_POINTS[role] else NOT_FOUND
    return FORBIDDEN


def photo_viewer(role: str, obj: Obj):
    """Seeing a badge photo: whoever may change it, and the person themselves (the delegate is
    person A); to anyone else it does not exist."""
    if role == DELEGATE:
        return ALLOWED if obj.party == "A" and obj.name.startswith("person A") else NOT_FOUND
    return photo_changer(role, obj)


def document_reader(role: str, obj: Obj):
    """A document's page and files (meetings/visibility.visible_documents_clause): whoever sees its
    meeting and is in the audience of its distribution (the three audiences of a meeting's
    visibility: restricted is the meeting's participants, here the delegate and the focal points
    of invited parties); drafts are the Secretariat's. To anyone else it does not exist."""
    distribution, issued = obj.document
    audience = {
        "public": set(ROLES),
        "members": set(ROLES) - {ANONYMOUS},
        "restricted": {DELEGATE} | {f for f, p in FOCAL_POINTS.items() if p in INVITED[obj.meeting]} | SECRETARIAT,
    }[distribution]
    if not issued:
        audience = SECRETARIAT
    return ALLOWED if obj.valid and role in SEES[obj.meeting] and role in audience else NOT_FOUND


def live_viewer(role: str, obj: Obj):
    """The live view of a speakers list: the Secretariat and the entry's chair (``serves``: the
    delegate, who chairs one entry); others who see the meeting are refused (403)."""
    if role == ANONYMOUS:
        return LOGIN
    if role not in SEES[obj.meeting] or not obj.valid:
        return NOT_FOUND
    return ALLOWED if role in SECRETARIAT or role in obj.serves else FORBIDDEN


def live_controller(role: str, obj: Obj):
    """Starting and stopping the floor: the chair's side only (the chair, organizers and admins at
    the console for them); staff look only (403)."""
    answer = live_viewer(role, obj)
    return FORBIDDEN if answer == ALLOWED and role == STAFF and role not in obj.serves else answer


# Ending a login session: one's own open session, else a 404 (the same rule as a token's).
own_session = token_owner


POLICY: dict[str, Rule | dict[str, Rule]] = {
    # accounts
    "accounts.login": everyone,
    "accounts.logout": logged_in,
    "accounts.set_language": everyone,
    "accounts.account": logged_in,
    "accounts.create_feed": logged_in,
    "accounts.revoke_feed": token_owner,
    "accounts.create_api_token": logged_in,
    "accounts.revoke_api_token": api_token_owner,
    "accounts.set_preferred_language": logged_in,
    "accounts.change_password": logged_in,
    "accounts.end_all_sessions": logged_in,
    "accounts.end_session": own_session,
    # accounts of others: admins
    "accounts.users": admins,
    "accounts.new_user": admins,
    "accounts.edit_user": admins,
    "accounts.deactivate_user": admins,
    "accounts.reactivate_user": admins,
    "accounts.reset_password": admins,
    # the public calendar, its feeds and the API: the visibility rule alone
    "calendar.index": everyone,
    "calendar.calendar": everyone,
    "calendar.meeting": sees_meeting,
    "api.meetings": everyone,
    "api.meeting": sees_meeting,
    "api.parties": everyone,
    "api.participants": api_participants,
    # the protocol order: the Secretariat
    "protocol.order": secretariat,
    "protocol.draw": secretariat,
    "protocol.alphabet": secretariat,
    "protocol.place": secretariat,
    "protocol.unplace": secretariat,
    # speakers lists: the Secretariat every party's, a focal point their own party's; the floor
    "protocol.speakers": participants,
    "protocol.inscribe": participants,
    "protocol.withdraw": participants,
    "protocol.speaker_time": organizers,
    "protocol.live": live_viewer,
    "protocol.live_json": live_viewer,
    "protocol.live_control": live_controller,
    "protocol.speakers_print": secretariat,
    "protocol.speakers_print_pdf": secretariat,
    "protocol.seating_plan": secretariat,
    "protocol.save_seating_plan": secretariat,
    "protocol.seating_pdf": secretariat,
    "protocol.name_plates_pdf": secretariat,
    # check-in at the door: the Secretariat (focal points and delegates: 403)
    "protocol.checkin_page": secretariat,
    "protocol.scan": secretariat,
    "protocol.checkin_counts": secretariat,
    "api.item": api_item,
    "api.create_meeting": api_writers,
    "api.update_meeting": api_writers,
    "api.change_status": api_writers,
    "api.move_meeting": api_writers,
    "api.add_item": api_writers,
    "api.update_item": api_writers,
    "api.delete_item": api_writers,
    "api_docs.openapi_json": everyone,
    "api_docs.reference": everyone,
    "api_docs.asset": everyone,
    "feeds.public_feed": everyone,
    "feeds.meeting_feed": sees_meeting,
    "feeds.personal_feed": token_feed,
    "printing.agenda": sees_meeting,
    "printing.agenda_pdf": sees_meeting,
    # the documents archive's search: everyone, each finding what they may see (tests/documents/test_search.py)
    "documents.archive": everyone,
    # invitations and the addresses issued for participants: organizers
    "feeds.invitations": organizers,
    "feeds.issue_person_feed": organizers,
    "feeds.revoke_person_feed": organizers,
    # parties are public; people are the Secretariat's
    "participants.parties": everyone,
    "participants.party": everyone,
    "participants.edit_party": organizers,
    "participants.people": secretariat,
    "participants.person": secretariat,
    "participants.edit_person": organizers,
    "participants.export_person_data": organizers,
    "participants.photo": photo_viewer,
    "participants.edit_photo": photo_changer,
    "participants.delete_photo": photo_changer,
    # a meeting's participants
    "participants.participants": participants,
    "participants.export_csv": participants,
    "participants.export_xlsx": participants,
    "participants.new_registration": registering,
    "participants.edit_registration": registering,
    "participants.change_status": participants,  # the workflow decides which step each may take
    "participants.bulk": organizers,  # accrediting or declining many at once, printing their badges
    "participants.import_participants": organizers,
    "participants.import_template": organizers,
    "participants.delegations": organizers,
    "participants.invite": organizers,
    "participants.invite_members": organizers,
    "participants.update_delegation": organizers,
    # print versions with personal data: the Secretariat
    "printing.participants": secretariat,
    "printing.participants_pdf": secretariat,
    "printing.badges_pdf": secretariat,
    # PDFs rendered by a job: their progress page, file and retry, by the rule of their document
    "printing.document_progress": stored_pdf,
    "printing.document_file": stored_pdf,
    "printing.document_retry": stored_pdf,
    # scheduling: organizers
    "scheduling.meetings": organizers,
    "scheduling.new_meeting": organizers,
    "scheduling.edit_meeting": organizers,
    "scheduling.postpone": organizers,
    "scheduling.postpone_until_further_notice": organizers,
    "scheduling.cancel": organizers,
    "scheduling.change_status": organizers,
    "scheduling.timetable": organizers,
    "scheduling.edit_item": organizers,
    "scheduling.duplicate_item": organizers,
    "scheduling.delete_item": organizers,
    "scheduling.venues": organizers,
    "scheduling.venue": organizers,
    "scheduling.add_room": organizers,
    "scheduling.edit_room": organizers,
    "scheduling.delete_room": organizers,
    # logistics (meetings/logistics/access.py): the Secretariat looks, organizers change
    "logistics.dashboard": secretariat,
    # logistics: accommodation
    "logistics.hotels": secretariat,
    "logistics.hotel_list": secretariat,
    "logistics.hotel_new": organizers,
    "logistics.hotel_edit": organizers,
    "logistics.hotel_block_new": organizers,
    "logistics.hotel_block_edit": organizers,
    "logistics.hotel_block_delete": organizers,
    "logistics.hotel_assign": organizers,
    "logistics.hotel_assignment_edit": organizers,
    "logistics.hotel_assignment_delete": organizers,
    "logistics.rooming_list": secretariat,
    "logistics.rooming_list_pdf": secretariat,
    "logistics.rooming_list_xlsx": secretariat,
    # logistics: travel (focal points: their own delegation's, changed until the meeting's last day;
    # staff look at the list and the schedule but open no form)
    "logistics.travel": participants,
    "logistics.edit_travel": registering,
    "logistics.travel_schedule": secretariat,
    "logistics.travel_schedule_pdf": secretariat,
    # logistics: interpretation and capacity
    "logistics.interpretation": secretariat,
    "logistics.apply_default_languages": organizers,
    "logistics.item_interpretation": organizers,
    "logistics.interpreters": secretariat,
    "logistics.new_interpreter": organizers,
    "logistics.edit_interpreter": organizers,
    # logistics: visa support letters (focal points: their own delegation's list and requests;
    # the letters themselves carry passport data: the Secretariat's only)
    "logistics.visas": participants,
    "logistics.visa_request": registering,
    "logistics.visa_edit": organizers,
    "logistics.visa_issue": organizers,
    "logistics.visa_sent": organizers,
    "logistics.visa_cancel": organizers,
    "logistics.visa_letter_pdf": secretariat,
    # logistics: tasks
    "logistics.tasks": secretariat,
    "logistics.new_task": organizers,
    "logistics.edit_task": task_owner,
    "logistics.task_status": task_owner,
    "logistics.delete_task": organizers,
    "logistics.apply_task_template": organizers,
    "logistics.my_tasks": secretariat,
    "desks.desk": logged_in,
    "desks.party": only(FOCAL_A, FOCAL_B),
    "desks.reply": focal_only(participants),  # their party's invitations; the rest is a 404
    "desks.issue_party_feed": only(FOCAL_A, FOCAL_B),
    "desks.revoke_party_feed": focal_only(token_owner),
    "desks.secretariat": secretariat,
    # documents: a meeting's documents for whoever sees it (each document by its distribution);
    # organizers make, change and issue them
    "documents.meeting_documents": sees_meeting,
    "documents.document": document_reader,
    "documents.file": document_reader,
    "documents.new_document": organizers,
    "documents.edit_document": organizers,
    "documents.upload_file": organizers,
    "documents.issue_document": organizers,
    "documents.new_version": organizers,
    "documents.delete_document": organizers,
    # documents: the silence procedure, organizers
    "documents.silence": organizers,
    "documents.lift_silence": organizers,
    "documents.silence_outcome": organizers,
    # operations
    "operations.healthz": everyone,
    "operations.robots": everyone,
    "operations.favicon": everyone,
    # the audit log: admins
    "audit_log.index": admins,
    "audit_log.export_csv": admins,
    # the outbox: admins
    "notifications.index": admins,
    "notifications.message": admins,
    "notifications.retry": admins,
}


def rule_for(endpoint: str, method: str) -> Rule | None:
    rule = POLICY.get(endpoint)
    return rule.get(method) if isinstance(rule, dict) else rule
