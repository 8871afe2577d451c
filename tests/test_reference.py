from collections import Counter

from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import MeetingType, Party, PartyKind


def kinds() -> Counter:
    return Counter(db.session.scalars(select(Party.kind)))


def test_seed_loads_every_party_with_both_names(runner, app_context):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    counts = kinds()
    assert counts[PartyKind.MEMBER_STATE] == 28
    assert counts[PartyKind.OBSERVER_STATE] == 10
    assert counts[PartyKind.OBSERVER_ORGANISATION] == 5
    assert counts[PartyKind.PARTNER_ORGANISATION] == 8
    assert counts[PartyKind.SECRETARIAT] == 1
    blank = db.session.scalars(select(Party.code).where((Party.name_en == "") | (Party.name_ru == ""))).all()
    assert blank == []


def test_seed_uses_cica_names_and_cldr_russian_names(runner, app_context):
    runner.invoke(args=["seed"])
    names = {p.code: (p.name_en, p.name_ru) for p in db.session.scalars(select(Party))}
    assert names["TR"] == ("Türkiye", "Турция")
    assert names["VN"] == ("Viet Nam", "Вьетнам")
    assert names["KR"] == ("Republic of Korea", "Республика Корея")
    assert names["PS"] == ("Palestine", "Палестина")
    assert names["KZ"] == ("Kazakhstan", "Казахстан")  # from CLDR
    assert names["JP"][1] == "Япония"


def test_seed_is_idempotent_and_keeps_edits(runner, app_context):
    first = runner.invoke(args=["seed"])
    assert "63 rows created" in first.output
    party = db.session.scalar(select(Party).where(Party.code == "KZ"))
    party.name_en = "Republic of Kazakhstan"
    db.session.commit()
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0
    assert "up to date" in second.output
    assert db.session.scalar(select(func.count()).select_from(Party)) == 52
    assert db.session.scalar(select(func.count()).select_from(MeetingType)) == 11
    assert db.session.scalar(select(Party.name_en).where(Party.code == "KZ")) == "Republic of Kazakhstan"


def test_seed_gives_each_party_the_language_the_secretariat_writes_to_it_in(runner, app_context):
    runner.invoke(args=["seed"])
    russian = set(db.session.scalars(select(Party.code).where(Party.language == "ru")))
    assert russian == {"AZ", "BY", "KG", "KZ", "RU", "TJ", "TM", "UZ", "EEC", "SCO", "SCO-RATS"}
    assert set(db.session.scalars(select(Party.language))) == {"en", "ru"}
