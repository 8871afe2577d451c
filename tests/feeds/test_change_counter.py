"""The change counter (meetings/changes.py): once per committed transaction that changed a row that
can reach a feed, whatever the way (unit of work or a bulk statement); never for rows that never
reach a feed (a token's last use, a login, the audit trail), nor for a rolled-back transaction."""

from datetime import timedelta

from sqlalchemy import update

from meetings import audit, changes
from meetings.extensions import db
from meetings.feeds import tokens
from meetings.models import FeedToken, Meeting, UserRole, utcnow
from tests.conftest import PASSWORD


def version() -> int:
    db.session.commit()
    return changes.current(db.session).version


def test_one_bump_per_transaction_that_changed_a_feed_row(app_context, build):
    start = version()
    person = build.person()  # one commit
    assert version() == start + 1
    person.family_name = "Renamed"
    db.session.add(type(person)(family_name="Second", given_names="One", email="second@example.org"))
    db.session.flush()
    person.given_names = "Twice"
    db.session.commit()
    assert version() == start + 2  # several rows and flushes, one transaction: one bump


def test_a_rolled_back_transaction_and_a_read_leave_it(app_context, build):
    person = build.person()
    start = version()
    person.family_name = "Never saved"
    db.session.flush()
    db.session.rollback()
    db.session.get(Meeting, 1)
    db.session.commit()
    assert version() == start


def test_rows_that_never_reach_a_feed_leave_it(client, app_context, build):
    user = build.user(UserRole.ORGANIZER)
    token = tokens.issue_token(user_id=user.id)
    start = version()
    audit.record(None, "meeting", "notified", object_id=None, meeting_id=None, summary="An entry of the trail alone")
    db.session.commit()
    row = tokens.find_token(token)
    row.last_used_at = utcnow() - timedelta(days=1)  # so that the next use is recorded
    db.session.commit()
    assert client.get(f"/feeds/{token}.ics").status_code == 200  # records its use: a write
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(FeedToken, row.id).last_used_at > utcnow() - timedelta(minutes=1)
    assert version() == start


def test_bulk_statements_count_unless_their_table_never_reaches_a_feed(app_context, build, future):
    meeting = build.meeting(starts_at=future)
    start = version()
    db.session.execute(update(FeedToken).values(label="bulk"))
    db.session.commit()
    assert version() == start
    db.session.execute(update(Meeting).where(Meeting.id == meeting.id).values(city_en="Astana"))
    db.session.commit()
    assert version() == start + 1
