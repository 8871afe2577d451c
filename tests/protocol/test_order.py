"""The protocol order on the real parties (the seed's 28 Member States, observers and
organisations), with fixed seeds and the expected orders written out by hand."""

import random

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, Delegation, DelegationLevel, DelegationReply, Party, PartyKind, UserRole
from meetings.participants import services as participants
from meetings.protocol import services
from meetings.protocol.order import draw, protocol_order

L = DelegationLevel
# The summit of these tests: who comes at which level (the rest of the Member States: ministers).
LEVELS = {"KZ": L.HEAD_OF_STATE, "AZ": L.HEAD_OF_STATE, "TJ": L.HEAD_OF_STATE, "CN": L.HEAD_OF_STATE,
          "PK": L.HEAD_OF_GOVERNMENT, "IN": L.HEAD_OF_GOVERNMENT, "BH": L.AMBASSADOR, "QA": L.AMBASSADOR,
          "JP": L.MINISTER, "US": L.AMBASSADOR, "UN": L.OTHER, "SCO": L.OTHER}
GUESTS = ("JP", "US", "UN", "SCO")

# Seed 19, English: Russia drawn among the 27 Member States taking part (Afghanistan declined).
# Heads of State going round the alphabet from Russia (Tajikistan; then from A: Azerbaijan, China,
# Kazakhstan), heads of Government (India, Pakistan), the ministers from Russia round to the
# Republic of Korea, the ambassadors (Bahrain, Qatar), then the observer States by level (Japan's
# minister before the United States' ambassador), the observer organisation, the partner.
ENGLISH_FROM_RUSSIA = [
    "TJ", "AZ", "CN", "KZ", "IN", "PK",
    "RU", "LK", "TH", "TR", "AE", "UZ", "VN", "BD", "KH", "EG", "IR", "IQ", "IL", "JO", "KW", "KG", "MN", "PS", "KR",
    "BH", "QA", "JP", "US", "UN", "SCO"]
# Seed 5, Russian: Palestine («Палестина») drawn; Russia now comes at the level of a head of State
# and Kazakhstan's President has sent the minister instead. Russian order of names: «Палестина,
# Республика Корея, Россия, Таджикистан, Таиланд, Турция, Узбекистан, Шри-Ланка, Азербайджан,
# Бангладеш, Бахрейн, Вьетнам, Египет, Израиль, Индия, Иордания, Ирак, Иран, Казахстан, Камбоджа,
# Катар, Китай, Кувейт, Кыргызстан, Монголия, Объединённые Арабские Эмираты, Пакистан».
RUSSIAN_FROM_PALESTINE = [
    "RU", "TJ", "AZ", "CN", "IN", "PK",
    "PS", "KR", "TH", "TR", "UZ", "LK", "BD", "VN", "EG", "IL", "JO", "IQ", "IR", "KZ", "KH", "KW", "KG", "MN", "AE",
    "BH", "QA", "JP", "US", "UN", "SCO"]


@pytest.fixture
def summit(build):
    meeting = build.meeting(title_en="Summit", type_code="SUMMIT")
    user = build.secretariat
    members = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE)).all()
    assert len(members) == 28
    participants.invite_parties(meeting, [*members, *(build.party(code) for code in GUESTS)], user)
    for delegation in meeting_delegations(meeting):
        code = delegation.party.code
        reply = DelegationReply.DECLINED if code == "AF" else DelegationReply.ACCEPTED
        participants.update_delegation(meeting, delegation, reply, None, user, level=LEVELS.get(code, L.MINISTER))
    return meeting


def meeting_delegations(meeting):
    return db.session.scalars(select(Delegation).where(Delegation.meeting_id == meeting.id)).all()


def codes(meeting) -> list[str]:
    return [place.party.code for place in protocol_order(meeting)]


def set_level(meeting, code, level, user):
    delegation = next(d for d in meeting_delegations(meeting) if d.party.code == code)
    participants.update_delegation(meeting, delegation, delegation.reply, delegation.head_id, user, level=level)


def test_the_draw_is_reproducible_by_anyone():
    candidates = ["AZ", "KZ", "RU", "CN"]
    assert draw(19, candidates) == draw(19, list(reversed(candidates))) == random.Random(19).choice(sorted(candidates))


def test_two_draws_give_the_orders_written_out_by_hand(summit, build):
    user = build.secretariat
    record = services.draw_first_party(summit, user=user, seed=19)
    assert record.first_party.code == "RU" and len(record.candidates) == 27 and "AF" not in record.candidates
    assert codes(summit) == ENGLISH_FROM_RUSSIA

    services.draw_first_party(summit, user=user, seed=5)
    services.set_alphabet(summit, "ru", user=user)
    set_level(summit, "RU", L.HEAD_OF_STATE, user)
    set_level(summit, "KZ", L.MINISTER, user)
    assert codes(summit) == RUSSIAN_FROM_PALESTINE
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "protocol")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["protocol.drawn", "protocol.drawn", "protocol.alphabet"]


