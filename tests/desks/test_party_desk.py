"""The focal point's desk: only their party, every action permitted to them from there, none beyond."""

import io
import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from meetings.extensions import db
from meetings.logistics.travel import services as travel
from meetings.logistics.travel.inputs import LegInput, TravelInput
from meetings.models import (
    AccreditationStatus,
    AuditEntry,
    Delegation,
    DelegationLevel,
    DelegationReply,
    FeedToken,
    MeetingFormat,
    MeetingStatus,
    Registration,
    RegistrationRole,
    UserRole,
    Visibility,
)
from meetings.participants.access import participants_access
from meetings.participants.delegations import update_delegation
from meetings.scheduling import services as scheduling
from meetings.timeutil import to_local
from tests.images import image_bytes

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


def _meeting(build, **fields):
    fields.setdefault("registration_deadline", date(2099, 1, 1))
    return build.meeting(starts_at=fields.pop("starts_at", SOON), **fields)


def _desk(client) -> str:
    response = client.get("/desk/party")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _links(body: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"#]+)"', body)}


def test_the_desk_shows_only_their_party_and_meetings_to_come(client, auth, build):
    kz, cn = build.party("KZ"), build.party("CN")
    ours = _meeting(build, title_en="Ours to come", host_party=build.party("AZ"))
    theirs = _meeting(build, title_en="China only")
    past = _meeting(build, title_en="Long over", starts_at=datetime(2020, 5, 1, 4, tzinfo=UTC))
    draft = _meeting(build, title_en="A draft", status=MeetingStatus.DRAFT)
    cancelled = _meeting(build, title_en="Called off", status=MeetingStatus.CANCELLED)
    for m in (ours, past, draft, cancelled):
        build.delegation(m, kz)
    head = build.registration(ours, kz, role=RegistrationRole.HEAD_OF_DELEGATION, family_name="Abenov",
                              given_names="Nurlan")
    build.registration(theirs, cn, family_name="Zhang", given_names="Wei")
    build.registration(ours, cn, family_name="Li", given_names="Na")
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)

    body = _desk(client)

    assert "Ours to come" in body and "Nurlan Abenov" in body
    for absent in ("China only", "Long over", "A draft", "Called off", "Zhang", "Li Na", "Na Li"):
        assert absent not in body, absent
    # Links, in one click, to every page they may use for this delegation.
    m, r = ours.id, head.id
    assert {f"/meetings/{m}/participants/new", f"/meetings/{m}/participants", f"/meetings/{m}/logistics/travel",
            f"/meetings/{m}/logistics/visas", f"/meetings/{m}/participants/{r}/edit",
            f"/meetings/{m}/logistics/travel/{r}", f"/meetings/{m}/logistics/visas/request?registration={r}",
            f"/people/{head.person_id}/photo/edit", f"/meetings/{m}"} <= _links(body)
    # And every one of them answers the focal point.
    for url in sorted(_links(body)):
        if url.startswith(("/meetings/", "/people/")):
            assert client.get(url).status_code == 200, url


def test_what_is_missing_for_each_member(client, auth, build):
    kz = build.party("KZ")
    abroad = _meeting(build, title_en="In Baku", host_party=build.party("AZ"))
    online = _meeting(build, title_en="Online talks", format=MeetingFormat.ONLINE, online_url="https://meet.example.org/x")
    passport = {"passport_number": "N1", "passport_expiry": date(2031, 1, 1)}
    ready = build.registration(abroad, kz, family_name="Ready", given_names="Ann", **passport)
    bare = build.registration(abroad, kz, family_name="Bare", given_names="Bob")
    declined = build.registration(abroad, kz, family_name="Gone", given_names="Gus", status=AccreditationStatus.DECLINED)
    build.registration(online, kz, family_name="Remote", given_names="Rita")
    auth.login(UserRole.ORGANIZER)
    client.post(f"/people/{ready.person_id}/photo/edit", data={"photo": (io.BytesIO(image_bytes()), "a.jpg")},
                content_type="multipart/form-data")
    auth.logout()
    focal = auth.login(UserRole.FOCAL_POINT, party_id=kz.id)
    arrival = LegInput(at_local=to_local(SOON, abroad.timezone).replace(tzinfo=None) - timedelta(hours=12),
                       flight="KC 123", airport="GYD")
    travel.save_travel(participants_access(focal, abroad.id), ready, TravelInput(arrival=arrival))

    body = _desk(client)

    rows = {name: re.search(rf"{name}</th>(.*?)</tr>", body, re.S)[1] for name in ("Ann Ready", "Bob Bare", "Gus Gone")}
    assert "Nothing missing" in rows["Ann Ready"]
    for needed in ("Passport number and expiry", "Arrival details", "Photo for the badge"):
        assert needed in rows["Bob Bare"] and needed not in rows["Gus Gone"], needed
    assert f"/meetings/{abroad.id}/logistics/travel/{bare.id}" in rows["Bob Bare"]
    assert declined.status is AccreditationStatus.DECLINED
    online_part = body[body.index("Online talks"):]
    assert "Still needed" not in online_part.split("desk-invitation")[0]
    assert "3 items still missing" in body


