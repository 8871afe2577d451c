import re

from sqlalchemy import select

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.models import AuditEntry, Delegation, DelegationReply, Party, PartyKind, UserRole
from tests.participants.conftest import PASSPORT_KZ

PARTY_LINK = re.compile(r'<a href="/parties/\d+">([^<]*)</a>')
OBSERVER_STATES = ["Belarus", "Indonesia", "Japan", "Lao PDR", "Malaysia", "Philippines", "Saudi Arabia",
                   "Turkmenistan", "Ukraine", "United States"]


def _listed(body: str) -> list[str]:
    """The party names in the list, in the order shown."""
    return PARTY_LINK.findall(body)


def test_parties_registry_is_public_with_kind_filter(client, build):
    body = client.get("/parties").get_data(as_text=True)
    listed = _listed(body)
    assert '<p class="muted">52 parties</p>' in body and len(listed) == 52  # every party of the seed
    assert {"Kazakhstan", "United Nations", "CICA Secretariat", "Shanghai Cooperation Organisation"} <= set(listed)
    assert listed == sorted(listed, key=lambda name: collation_key(name, "en"))
    assert listed[:3] == ["Afghanistan", "Asian Parliamentary Assembly", "Azerbaijan"]
    body = client.get("/parties?kind=observer_state").get_data(as_text=True)
    assert '<p class="muted">10 parties</p>' in body
    assert _listed(body) == OBSERVER_STATES
    ru = client.get("/parties?lang=ru").get_data(as_text=True)
    listed_ru = _listed(ru)
    assert '<p class="muted">52 стороны</p>' in ru and len(listed_ru) == 52
    assert {"Казахстан", "Организация Объединённых Наций", "Секретариат СВМДА"} <= set(listed_ru)
    assert listed_ru == sorted(listed_ru, key=lambda name: collation_key(name, "ru"))
    # Nonsense in the filter: a message beside the field, the filter ignored, never a 500.
    response = client.get("/parties?kind=<b>")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    _, marker, after = body.partition('<ul class="errors" id="kind-errors">')
    assert marker and after.split("</ul>", 1)[0].strip() == "<li>Invalid Choice: could not coerce.</li>"
    assert "<b>" not in body
    assert _listed(body) == listed
    kz = build.party("KZ")
    page = client.get(f"/parties/{kz.id}").get_data(as_text=True)
    assert "<h1>Kazakhstan</h1>" in page
    assert '<dd lang="ru">Казахстан</dd>' in page and "<dd>Member State</dd>" in page and "<dd>1999</dd>" in page
    response = client.get("/parties/99999")
    assert response.status_code == 404
    assert "Kazakhstan" not in response.get_data(as_text=True)


def test_organizer_edits_a_party_and_bad_input_is_refused(client, auth, build):
    kz = build.party("KZ")
    auth.login(UserRole.ORGANIZER)
    url = f"/parties/{kz.id}/edit"
    body = client.post(url, data={"name_en": "", "name_ru": "x" * 201, "kind": "king", "joined_year": "1900"}
                       ).get_data(as_text=True)
    assert "This field is required." in body and "Field cannot be longer than 200 characters." in body
    assert "Number must be between 1992 and 2100." in body and "Invalid Choice: could not coerce." in body
    db.session.refresh(kz)
    assert kz.name_en == "Kazakhstan"
    response = client.post(url, data={"name_en": "Republic of Kazakhstan", "name_ru": "Республика Казахстан",
                                      "kind": "member_state", "joined_year": "1992", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(kz)
    assert (kz.name_en, kz.joined_year) == ("Republic of Kazakhstan", 1992)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_type == "party"))
    assert entry.changes["joined_year"] == ["1999", "1992"]


def test_party_edit_needs_csrf(make_app, build):
    from tests.conftest import PASSWORD

    user = build.user(UserRole.ORGANIZER)
    kz = build.party("KZ")
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    with client:
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        response = client.post(f"/parties/{kz.id}/edit", data={"name_en": "Hacked", "name_ru": "x",
                                                               "kind": "member_state"})
    assert response.status_code == 400
    db.session.refresh(kz)
    assert kz.name_en == "Kazakhstan"