def test_before_the_draw_the_round_starts_at_the_alphabet(summit):
    order = protocol_order(summit)
    assert not order.drawn
    ministers = [p.party.code for p in order if p.level is L.MINISTER and p.party.kind is PartyKind.MEMBER_STATE]
    assert ministers[:3] == ["BD", "KH", "EG"]  # Afghanistan declined, Azerbaijan's head of State comes first


def test_overrides_put_a_party_at_its_place_and_the_rest_keeps_its_order(summit, build):
    user = build.secretariat
    services.draw_first_party(summit, user=user, seed=19)
    services.place_party(summit, build.party("KZ").id, 1, "Host country opens the Summit", user=user)
    services.place_party(summit, build.party("JP").id, 8, "Courtesy agreed with the Chair", user=user)
    expected = [code for code in ENGLISH_FROM_RUSSIA if code not in ("KZ", "JP")]
    expected.insert(0, "KZ")
    expected.insert(7, "JP")
    assert codes(summit) == expected
    order = protocol_order(summit)
    assert order.places[0].override == "Host country opens the Summit"
    for wrong, field in (({"position": 0}, "position"), ({"position": 99}, "position"), ({"reason": " "}, "reason"),
                         ({"party_id": build.party("AF").id}, "party_id")):
        arguments = {"party_id": build.party("KZ").id, "position": 2, "reason": "x", **wrong}
        with pytest.raises(services.RuleError) as refused:
            services.place_party(summit, arguments["party_id"], arguments["position"], arguments["reason"], user=user)
        assert refused.value.field == field
    # A place already given by hand is not given twice (each would push the other down, and the
    # list of placings would name places they no longer hold); the same party may move.
    with pytest.raises(services.RuleError) as taken:
        services.place_party(summit, build.party("CN").id, 8, "Asked by the delegation", user=user)
    assert taken.value.field == "position" and "Japan is already put at place 8" in taken.value.message
    services.place_party(summit, build.party("JP").id, 8, "Courtesy agreed with the Chair", user=user)
    assert codes(summit) == expected
    override = services.overrides(summit)[0]
    services.remove_override(summit, override.id, user=user)
    back = [code for code in ENGLISH_FROM_RUSSIA if code != "JP"]
    back.insert(7, "JP")
    assert codes(summit) == back


def test_no_draw_without_member_states(build):
    meeting = build.meeting()
    with pytest.raises(services.RuleError):
        services.draw_first_party(meeting, user=build.secretariat)


def test_the_page_shows_the_order_and_takes_the_draw_in_both_languages(client, auth, summit):
    auth.login(UserRole.STAFF)
    page = client.get(f"/meetings/{summit.id}/protocol")
    assert page.status_code == 200 and "Not drawn yet" in page.text
    drawn = client.post(f"/meetings/{summit.id}/protocol/draw", data={"seed": "19"}, follow_redirects=True)
    assert "Russia was drawn" in drawn.text and "random.Random(19)" in drawn.text
    refused = client.post(f"/meetings/{summit.id}/protocol/draw", data={"seed": "-4"})
    assert refused.status_code == 200 and 'value="-4"' in refused.text
    placed = client.post(f"/meetings/{summit.id}/protocol/places",
                         data={"party_id": str(auth.build.party("KZ").id), "position": "1", "reason": ""})
    assert "This field is required" in placed.text
    # One message for a place out of range, however far out; a party that is no choice is named so.
    size = len(protocol_order(summit))
    for position in ("0", "-3", str(size + 1), "9" * 30):
        refused = client.post(f"/meetings/{summit.id}/protocol/places",
                              data={"party_id": str(auth.build.party("KZ").id), "position": position, "reason": "x"})
        assert f"Enter a place from 1 to {size}." in refused.text, position
    refused = client.post(f"/meetings/{summit.id}/protocol/places", data={"party_id": "abc", "position": "1", "reason": "x"})
    assert "Choose a party that takes part in the meeting." in refused.text and "coerce" not in refused.text
    russian = client.get(f"/meetings/{summit.id}/protocol?lang=ru")
    assert "<h1>Протокольный порядок</h1>" in russian.text and "Россия" in russian.text
    auth.logout()
    auth.login(UserRole.FOCAL_POINT, party_id=auth.build.party("KZ").id)
    assert client.get(f"/meetings/{summit.id}/protocol").status_code == 403


def test_an_undo_sent_twice_says_it_was_already_undone(client, auth, summit):
    """A double click (or a colleague first) on "back to its place": the order page with a word,
    not a bare 404 (another meeting's placing stays a 404: tests/authz)."""
    user = auth.login(UserRole.STAFF)
    services.draw_first_party(summit, user=user, seed=19)
    override = services.place_party(summit, auth.build.party("KZ").id, 1, "Host", user=user)
    db.session.commit()
    url = f"/meetings/{summit.id}/protocol/places/{override.id}/delete"
    assert "back at its place by the rule" in client.post(url, follow_redirects=True).text
    again = client.post(url, follow_redirects=True)
    assert again.status_code == 200 and "That placing was already undone." in again.text
    assert "That placing was already undone." in client.post(f"/meetings/{summit.id}/protocol/places/999/delete",
                                                             follow_redirects=True).text