def test_the_focal_point_accepts_with_head_and_level_and_it_is_recorded(client, auth, build):
    kz = build.party("KZ")
    meeting = _meeting(build)
    delegation = build.delegation(meeting, kz)
    member = build.registration(meeting, kz, family_name="Abenov", given_names="Nurlan")
    focal = auth.login(UserRole.FOCAL_POINT, party_id=kz.id)
    assert "1 reply pending" in _desk(client)
    p = f"d{delegation.id}"

    answer = client.post(f"/desk/party/meetings/{meeting.id}/reply", data={
        f"{p}-reply": "accepted", f"{p}-head": member.person_id, f"{p}-level": "deputy_minister"})

    assert answer.status_code == 302
    db.session.expire_all()
    delegation = db.session.get(Delegation, delegation.id)
    assert (delegation.reply, delegation.head_id, delegation.level) == (
        DelegationReply.ACCEPTED, member.person_id, DelegationLevel.DEPUTY_MINISTER)
    assert db.session.get(type(member), member.id).role is RegistrationRole.HEAD_OF_DELEGATION
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delegation.edited")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.user_id == focal.id
    assert entry.changes["reply"] == ["pending", "accepted"] and entry.changes["level"] == [None, "deputy_minister"]
    body = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your acceptance is recorded." in body and "Deputy Minister" in body and "0 replies pending" in body


def test_a_refused_reply_keeps_what_was_typed_and_says_why(client, auth, build):
    kz = build.party("KZ")
    meeting = _meeting(build)
    delegation = build.delegation(meeting, kz)
    other = build.registration(meeting, "CN")  # not of their delegation
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)
    p = f"d{delegation.id}"
    url = f"/desk/party/meetings/{meeting.id}/reply"

    no_level = client.post(url, data={f"{p}-reply": "accepted", f"{p}-head": ""})
    pending = client.post(url, data={f"{p}-reply": "pending", f"{p}-level": "minister"})
    stranger = client.post(url, data={f"{p}-reply": "accepted", f"{p}-head": other.person_id, f"{p}-level": "other"})

    body = no_level.get_data(as_text=True)
    assert no_level.status_code == 200 and "Choose the level of the delegation." in body
    assert re.search(rf'id="{p}-reply-0"[^>]*checked|checked[^>]*id="{p}-reply-0"', body)
    body = pending.get_data(as_text=True)
    assert pending.status_code == 200 and "Not a valid choice" in body
    assert re.search(r'<option selected value="minister">|<option value="minister" selected>', body)
    assert stranger.status_code == 200 and "Not a valid choice" in stranger.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).reply is DelegationReply.PENDING


def test_declining_keeps_the_registrations_and_says_so(client, auth, build):
    kz = build.party("KZ")
    meeting = _meeting(build)
    delegation = build.delegation(meeting, kz)
    member = build.registration(meeting, kz)
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)
    p = f"d{delegation.id}"

    answer = client.post(f"/desk/party/meetings/{meeting.id}/reply", data={f"{p}-reply": "declined"},
                         follow_redirects=True)

    body = answer.get_data(as_text=True)
    assert "Your party&#39;s refusal is recorded." in body or "Your party's refusal is recorded." in body
    assert "1 person of the delegation is still registered" in body
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).reply is DelegationReply.DECLINED
    assert db.session.get(type(member), member.id).status is AccreditationStatus.REGISTERED