def test_people_search_flags_duplicates(client, auth, world, build):
    dup_email = build.person(party_id=world.kz.party_id, family_name="Other", email=world.kz_head.person.email.upper())
    dup_name = build.person(party_id=world.kz.party_id, family_name="SEITKALI", given_names="daniyar ")
    build.person(party_id=world.cn.party_id, family_name="Seitkali", given_names="Daniyar", email="x@example.cn")
    auth.login(UserRole.STAFF)
    body = client.get("/people?q=seitkali").get_data(as_text=True)
    assert "3 people found" in body
    assert body.count("possible duplicate") == 2  # the Chinese namesake is another party
    page = client.get(f"/people/{world.kz_head.person_id}").get_data(as_text=True)
    assert f"/people/{dup_email.id}" in page and PASSPORT_KZ in page
    page = client.get(f"/people/{dup_name.id}").get_data(as_text=True)
    assert f"/people/{world.kz_delegate.person_id}" in page
    assert "2 people found" in client.get(f"/people?q={world.kz_head.person.email}").get_data(as_text=True)


def test_delegations_invite_members_and_chosen_observers(client, auth, world, build):
    auth.login(UserRole.ORGANIZER)
    m = world.meeting.id
    members = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE)).all()
    response = client.post(f"/meetings/{m}/delegations/invite-members", follow_redirects=True)
    assert f"{len(members) - 2} Member States invited." in response.get_data(as_text=True)
    un, th = build.party("UN"), build.party("UN")  # one party, chosen twice: invited once
    response = client.post(f"/meetings/{m}/delegations/invite", data={"parties": [un.id, th.id]},
                           follow_redirects=True)
    assert "1 party invited." in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Delegation)) == len(members) + 1
    # Again: nothing more.
    client.post(f"/meetings/{m}/delegations/invite-members")
    assert db.session.scalar(select(db.func.count()).select_from(Delegation)) == len(members) + 1
    response = client.post(f"/meetings/{m}/delegations/invite", data={"parties": ["abc"]}, follow_redirects=True)
    assert "Choose at least one party to invite." in response.get_data(as_text=True)


def test_delegation_reply_and_head(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/delegations/{world.kz.id}"
    p = f"d{world.kz.id}-"
    response = client.post(url, data={p + "reply": "accepted", p + "head": str(world.kz_delegate.person_id)})
    assert response.status_code == 302
    db.session.refresh(world.kz)
    assert (world.kz.reply, world.kz.head_id) == (DelegationReply.ACCEPTED, world.kz_delegate.person_id)
    # Someone of another delegation cannot head this one.
    response = client.post(url, data={p + "reply": "accepted", p + "head": str(world.cn_head.person_id)},
                           follow_redirects=True)
    assert "Choose a valid reply, head and level of the delegation." in response.get_data(as_text=True)
    db.session.refresh(world.kz)
    assert world.kz.head_id == world.kz_delegate.person_id
    page = client.get(f"/meetings/{world.meeting.id}/delegations").get_data(as_text=True)
    assert "Kazakhstan" in page and "China" in page


def test_party_names_with_control_characters_are_refused(client, auth, build):
    kz = build.party("KZ")
    auth.login(UserRole.ORGANIZER)
    body = client.post(f"/parties/{kz.id}/edit", data={"name_en": "Kaz\x00akhstan", "name_ru": "Казахстан",
                                                       "kind": "member_state"}).get_data(as_text=True)
    assert "Remove the invisible control characters from this text." in body
    db.session.refresh(kz)
    assert kz.name_en == "Kazakhstan"


def test_people_search_ignores_control_characters(client, auth, world):
    # PostgreSQL refuses a NUL in a query parameter: the search must not pass it on.
    auth.login(UserRole.ORGANIZER)
    response = client.get("/people?q=Seit%00kali%0b")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 person found" in body
    assert PEOPLE_LINK.findall(body) == [(str(world.kz_delegate.person_id), "SEITKALI, Daniyar")]
    # Nothing but control characters is a search for nothing: nobody, not everybody.
    body = client.get("/people?q=%00%0b").get_data(as_text=True)
    assert "0 people found" in body and PEOPLE_LINK.findall(body) == []
    new = f"/meetings/{world.meeting.id}/participants/new"
    response = client.get(f"{new}?q=Seit%00kali")
    assert response.status_code == 200
    assert CANDIDATE_LINK.findall(response.get_data(as_text=True)) == [
        (str(world.kz_delegate.person_id), "SEITKALI, Daniyar")]
    response = client.get(f"{new}?q=%00")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Register a person</h1>" in body
    assert CANDIDATE_LINK.findall(body) == [] and "Nobody found: fill in the form below." in body


PEOPLE_LINK = re.compile(r'<a href="/people/(\d+)">([^<]*)</a>')
CANDIDATE_LINK = re.compile(r'<a href="/meetings/\d+/participants/new\?person=(\d+)">([^<]*)</a>')
