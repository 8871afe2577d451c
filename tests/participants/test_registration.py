"""Registering people: focal points until the deadline, organizers always; bad input refused."""

from datetime import date, timedelta

from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import Delegation, Person, Registration, RegistrationRole, UserRole, utcnow
from meetings.timeutil import to_local

NEW = {"family_name": "Omarova", "given_names": "Aigerim", "role": "delegate", "email": "Aigerim@MFA.example.kz",
       "position_en": "Attaché"}


def _today(meeting):
    return to_local(utcnow(), meeting.timezone).date()


def test_focal_point_registers_a_person_of_their_party(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    response = client.post(f"/meetings/{world.meeting.id}/participants/new", data=NEW)
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.family_name == "Omarova"))
    registration = db.session.scalar(select(Registration).where(Registration.person_id == person.id))
    assert (person.party_id, person.email) == (world.kz.party_id, "aigerim@mfa.example.kz")
    assert (registration.delegation_id, registration.status.value, registration.role) == (
        world.kz.id, "registered", RegistrationRole.DELEGATE)
    # The same person again: refused beside the form, nothing added.
    body = client.post(f"/meetings/{world.meeting.id}/participants/new", data=NEW).get_data(as_text=True)
    assert "Aigerim Omarova is already registered for this meeting." in body
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.family_name == "Omarova")) == 1