def test_nothing_beyond_their_party_or_after_the_deadline(client, auth, build):
    kz, cn = build.party("KZ"), build.party("CN")
    cn_only = _meeting(build)
    build.delegation(cn_only, cn)
    closed = _meeting(build, registration_deadline=date(2020, 1, 1))
    closed_delegation = build.delegation(closed, kz)
    restricted = _meeting(build, visibility=Visibility.RESTRICTED)
    build.delegation(restricted, cn)
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)

    for meeting in (cn_only, restricted):
        assert client.post(f"/desk/party/meetings/{meeting.id}/reply", data={}).status_code == 404
    late = client.post(f"/desk/party/meetings/{closed.id}/reply",
                       data={f"d{closed_delegation.id}-reply": "accepted", f"d{closed_delegation.id}-level": "other"})
    assert late.status_code == 302
    assert "registration deadline has passed" in client.get("/desk/party").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Delegation, closed_delegation.id).reply is DelegationReply.PENDING
    # What only organizers do stays refused to them.
    assert client.get(f"/meetings/{closed.id}/delegations").status_code == 403
    assert client.post(f"/meetings/{closed.id}/delegations/{closed_delegation.id}").status_code == 403
    assert client.get(f"/meetings/{closed.id}/participants/import").status_code == 403


def test_a_reply_or_registration_from_a_desk_opened_before_the_cancellation_is_refused(client, auth, build):
    """The desk leaves out cancelled meetings, but a page opened before the cancellation still
    sent the reply: 'Your acceptance is recorded.' for a meeting that will not take place."""
    kz = build.party("KZ")
    meeting = _meeting(build, title_en="Called off later")
    delegation = build.delegation(meeting, kz)
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)
    assert "Called off later" in _desk(client)
    scheduling.cancel_meeting(meeting, reason="No quorum.", user=build.secretariat, expected_version=meeting.version)

    answer = client.post(f"/desk/party/meetings/{meeting.id}/reply",
                         data={f"d{delegation.id}-reply": "accepted", f"d{delegation.id}-level": "minister"})
    assert answer.status_code == 302
    page = _desk(client)
    assert "This meeting has been cancelled." in page and "Your acceptance is recorded." not in page
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).reply is DelegationReply.PENDING
    registering = client.post(f"/meetings/{meeting.id}/participants/new",
                              data={"family_name": "Late", "given_names": "Comer", "role": "delegate"})
    assert registering.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_other_roles_have_no_party_desk(client, auth, build):
    meeting = _meeting(build)
    build.delegation(meeting, "KZ")
    for role in (UserRole.ORGANIZER, UserRole.STAFF, UserRole.DELEGATE):
        auth.login(role)
        assert client.get("/desk/party").status_code == 403
        assert client.post(f"/desk/party/meetings/{meeting.id}/reply").status_code == 403
        assert client.post("/desk/party/feed").status_code == 403
        auth.logout()


def test_the_party_calendar_address_is_issued_shown_once_and_revoked(client, auth, build):
    kz = build.party("KZ")
    meeting = _meeting(build, title_en="Our SOC")
    build.delegation(meeting, kz)
    focal = auth.login(UserRole.FOCAL_POINT, party_id=kz.id)

    body = client.post("/desk/party/feed", follow_redirects=True).get_data(as_text=True)

    address = re.search(r'value="(https?://[^"]+/feeds/[^"]+\.ics)"', body)[1]
    path = address.split("localhost", 1)[1]
    feed = client.get(path)
    assert feed.status_code == 200 and "Our SOC" in feed.get_data(as_text=True)
    token = db.session.scalar(select(FeedToken).where(FeedToken.party_id == kz.id))
    assert token.user_id is None
    again = _desk(client)
    assert address not in again and "Party calendar" in again  # shown once, then listed
    assert client.post(f"/desk/party/feeds/{token.id}/revoke").status_code == 302
    assert client.get(path).status_code == 404
    assert focal.party_id == kz.id


def test_the_desk_reads_a_constant_number_of_queries(client, auth, build, count_queries):
    kz = build.party("KZ")
    auth.login(UserRole.FOCAL_POINT, party_id=kz.id)

    def add_meeting():
        meeting = _meeting(build)
        for _ in range(2):
            build.registration(meeting, kz)

    add_meeting()
    with count_queries() as small:
        _desk(client)
    for _ in range(3):
        add_meeting()
    with count_queries() as large:
        body = _desk(client)
    assert body.count('class="desk-invitation"') == 4
    assert large.count == small.count, large.statements


def test_the_organizers_reply_form_keeps_the_level(build):
    meeting = _meeting(build)
    delegation = build.delegation(meeting, "KZ")
    update_delegation(meeting, delegation, DelegationReply.ACCEPTED, None, build.secretariat,
                      level=DelegationLevel.HEAD_OF_STATE)
    update_delegation(meeting, delegation, DelegationReply.ACCEPTED, None, build.secretariat)
    assert delegation.level is DelegationLevel.HEAD_OF_STATE
