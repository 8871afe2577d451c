"""Organizers write through the API under the forms' rules: the same services, conflicts,
transitions and audit; HTTP's If-Match for optimistic locking; refusals as problem documents that
name the field as the body does."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from meetings.accounts import api_tokens
from meetings.extensions import db
from meetings.models import AgendaItem, AuditEntry, Meeting, UserRole
from meetings.scheduling import services
from tests.conftest import PASSWORD

PROBLEM = "application/problem+json"
NEW = {"title": {"en": "SOC, API", "ru": "КСДЛ, API"}, "type": "soc", "timezone": "Asia/Almaty",
       "start": "2027-03-01T10:00", "end": "2027-03-02T18:00", "host": "kz"}


@pytest.fixture
def organizer(auth):
    return auth.login(UserRole.ORGANIZER)


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, api_tokens.ApiTokenInput(name='sync'))[1]}"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    return response.get_json()


def create(client, **changes):
    return client.post("/api/v1/meetings", json={**NEW, **changes})


def test_an_organizer_creates_reads_and_changes_a_meeting(client, organizer):
    made = create(client)
    assert made.status_code == 201, made.get_data(as_text=True)
    meeting = made.get_json()["meeting"]
    assert made.headers["Location"] == f"http://localhost/api/v1/meetings/{meeting['id']}"
    assert (meeting["title"], meeting["type"]["code"], meeting["host"], meeting["status"]) == (
        NEW["title"], "SOC", "KZ", "draft")
    assert meeting["start"] == "2027-03-01T10:00:00+05:00"  # Almaty's wall clock, as sent
    read = client.get(made.headers["Location"])
    assert read.headers["ETag"] == made.headers["ETag"]  # the answer to a write is the meeting as read

    changed = client.patch(made.headers["Location"], json={"title": {"en": "SOC (API)"}, "number": 7},
                           headers={"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    body = changed.get_json()["meeting"]
    assert body["title"] == {"en": "SOC (API)", "ru": "КСДЛ, API"} and body["number"] == 7  # the rest kept
    assert changed.headers["ETag"] == client.get(made.headers["Location"]).headers["ETag"] != read.headers["ETag"]
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.meeting_id == meeting["id"])
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.user_id) for e in entries] == [("meeting.created", organizer.id), ("meeting.edited", organizer.id)]
    assert set(entries[1].changes) >= {"title_en", "number"}


def test_a_change_names_the_version_it_was_made_from(client, organizer):
    location = create(client).headers["Location"]
    first = client.get(location).headers["ETag"]
    assert problem(client.patch(location, json={"number": 1}), 428)["status"] == 428
    assert client.patch(location, json={"number": 1}, headers={"If-Match": first}).status_code == 200
    # Someone else's change came first: the old ETag is refused, nothing written, and the meeting kept.
    stale = problem(client.patch(location, json={"number": 2}, headers={"If-Match": first}), 412)
    assert "read it again" in stale["detail"].lower()
    assert client.get(location).get_json()["meeting"]["number"] == 1


def test_refusals_name_the_field_as_the_body_does_and_write_nothing(client, organizer):
    count = db.session.scalar(select(db.func.count(Meeting.id)))
    cases = [
        ({"title": {"en": " ", "ru": "x"}}, "title.en"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"end": "2027-02-28T10:00"}, "end"),
        ({"type": "NOPE"}, "type"),
        ({"host": "XX"}, "host"),
        # 02:30 does not exist in Berlin that night (the clocks go forward): refused, not shifted.
        ({"start": "2027-03-28T02:30", "end": "2027-03-28T10:00", "timezone": "Europe/Berlin"}, "start"),
    ]
    for changes, field in cases:
        refused = problem(create(client, **changes), 422)
        assert field in refused["errors"], (changes, refused)
        # One title for the kind of problem (as for a shape the schema refuses), the rule's message as detail.
        assert refused["title"] == "Unprocessable Entity" and refused["detail"] == refused["errors"][field][0]
    # Shapes the schema refuses: unknown fields, wrong types, a broken date, not JSON at all.
    for body, field in [({**NEW, "colour": "red"}, "colour"), ({**NEW, "number": "7"}, "number"),
                        ({**NEW, "start": "tomorrow"}, "start"), ({**NEW, "title": {"fr": "x"}}, "title.fr"),
                        ({**NEW, "status": "held"}, "status")]:
        refused = problem(client.post("/api/v1/meetings", json=body), 422)
        assert field in refused["errors"] and "body" in refused["detail"], refused
    assert problem(client.post("/api/v1/meetings", data="{", content_type="application/json"), 400)
    assert "JSON" in problem(client.post("/api/v1/meetings", data={"title": "x"}), 415)["detail"]
    # Numbers no column holds name nothing: refused beside the field, never a database error.
    for changes, field in [({"venue_id": 10**20}, "venue_id"), ({"number": 5000}, "number"),
                           ({"venue_id": -1}, "venue_id"), ({"host": None, "chair": "ZZ"}, "chair")]:
        assert field in problem(create(client, **changes), 422)["errors"], changes
    assert problem(client.post("/api/v1/meetings", json=[1, 2]), 422)["errors"]
    assert db.session.scalar(select(db.func.count(Meeting.id))) == count


def test_transitions_and_moves_follow_the_workflow(client, organizer, build):
    location = create(client, status="planned").headers["Location"]
    etag = client.get(location).headers["ETag"]
    refused = problem(client.put(f"{location}/status", json={"status": "held"}, headers={"If-Match": etag}), 422)
    assert "status" in refused["errors"]
    refused = problem(client.put(f"{location}/status", json={"status": "cancelled"}, headers={"If-Match": etag}), 422)
    assert "reason" in refused["errors"]
    confirmed = client.put(f"{location}/status", json={"status": "confirmed"}, headers={"If-Match": etag})
    assert confirmed.get_json()["meeting"]["status"] == "confirmed"
    # New dates, the timetable moved with them: the same meeting, a higher SEQUENCE.
    meeting = db.session.get(Meeting, confirmed.get_json()["meeting"]["id"])
    build.item(meeting, timedelta(hours=1), "Opening")
    before = client.get(location)
    moved = client.put(f"{location}/dates", json={"start": "2027-04-05T10:00", "end": "2027-04-06T18:00",
                                                  "reason": "Host's request"},
                       headers={"If-Match": before.headers["ETag"]})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    body = moved.get_json()["meeting"]
    assert body["start"] == "2027-04-05T10:00:00+05:00" and body["status"] == "confirmed"
    assert body["timetable"][0]["start"] == "2027-04-05T11:00:00+05:00"
    assert body["sequence"] > before.get_json()["meeting"]["sequence"]
    assert problem(client.put(f"{location}/dates", json={"start": "2027-04-05T10:00"},
                              headers={"If-Match": moved.headers["ETag"]}), 422)["errors"].keys() >= {"end", "reason"}


def test_timetable_entries_through_the_api(client, organizer, build):
    room = build.room("Hall A")
    location = create(client).headers["Location"]
    items = f"{location}/items"
    added = client.post(items, json={"title": {"en": "Opening"}, "start": "2027-03-01T10:00",
                                     "end": "2027-03-01T11:00", "room_id": room.id})
    assert added.status_code == 201, added.get_data(as_text=True)
    item = added.get_json()["item"]
    assert (item["room_id"], item["room"], item["start"]) == (room.id, "Hall A", "2027-03-01T10:00:00+05:00")
    assert client.get(added.headers["Location"]).headers["ETag"] == added.headers["ETag"]
    # Outside the meeting, and a time given with another offset (converted to Almaty's clock).
    assert "start" in problem(client.post(items, json={"title": {"en": "Late"}, "start": "2027-03-05T10:00",
                                                       "end": "2027-03-05T11:00"}), 422)["errors"]
    assert "speaker_ids" in problem(client.post(items, json={"title": {"en": "x"}, "start": "2027-03-01T12:00",
                                                              "end": "2027-03-01T13:00", "speaker_ids": [10**20]}),
                                    422)["errors"]
    moved = client.patch(added.headers["Location"], json={"start": "2027-03-01T07:00:00+02:00",
                                                          "end": "2027-03-01T13:00"},
                         headers={"If-Match": added.headers["ETag"]})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["item"]["start"] == "2027-03-01T10:00:00+05:00"
    assert moved.get_json()["item"]["end"] == "2027-03-01T13:00:00+05:00"
    assert problem(client.delete(added.headers["Location"], headers={"If-Match": added.headers["ETag"]}), 412)
    deleted = client.delete(added.headers["Location"], headers={"If-Match": moved.headers["ETag"]})
    assert deleted.status_code == 204
    assert problem(client.get(added.headers["Location"]), 404)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "agenda_item")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["agenda_item.added", "agenda_item.edited", "agenda_item.deleted"]


def test_the_same_room_conflict_is_refused_by_the_api_and_the_form(client, organizer, build):
    room = build.room("Plenary Hall")
    start = datetime(2027, 5, 10, 5, tzinfo=UTC)  # 09:00 in Baku
    first = build.meeting(title_en="Booked first", starts_at=start, ends_at=start + timedelta(hours=8))
    build.item(first, start, "Taken", room=room)
    second = build.meeting(title_en="Second", starts_at=start, ends_at=start + timedelta(hours=8))
    wanted = {"title": {"en": "Clash"}, "start": "2027-05-10T09:30", "end": "2027-05-10T10:30", "room_id": room.id}

    refused = problem(client.post(f"/api/v1/meetings/{second.id}/items", json=wanted), 409)
    assert "Plenary Hall is taken then by “Taken”" in refused["errors"]["room_id"][0]

    page = client.get(f"/manage/meetings/{second.id}/timetable")
    assert page.status_code == 200
    form = client.post(f"/manage/meetings/{second.id}/timetable", data={
        "version": str(second.version), "title_en": "Clash", "day": "2027-05-10", "start_time": "09:30",
        "end_time": "10:30", "kind": "plenary", "room_id": str(room.id)})
    assert form.status_code == 200  # the form again, the refusal beside the room
    assert "Plenary Hall is taken then by “Taken”" in form.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(AgendaItem.id)).where(AgendaItem.meeting_id == second.id)) == 0


def test_warnings_are_confirmed_explicitly(client, organizer, build):
    start = datetime(2027, 6, 1, 5, tzinfo=UTC)
    build.meeting(title_en="SOC one", starts_at=start, ends_at=start + timedelta(hours=8))
    same_time = {"start": "2027-06-01T09:00", "end": "2027-06-01T17:00", "timezone": "Asia/Baku"}
    pending = problem(create(client, **same_time), 409)
    assert pending["warnings"] and "accept_warnings" in pending["detail"]
    assert create(client, **same_time, accept_warnings=True).status_code == 201


def test_who_may_write(client, auth, build):
    meeting = build.meeting(title_en="Public SOC")
    anonymous = problem(create(client), 401)
    assert anonymous["status"] == 401
    etag = client.get(f"/api/v1/meetings/{meeting.id}").headers["ETag"]
    for wrong in ({"Authorization": "Bearer cica_not-a-token"}, {"Authorization": "Basic b3JnOnB3"}, {}):
        assert problem(client.patch(f"/api/v1/meetings/{meeting.id}", json={"number": 3},
                                    headers={**wrong, "If-Match": etag}), 401)
    assert client.post("/api/v1/meetings", json=NEW).headers["WWW-Authenticate"].lower().startswith("bearer")
    for role in (UserRole.STAFF, UserRole.DELEGATE, UserRole.FOCAL_POINT):
        user = build.user(role, party_id=build.party("KZ").id) if role is UserRole.FOCAL_POINT else build.user(role)
        forbidden = problem(client.post("/api/v1/meetings", json=NEW, headers=bearer(user)), 403)
        assert forbidden["detail"] == "Writing is for organizers and administrators: this account may read only."
        etag = client.get(f"/api/v1/meetings/{meeting.id}").headers["ETag"]
        assert problem(client.patch(f"/api/v1/meetings/{meeting.id}", json={"number": 3},
                                    headers={**bearer(user), "If-Match": etag}), 403)
    organizer_token = bearer(build.user(UserRole.ORGANIZER))
    assert client.post("/api/v1/meetings", json=NEW, headers=organizer_token).status_code == 201
    assert problem(client.patch("/api/v1/meetings/999999", json={"number": 3},
                                headers={**organizer_token, "If-Match": '"x"'}), 404)


def test_a_session_cookie_needs_the_csrf_token_a_bearer_token_does_not(app, client, auth, build):
    auth.login(UserRole.ORGANIZER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = problem(create(client), 400)
        assert "CSRF" in refused["title"] + refused.get("detail", "")
        fresh = app.test_client()  # no cookie: a token alone, nothing to forge
        assert fresh.post("/api/v1/meetings", json=NEW, headers=bearer(build.user(UserRole.ORGANIZER))).status_code == 201
        assert problem(fresh.post("/api/v1/meetings", json=NEW), 401)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_callers_are_rate_limited(make_app, build):
    app = make_app(API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    token = bearer(build.user(UserRole.ORGANIZER))
    codes = [client.get("/api/v1/parties", headers=token).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.post("/api/v1/meetings", json=NEW, headers=token)  # one count for all operations
    assert problem(refused, 429)["status"] == 429 and refused.headers["Retry-After"]
    # Another address has its own count.
    assert client.get("/api/v1/parties", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def test_an_etag_read_compressed_still_names_the_version(client, organizer, build):
    location = create(client).headers["Location"]
    meeting = db.session.get(Meeting, int(location.rsplit("/", 1)[1]))
    for hour in range(6):  # a body of several kilobytes: compressed, its ETag gets a suffix
        build.item(meeting, timedelta(hours=hour), f"Session {hour}", minutes=30)
    for encoding in ("gzip", "br"):
        read = client.get(location, headers={"Accept-Encoding": encoding})
        assert read.headers["Content-Encoding"] == encoding and read.headers["ETag"].endswith(f':{encoding}"')
        changed = client.patch(location, json={"number": 3 if encoding == "gzip" else 4},
                               headers={"If-Match": read.headers["ETag"]})
        assert changed.status_code == 200, changed.get_data(as_text=True)


def test_a_change_of_an_entry_is_not_lost_to_another(client, organizer):
    location = create(client).headers["Location"]
    added = client.post(f"{location}/items", json={"title": {"en": "Opening"}, "start": "2027-03-01T10:00",
                                                   "end": "2027-03-01T11:00"})
    etag = added.headers["ETag"]
    first = client.patch(added.headers["Location"], json={"description": {"en": "B's text"}}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.get_json()["item"]["description"]["en"] == "B's text"
    assert problem(client.patch(added.headers["Location"], json={"description": {"en": "A's text"}},
                                headers={"If-Match": etag}), 412)
    assert client.get(added.headers["Location"]).get_json()["item"]["description"]["en"] == "B's text"


def test_a_change_committed_meanwhile_is_a_409_not_a_500(client, organizer, monkeypatch):
    location = create(client).headers["Location"]
    meeting_id = int(location.rsplit("/", 1)[1])
    etag = client.get(location).headers["ETag"]
    original = services.update_meeting

    def someone_else_first(meeting, *args, **kwargs):
        with Session(db.engine) as other:  # another request's transaction commits in between
            other.execute(update(Meeting).where(Meeting.id == meeting_id).values(version=Meeting.version + 1))
            other.commit()
        return original(meeting, *args, **kwargs)

    monkeypatch.setattr(services, "update_meeting", someone_else_first)
    refused = problem(client.patch(location, json={"number": 9}, headers={"If-Match": etag}), 409)
    assert refused["title"] == "Conflict" and "read it again" in refused["detail"]


@pytest.mark.parametrize("changes, field", [
    ({"start": "0001-01-01T00:00:00+14:00"}, "start"),
    ({"end": "9999-12-31T23:00:00-12:00"}, "end"),
    ({"title": {"en": "\ud800x"}}, "title.en"),
    ({"description": {"en": "x\udfff"}}, "description.en"),
    ({"online_url": "javascript:alert(1)"}, "online_url"),
    ({"online_url": "https://"}, "online_url"),
    ({"description": {"en": "x" * 20001}}, "description.en"),
    ({"accept_warnings": "yes"}, "accept_warnings"),
    ({"start": "2027-03-01"}, "start"),
    ({"title": "SOC"}, "title"),
])
def test_odd_values_are_refused_by_name(client, organizer, changes, field):
    refused = problem(create(client, **changes), 422)
    assert field in refused["errors"], refused


def test_json_no_reader_can_take_is_a_bad_request(client, organizer):
    for body in ("[" * 100_000, '{"number": ' + "9" * 5000 + "}"):
        assert problem(client.post("/api/v1/meetings", data=body, content_type="application/json"), 400)
    assert "body" in problem(client.post("/api/v1/meetings", json=[1]), 422)["errors"]


def test_long_texts_are_refused_as_the_forms_refuse_them(client, organizer):
    location = create(client, status="planned").headers["Location"]
    etag = client.get(location).headers["ETag"]
    assert "reason" in problem(client.put(f"{location}/status", json={"status": "cancelled", "reason": "x" * 2001},
                                          headers={"If-Match": etag}), 422)["errors"]
    assert "documents" in problem(client.post(f"{location}/items", json={
        "title": {"en": "x"}, "start": "2027-03-01T10:00", "end": "2027-03-01T11:00", "documents": "x" * 5001}),
        422)["errors"]


def test_made_up_tokens_do_not_escape_the_limit(make_app):
    app = make_app(API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.get("/api/v1/parties", headers={"Authorization": f"Bearer cica_{n}"}).status_code
             for n in range(6)]
    assert codes == [401, 401, 401, 429, 429, 429]


def test_a_remember_me_cookie_needs_the_csrf_token_too(app, client, build):
    user = build.user(UserRole.ORGANIZER)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}).status_code == 302
    remembered = client.get_cookie("remember_token")
    assert remembered is not None
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remembered.value)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert problem(fresh.post("/api/v1/meetings", json=NEW), 400)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_audit_log_tells_a_change_made_through_the_api_from_one_made_at_a_page(client, auth, build):
    """The trail names the token a script wrote with (its user is the author, as for a form)."""
    organizer = build.user(UserRole.ORGANIZER, name="Planning Officer")
    secret = api_tokens.create_token(organizer, api_tokens.ApiTokenInput(name="Planning <script>"))[1]
    script = client.application.test_client()
    made = script.post("/api/v1/meetings", json=NEW, headers={"Authorization": f"Bearer {secret}"})
    assert made.status_code == 201, made.get_data(as_text=True)
    meeting = db.session.get(Meeting, made.get_json()["meeting"]["id"])
    auth.login(organizer)  # the same user at a page: the status form
    stepped = client.post(f"/manage/meetings/{meeting.id}/status", data={"version": meeting.version, "status": "planned"})
    assert stepped.status_code == 302
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "meeting")
                                 .order_by(AuditEntry.id)).all()
    assert [(entry.user_id, entry.api_token.name if entry.api_token else None) for entry in entries] == [
        (organizer.id, "Planning <script>"), (organizer.id, None)]
    auth.logout()
    auth.login(UserRole.ADMIN)
    english = client.get("/admin/audit?object_type=meeting").get_data(as_text=True)
    assert "through the API, token “Planning &lt;script&gt;”" in english and "<script>" not in english
    russian = client.get("/admin/audit?object_type=meeting&lang=ru").get_data(as_text=True)
    assert 'через API, токен «<span lang="en">Planning &lt;script&gt;</span>»' in russian
    rows = list(csv.reader(io.StringIO(client.get("/admin/audit.csv?object_type=meeting").get_data().decode("utf-8-sig"))))
    assert rows[0][-1] == "API token" and [row[-1] for row in rows[1:]] == ["", "Planning <script>"]