def test_the_message_names_the_person_in_the_readers_language(client, auth, world):
    """Someone typed in Cyrillic only was announced as « is registered.» (from the empty Latin
    fields); the message names people as the pages do."""
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    cyrillic_only = {"family_name_ru": "Токаев", "given_names_ru": "Аскар", "role": "delegate"}
    response = client.post(f"/meetings/{world.meeting.id}/participants/new?lang=ru", data=cyrillic_only)
    assert "Аскар Токаев зарегистрирован(а)." in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/meetings/{world.meeting.id}/participants/new?lang=ru",
                           data={**NEW, "family_name_ru": "Омарова", "given_names_ru": "Айгерим"})
    assert "Айгерим Омарова зарегистрирован(а)." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_focal_point_cannot_give_secretariat_roles(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    body = client.post(f"/meetings/{world.meeting.id}/participants/new",
                       data={**NEW, "role": "press"}).get_data(as_text=True)
    assert "Not a valid choice." in body
    assert db.session.scalar(select(Person).where(Person.family_name == "Omarova")) is None


def test_the_deadline_reads_as_a_plain_date(client, auth, world):
    """«по 6 декабря 2099 г. включительно»: no weekday phrase inside the sentence (its case would
    depend on the preposition), a no-break space before «г.»."""
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    world.meeting.registration_deadline = date(2099, 12, 6)  # a Sunday
    db.session.commit()
    client.get("/language/ru?next=/")
    body = client.get(f"/meetings/{world.meeting.id}/participants").get_data(as_text=True)
    assert "по 6 декабря 2099\u00a0г. включительно" in body and "воскресен" not in body
    client.get("/language/en?next=/")
    body = client.get(f"/meetings/{world.meeting.id}/participants").get_data(as_text=True)
    assert "until 6 December 2099 (inclusive" in body and "Sunday" not in body


def test_deadline_is_inclusive_then_read_only(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    m = world.meeting.id
    world.meeting.registration_deadline = _today(world.meeting)
    db.session.commit()
    form = client.get(f"/meetings/{m}/participants/new")
    assert form.status_code == 200
    assert "<h1>Register a person: Kazakhstan</h1>" in form.get_data(as_text=True)
    body = client.get(f"/meetings/{m}/participants").get_data(as_text=True)
    assert "Your party may register and edit its delegation until" in body and "Register a person" in body
    world.meeting.registration_deadline = _today(world.meeting) - timedelta(days=1)
    db.session.commit()
    body = client.get(f"/meetings/{m}/participants").get_data(as_text=True)
    assert "has passed: the delegation is shown read-only" in body
    assert "Register a person" not in body and "/status" not in body
    for url, data in ((f"/meetings/{m}/participants/new", NEW),
                      (f"/meetings/{m}/participants/{world.kz_delegate.id}/edit", {**NEW, "family_name": "Late"})):
        response = client.post(url, data=data)
        assert (response.status_code, response.headers["Location"]) == (302, f"/meetings/{m}/participants")
        assert "The registration deadline has passed" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.post(f"/meetings/{m}/participants/{world.kz_delegate.id}/status",
                       data={"status": "cancelled"}).status_code == 302
    db.session.refresh(world.kz_delegate)
    assert (world.kz_delegate.person.family_name, world.kz_delegate.status.value) == ("Seitkali", "registered")
    assert db.session.scalar(select(Person).where(Person.family_name == "Omarova")) is None
    # Organizers are not bound by the deadline.
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    response = client.post(f"/meetings/{m}/participants/new", data={**NEW, "party_id": world.kz.party_id})
    assert (response.status_code, response.headers["Location"]) == (302, f"/meetings/{m}/participants")
    assert "Aigerim Omarova is registered." in client.get(response.headers["Location"]).get_data(as_text=True)
    omarova = db.session.scalar(select(Person).where(Person.family_name == "Omarova"))
    assert db.session.scalar(select(Registration.delegation_id).where(Registration.person_id == omarova.id)) == world.kz.id


def test_bad_input_is_shown_beside_the_fields_and_kept(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants/new"
    before = db.session.scalar(select(func.count()).select_from(Person))
    body = client.post(url, data={"family_name": "", "given_names": "<script>alert(1)</script>", "role": "delegate",
                                  "email": "nope", "date_of_birth": "1980-02-31", "passport_expiry": "x",
                                  "position_en": "P" * 301, "party_id": "99999"}).get_data(as_text=True)
    assert "Give the family name in Latin or in Cyrillic letters." in body
    assert "Invalid email address." in body
    assert "Not a valid date value." in body
    assert "Field cannot be longer than 300 characters." in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert db.session.scalar(select(func.count()).select_from(Person)) == before


def test_known_person_is_registered_without_typing_again(client, auth, world, build):
    other = build.meeting(registration_deadline=date(2099, 1, 1))
    build.delegation(other, world.kz.party)
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    page = client.get(f"/meetings/{other.id}/participants/new?q=Abenov").get_data(as_text=True)
    assert f"person={world.kz_head.person_id}" in page
    page = client.get(f"/meetings/{other.id}/participants/new?q=Zhang").get_data(as_text=True)
    assert "Nobody found" in page and f"person={world.cn_head.person_id}" not in page
    response = client.post(f"/meetings/{other.id}/participants/new?person={world.kz_head.person_id}", data={
        "family_name": "Abenov", "given_names": "Nurlan", "role": "head_of_delegation"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.family_name == "Abenov")) == 1
    delegation = db.session.scalar(select(Delegation).where(Delegation.meeting_id == other.id))
    assert delegation.head_id == world.kz_head.person_id


def test_one_head_per_delegation(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    response = client.post(f"/meetings/{world.meeting.id}/participants/{world.kz_delegate.id}/edit", data={
        "family_name": "Seitkali", "given_names": "Daniyar", "role": "head_of_delegation"})
    assert response.status_code == 302
    db.session.refresh(world.kz_head)
    db.session.refresh(world.kz)
    assert world.kz_head.role is RegistrationRole.DELEGATE
    assert world.kz.head_id == world.kz_delegate.person_id


def test_control_characters_are_refused_beside_the_field(client, auth, world):
    # A NUL cannot be stored by PostgreSQL and no control character can go into an XLSX cell:
    # such text is refused where it is typed, not found later by a failing export.
    auth.login(UserRole.ORGANIZER)
    before = db.session.scalar(select(func.count()).select_from(Person))
    body = client.post(f"/meetings/{world.meeting.id}/participants/new", data={
        "family_name": "Nul\x00l", "given_names": "Vertical\x0btab", "role": "delegate",
        "party_id": str(world.kz.party_id)}).get_data(as_text=True)
    assert body.count("Remove the invisible control characters from this text.") == 2
    assert db.session.scalar(select(func.count()).select_from(Person)) == before

    url = f"/people/{world.kz_delegate.person_id}/edit"
    body = client.post(url, data={"family_name": "Seitkali", "given_names": "Daniyar",
                                  "position_en": "Counsellor\x07"}).get_data(as_text=True)
    assert body.count("Remove the invisible control characters from this text.") == 1
    db.session.refresh(world.kz_delegate.person)
    assert world.kz_delegate.person.position_en == ""


def test_control_character_error_is_russian_on_a_russian_page(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    body = client.post(f"/meetings/{world.meeting.id}/participants/new?lang=ru", data={
        "family_name": "A\x01", "given_names": "B", "role": "delegate"}).get_data(as_text=True)
    assert "Удалите из текста невидимые управляющие символы." in body


def test_the_form_error_summary_is_russian_on_a_russian_page(client, auth, world):
    # The summary lives in templates/_macros/, a folder pybabel skips unless told otherwise.
    auth.login(UserRole.ORGANIZER)
    body = client.post(f"/meetings/{world.meeting.id}/participants/new?lang=ru",
                       data={"family_name": "", "given_names": "B", "role": "delegate"}).get_data(as_text=True)
    assert "Исправьте отмеченные поля." in body and "Please correct the marked fields." not in body


def test_the_catalogue_check_reads_the_shared_macros():
    from meetings.i18n_check import extracted_messages

    assert (None, "Please correct the marked fields.") in extracted_messages()
