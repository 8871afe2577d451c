"""The list of participants screen: order, filters, counts, plurals and query counts."""

import re

from meetings.collation import collation_key
from meetings.models import AccreditationStatus, PartyKind, RegistrationRole, UserRole


def test_russian_order_puts_yo_with_ye_and_cyrillic_before_latin():
    names = ["Жуков", "Ёлкин", "Ершов", "Абаев", "Smith", "Яковлев", "ёжиков"]
    expected = ["Абаев", "ёжиков", "Ёлкин", "Ершов", "Жуков", "Яковлев", "Smith"]
    assert sorted(names, key=lambda n: collation_key(n, "ru")) == expected
    assert sorted(names) != expected  # the names tell a collation from a plain code-point sort


def test_english_order_ignores_accents():
    assert sorted(["Turkmenistan", "Türkiye", "Thailand"], key=lambda n: collation_key(n, "en")) == [
        "Thailand", "Türkiye", "Turkmenistan"]


# A row: its status, its party and its name (after the selection box organizers have).
ROW = re.compile(r'<tr class="status-(\w+)[^"]*">\s*(?:<td class="select">.*?</td>\s*)?<td[^>]*>([^<]*)</td>\s*'
                 r'<th scope="row">(?:<a [^>]*>)?(?:<span lang="\w+">)?([^<]*)<')
COUNTS = re.compile(r'<ul class="counts"[^>]*>(.*?)</ul>', re.S)


def _rows(body: str) -> list[tuple[str, str, str]]:
    """(status, party, name) of each row of the list, in the order shown."""
    return ROW.findall(body)


def _names(body: str) -> list[str]:
    return [name for _, _, name in _rows(body)]


def _counts(body: str) -> list[str]:
    (counts,) = COUNTS.findall(body)
    return re.findall(r"<li>(.*?)</li>", counts)


def test_list_is_ordered_by_party_in_each_language_head_first(client, auth, world, build):
    # Parties whose Russian names start with Е, Ё and Ж: code-point order would put Ё first.
    for code, en, ru, family in (("XE", "Aaa", "Египет-тест", "Eee"), ("XY", "Bbb", "Ёлка-тест", "Yyy"),
                                 ("XZ", "Ccc", "Жук-тест", "Zzz")):
        party = build.new_party(code, en, ru, kind=PartyKind.OBSERVER_STATE)
        build.registration(world.meeting, party, family_name=family)
    auth.login(UserRole.STAFF)
    url = f"/meetings/{world.meeting.id}/participants"
    en = client.get(url).get_data(as_text=True)
    assert [(party, name.split()[-1]) for _, party, name in _rows(en)] == [
        ("Aaa", "Eee"), ("Bbb", "Yyy"), ("Ccc", "Zzz"), ("China", "Zhang"), ("Kazakhstan", "Abenov"),
        ("Kazakhstan", "Seitkali")]
    ru = client.get(url + "?lang=ru").get_data(as_text=True)
    # Code-point order would put Ёлка before Египет; the head of delegation comes first.
    assert [(party, name.split()[-1]) for _, party, name in _rows(ru)] == [
        ("Египет-тест", "Eee"), ("Ёлка-тест", "Yyy"), ("Жук-тест", "Zzz"), ("Казахстан", "Abenov"),
        ("Казахстан", "Seitkali"), ("Китай", "Zhang")]


def test_filters_and_counts(client, auth, world, build):
    build.move(world.kz_head, AccreditationStatus.ACCREDITED)
    build.move(world.cn_head, AccreditationStatus.ATTENDED)
    cancelled = build.registration(world.meeting, world.kz.party, family_name="Gone",
                                   status=AccreditationStatus.CANCELLED)
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants"
    everyone = [("attended", "China", "Wei Zhang"), ("accredited", "Kazakhstan", "Nurlan Abenov"),
                ("cancelled", "Kazakhstan", f"{cancelled.person.given_names} Gone"),
                ("registered", "Kazakhstan", "Daniyar Seitkali")]
    body = client.get(url).get_data(as_text=True)
    assert _rows(body) == everyone
    # Delegations count those with someone not cancelled; attended counts as accredited.
    assert _counts(body) == ["4 participants", "2 delegations", "1 head of delegation at ministerial level",
                             "2 accredited"]
    body = client.get(f"{url}?party={world.kz.party_id}&status=cancelled").get_data(as_text=True)
    assert _rows(body) == [everyone[2]]
    assert _counts(body) == ["1 participant", "0 delegations", "0 heads of delegation at ministerial level",
                             "0 accredited"]
    body = client.get(f"{url}?role=head_of_delegation").get_data(as_text=True)
    assert _rows(body) == everyone[:2]
    assert _counts(body) == ["2 participants", "2 delegations", "1 head of delegation at ministerial level",
                             "2 accredited"]
    # Nonsense in the filters: a message beside the field, the filter ignored, never a 500.
    response = client.get(f"{url}?party=abc&role=<script>&status=9999")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>" not in body
    assert body.count("Invalid Choice: could not coerce.") == 3
    for field in ("party", "role", "status"):
        assert f'id="{field}-errors"' in body, field
    assert _rows(body) == everyone
    assert _counts(body) == ["4 participants", "2 delegations", "1 head of delegation at ministerial level",
                             "2 accredited"]


def test_russian_plural_forms(client, auth, world, build):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants?lang=ru"
    assert _counts(client.get(url + f"&party={world.cn.party_id}").get_data(as_text=True)) == [
        "1 участник", "1 делегация", "0 глав делегаций на министерском уровне", "аккредитовано: 0"]
    total = 3
    for count, expected in ((3, "3 участника"), (5, "5 участников"), (11, "11 участников"), (21, "21 участник"),
                            (22, "22 участника"), (25, "25 участников")):
        while total < count:
            build.registration(world.meeting, world.kz.party)
            total += 1
        assert _counts(client.get(url).get_data(as_text=True)) == [
            expected, "2 делегации", "1 глава делегации на министерском уровне", "аккредитовано: 0"]


def test_query_count_does_not_grow_with_participants(client, auth, world, build, count_queries):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants"

    def queries():
        for kind in ("", ".csv", ".xlsx"):
            client.get(url.replace("/participants", "/participants" + kind) if kind else url)
        with count_queries() as counter:
            page = client.get(url)
        with count_queries() as export:
            csv_response = client.get(f"/meetings/{world.meeting.id}/participants.csv")
        assert (page.status_code, csv_response.status_code) == (200, 200)
        rows = len(_rows(page.get_data(as_text=True)))
        lines = len(csv_response.data.decode("utf-8-sig").splitlines())
        return counter.count, export.count, rows, lines

    *small, rows, lines = queries()
    assert (rows, lines) == (3, 4)  # the three participants; a header and a line each
    for i in range(30):
        build.registration(world.meeting, ["IN", "TR", "RU"][i % 3], role=RegistrationRole.ADVISER,
                           ministerial_level=i % 2 == 0)
    assert queries() == (*small, 33, 34)
