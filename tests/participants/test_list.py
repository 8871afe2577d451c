"""The list of participants screen: order, filters, counts, plurals and query counts."""

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.models import AccreditationStatus, Delegation, Party, PartyKind, RegistrationRole, UserRole
from tests.participants.conftest import add_registration


def test_russian_order_puts_yo_with_ye_and_cyrillic_before_latin():
    names = ["Жуков", "Ёлкин", "Ершов", "Абаев", "Smith", "Яковлев", "ёжиков"]
    assert sorted(names, key=lambda n: collation_key(n, "ru")) == [
        "Абаев", "ёжиков", "Ёлкин", "Ершов", "Жуков", "Яковлев", "Smith"]
    assert sorted(names)[0] == "Smith" and sorted(names)[1] == "Ёлкин"  # what a plain sort does


def test_english_order_ignores_accents():
    assert sorted(["Turkmenistan", "Türkiye", "Thailand"], key=lambda n: collation_key(n, "en")) == [
        "Thailand", "Türkiye", "Turkmenistan"]


def _rows(body: str, names):
    return sorted(names, key=body.index)


def test_list_is_ordered_by_party_in_each_language_head_first(client, auth, world, build):
    # Parties whose Russian names start with Е, Ё and Ж: code-point order would put Ё first.
    for code, en, ru, family in (("XE", "Aaa", "Египет-тест", "Eee"), ("XY", "Bbb", "Ёлка-тест", "Yyy"),
                                 ("XZ", "Ccc", "Жук-тест", "Zzz")):
        party = Party(code=code, kind=PartyKind.OBSERVER_STATE, name_en=en, name_ru=ru)
        db.session.add(party)
        db.session.flush()
        delegation = Delegation(meeting_id=world.meeting.id, party_id=party.id)
        db.session.add(delegation)
        db.session.commit()
        add_registration(world.meeting, delegation, build.person(party_id=party.id, family_name=family))
    auth.login(UserRole.STAFF)
    url = f"/meetings/{world.meeting.id}/participants"
    names = ["Eee", "Yyy", "Zzz", "Abenov", "Seitkali", "Zhang"]
    en = client.get(url).get_data(as_text=True)
    assert _rows(en, names) == ["Eee", "Yyy", "Zzz", "Zhang", "Abenov", "Seitkali"]  # Aaa, Bbb, Ccc, China, Kazakhstan
    ru = client.get(url + "?lang=ru").get_data(as_text=True)
    # Египет, Ёлка, Жук, Казахстан (head first), Китай
    assert _rows(ru, names) == ["Eee", "Yyy", "Zzz", "Abenov", "Seitkali", "Zhang"]


def test_filters_and_counts(client, auth, world, build):
    world.kz_head.status = AccreditationStatus.ACCREDITED
    world.cn_head.status = AccreditationStatus.ATTENDED
    db.session.commit()
    cancelled = add_registration(world.meeting, world.kz, build.person(party_id=world.kz.party_id, family_name="Gone"),
                                 status=AccreditationStatus.CANCELLED)
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants"
    body = client.get(url).get_data(as_text=True)
    assert "<li>4 participants</li>" in body
    assert "<li>2 delegations</li>" in body
    assert "<li>1 head of delegation at ministerial level</li>" in body
    assert "<li>2 accredited</li>" in body
    body = client.get(f"{url}?party={world.kz.party_id}&status=cancelled").get_data(as_text=True)
    assert "<li>1 participant</li>" in body and "Gone" in body and "Abenov" not in body
    assert cancelled.person.family_name == "Gone"
    body = client.get(f"{url}?role=head_of_delegation").get_data(as_text=True)
    assert "Abenov" in body and "Zhang" in body and "Seitkali" not in body
    # Nonsense in the filters: a message beside the field, the filter ignored, never a 500.
    response = client.get(f"{url}?party=abc&role=<script>&status=9999")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>" not in body
    assert body.count("Invalid Choice: could not coerce.") == 3
    assert "<li>4 participants</li>" in body


def test_russian_plural_forms(client, auth, world, build):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants?lang=ru"
    assert "<li>3 участника</li>" in client.get(url).get_data(as_text=True)
    for _ in range(2):
        add_registration(world.meeting, world.kz, build.person(party_id=world.kz.party_id))
    assert "<li>5 участников</li>" in client.get(url).get_data(as_text=True)
    assert "<li>2 делегации</li>" in client.get(url).get_data(as_text=True)
    assert "<li>1 участник</li>" in client.get(url + f"&party={world.cn.party_id}").get_data(as_text=True)


def test_query_count_does_not_grow_with_participants(client, auth, world, build, count_queries):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants"

    def queries():
        for kind in ("", ".csv", ".xlsx"):
            client.get(url.replace("/participants", "/participants" + kind) if kind else url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        with count_queries() as export:
            assert client.get(f"/meetings/{world.meeting.id}/participants.csv").status_code == 200
        return counter.count, export.count

    small = queries()
    for i in range(30):
        party = build.party(["IN", "TR", "RU"][i % 3])
        delegation = db.session.scalar(db.select(Delegation).where(Delegation.meeting_id == world.meeting.id,
                                                                   Delegation.party_id == party.id))
        if delegation is None:
            delegation = Delegation(meeting_id=world.meeting.id, party_id=party.id)
            db.session.add(delegation)
            db.session.commit()
        add_registration(world.meeting, delegation, build.person(party_id=party.id),
                         role=RegistrationRole.ADVISER, ministerial_level=i % 2 == 0)
    assert queries() == small
