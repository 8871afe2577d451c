"""`flask --app wsgi purge`: personal data cleared once every meeting of the person is past its
type's retention period (SOC: 90 days for passport and date of birth, 365 for the phone;
Summit: 180 and 365, as meetings/data/meeting_types.csv seeds them)."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, MeetingType, Person, utcnow

PRIVATE = {"passport_number": "N55556666", "passport_expiry": date(2032, 1, 2), "date_of_birth": date(1980, 7, 8),
           "phone": "+7 701 111 2233"}


@pytest.fixture
def ended(build):
    """Meetings that ended some days ago (by type), and one to come."""
    now = utcnow()

    def meeting(days_ago: int, type_code: str = "SOC"):
        start = now - timedelta(days=days_ago, hours=8)
        return build.meeting(type_code=type_code, starts_at=start, ends_at=start + timedelta(hours=8))

    return meeting


def _person(registration) -> Person:
    db.session.expire_all()
    return db.session.get(Person, registration.person_id)


def _private(person: Person) -> dict:
    return {name: getattr(person, name) for name in PRIVATE}


def test_purge_clears_each_field_past_its_period_and_keeps_what_a_meeting_still_needs(runner, app_context, build,
                                                                                       ended):
    soc_100 = ended(100)  # past SOC's 90 days for passport and birth date, within its 365 for the phone
    past = build.registration(soc_100, "KZ", **PRIVATE)
    summit = build.registration(ended(100, "SUMMIT"), "KZ", **PRIVATE)  # Summit: 180 days, kept
    busy = build.registration(soc_100, "CN", **PRIVATE)
    build.registration(ended(-30), person=busy.person)  # an upcoming meeting keeps all of it
    long_ago = build.registration(ended(400), "KZ", **PRIVATE)  # past every period
    alone = build.person(family_name="Unregistered", **PRIVATE)

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output

    assert _private(_person(past)) == {**PRIVATE, "passport_number": "", "passport_expiry": None,
                                       "date_of_birth": None}
    assert _private(_person(summit)) == PRIVATE
    assert _private(_person(busy)) == PRIVATE
    assert _private(_person(long_ago)) == {"passport_number": "", "passport_expiry": None, "date_of_birth": None,
                                           "phone": ""}
    assert _private(db.session.get(Person, alone.id)) == PRIVATE
    assert "SOC        90, 90, 365" in result.output
    assert "SUMMIT     180, 180, 365" in result.output
    assert "Cleared the data of 2 people (passport: 2, date of birth: 2, phone: 1)." in result.output
    assert "Kept for a meeting still within its period (or a period not set): 3 people." in result.output
    assert "Left alone, registered for no meeting: 1 people." in result.output


def test_purge_is_audited_per_person_without_the_values_and_is_idempotent(runner, app_context, build, ended):
    past = build.registration(ended(100), "KZ", **PRIVATE)
    assert runner.invoke(args=["purge"]).exit_code == 0
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.purged")).all()
    assert [(e.object_type, e.object_id, e.user_id) for e in entries] == [("person", past.person_id, None)]
    assert set(entries[0].changes) == {"passport_number", "passport_expiry", "date_of_birth"}
    assert "passport, date of birth cleared" in entries[0].summary
    stored = json.dumps(entries[0].changes) + entries[0].summary
    assert not any(str(value) in stored for value in PRIVATE.values())

    again = runner.invoke(args=["purge"])
    assert again.exit_code == 0, again.output
    assert "Cleared the data of 0 people (passport: 0, date of birth: 0, phone: 0)." in again.output
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.purged")).all() == entries


def test_dry_run_says_what_would_be_cleared_and_changes_nothing(runner, app_context, build, ended):
    past = build.registration(ended(400), "KZ", **PRIVATE)
    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would clear person {past.person_id} " in result.output
    assert "Would clear the data of 1 people (passport: 1, date of birth: 1, phone: 1)." in result.output
    assert "Dry run: nothing was changed." in result.output
    assert _private(_person(past)) == PRIVATE
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.purged")).all() == []


def test_a_period_not_set_keeps_the_data_and_the_seed_fills_it_without_overwriting(runner, app_context, build, ended):
    past = build.registration(ended(400), "KZ", **PRIVATE)
    soc, summit = build.meeting_type("SOC"), build.meeting_type("SUMMIT")
    soc.passport_retention_days = soc.birth_date_retention_days = soc.phone_retention_days = None  # before 0006
    summit.passport_retention_days = 1000  # changed by an organizer
    db.session.commit()

    result = runner.invoke(args=["purge"])
    assert "SOC        not set, not set, not set" in result.output
    assert _private(_person(past)) == PRIVATE

    assert "1 rows created or completed" in runner.invoke(args=["seed"]).output
    db.session.expire_all()
    periods = {t.code: (t.passport_retention_days, t.birth_date_retention_days, t.phone_retention_days)
               for t in db.session.scalars(select(MeetingType))}
    assert periods["SOC"] == (90, 90, 365)
    assert periods["SUMMIT"] == (1000, 180, 365)
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert _private(_person(past))["passport_number"] == ""
