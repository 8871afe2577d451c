"""The silence procedure: the deadline in the meeting's zone, its changes, lifting it, the outcome,
the audit trail, and how the document reads (EN/RU) wherever it is shown."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from meetings.documents import silence
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import AuditEntry, Document, SilenceOutcome, UserRole, Visibility
from tests.documents.silence_rows import document, under_silence

# Kazakhstan is at UTC+5 all year since 1 March 2024: 18:00 in Astana is 13:00 UTC.
DEADLINE = datetime(2030, 12, 14, 18, 0)
DEADLINE_UTC = datetime(2030, 12, 14, 13, 0, tzinfo=UTC)


@pytest.fixture
def meeting(build):
    return build.meeting(title_en="Senior Officials Committee", timezone="Asia/Almaty", city_en="Astana",
                         city_ru="Астана", starts_at=datetime(2030, 12, 9, 4, 0, tzinfo=UTC))


@pytest.fixture
def draft(meeting):
    return document(meeting, "CICA/SOC/2030/DEC.1")


def _actions(doc: Document) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "document",
                                                                  AuditEntry.object_id == doc.id)
                                   .order_by(AuditEntry.id)))


def test_the_deadline_is_typed_in_the_meetings_zone_and_kept_in_utc(build, draft):
    sequence = draft.sequence
    under_silence(draft, DEADLINE, build.secretariat)
    db.session.expire_all()
    assert draft.silence_until == DEADLINE_UTC
    assert draft.sequence == sequence + 1
    assert _actions(draft) == ["document.silence_set"]


def test_the_same_wall_time_is_another_instant_in_istanbul(build):
    meeting = build.meeting(timezone="Europe/Istanbul", starts_at=datetime(2030, 12, 9, 6, 0, tzinfo=UTC))
    doc = document(meeting)
    under_silence(doc, DEADLINE, build.secretariat)
    assert doc.silence_until == datetime(2030, 12, 14, 15, 0, tzinfo=UTC)  # UTC+3


def test_moving_the_deadline_raises_the_sequence_and_is_audited_but_the_same_one_changes_nothing(build, draft):
    under_silence(draft, DEADLINE, build.secretariat)
    sequence = draft.sequence
    under_silence(draft, DEADLINE, build.secretariat)
    assert draft.sequence == sequence
    under_silence(draft, DEADLINE + timedelta(days=2), build.secretariat)
    assert draft.sequence == sequence + 1
    assert draft.silence_until == DEADLINE_UTC + timedelta(days=2)
    assert _actions(draft) == ["document.silence_set", "document.silence_changed"]


def test_a_deadline_in_the_past_or_skipped_by_the_clocks_is_refused(build):
    berlin = build.meeting(timezone="Europe/Berlin", starts_at=datetime(2030, 3, 20, 8, 0, tzinfo=UTC))
    doc = document(berlin)
    with pytest.raises(RuleError) as past:
        under_silence(doc, datetime(2020, 1, 1, 12, 0), build.secretariat)
    assert past.value.field == "silence_until"
    with pytest.raises(RuleError) as skipped:  # clocks go from 02:00 to 03:00 on 31 March 2030
        under_silence(doc, datetime(2030, 3, 31, 2, 30), build.secretariat)
    assert "does not exist" in str(skipped.value)
    db.session.rollback()
    assert doc.silence_until is None and doc.sequence == 0
    assert _actions(doc) == []


def test_a_document_not_yet_issued_cannot_be_put_under_silence(build, meeting):
    doc = document(meeting, issued=False)
    with pytest.raises(RuleError, match="Issue the document first"):
        under_silence(doc, DEADLINE, build.secretariat)


def test_lifting_ends_the_procedure_without_an_outcome(build, draft):
    under_silence(draft, DEADLINE, build.secretariat)
    sequence = draft.sequence
    silence.lift_silence(draft, user=build.secretariat)
    assert (draft.silence_until, draft.silence_outcome, draft.sequence) == (None, None, sequence + 1)
    with pytest.raises(RuleError, match="not under silence"):
        silence.lift_silence(draft, user=build.secretariat)
    assert _actions(draft) == ["document.silence_set", "document.silence_lifted"]


def test_adopted_only_after_the_deadline_and_broken_only_by_a_party(build, draft):
    under_silence(draft, DEADLINE, build.secretariat)
    adopted = silence.OutcomeInput(SilenceOutcome.ADOPTED)
    with pytest.raises(RuleError, match="only once its deadline has passed"):
        silence.record_outcome(draft, adopted, user=build.secretariat, now=DEADLINE_UTC - timedelta(minutes=1))
    with pytest.raises(RuleError) as no_party:
        silence.record_outcome(draft, silence.OutcomeInput(SilenceOutcome.BROKEN), user=build.secretariat)
    assert no_party.value.field == "broken_by_id"
    sequence = draft.sequence
    silence.record_outcome(draft, adopted, user=build.secretariat, now=DEADLINE_UTC)
    assert (draft.silence_outcome, draft.sequence) == (SilenceOutcome.ADOPTED, sequence + 1)
    with pytest.raises(RuleError, match="closed"):  # recorded once; the deadline stays as it was
        under_silence(draft, DEADLINE + timedelta(days=1), build.secretariat)


def test_silence_broken_by_a_party_names_it(build, draft):
    under_silence(draft, DEADLINE, build.secretariat)
    party = build.party("IN")
    silence.record_outcome(draft, silence.OutcomeInput(SilenceOutcome.BROKEN, party.id), user=build.secretariat)
    assert draft.silence_broken_by_id == party.id
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "document.silence_outcome")).one()
    assert entry.changes == {"silence_outcome": [None, "broken"], "silence_broken_by": [None, "IN"]}
    assert str(silence.silence_text(draft, lang="en")).startswith("Silence broken by India (the deadline was 14 December")


def test_how_a_document_under_silence_reads_in_english_and_russian(app, build, draft):
    under_silence(draft, DEADLINE, build.secretariat)
    now = DEADLINE_UTC - timedelta(days=1)
    with app.test_request_context():
        assert silence.silence_text(draft, lang="en", now=now) == \
            "Under silence until 14 December 2030, 18:00 (Astana time)"
        with force_locale("ru"):  # the reader's language: the texts' and the date's
            assert silence.silence_text(draft, lang="ru", now=now) == \
                "Процедура умолчания до 14 декабря 2030\u00a0г., 18:00 (по времени г. Астана)"
        after = DEADLINE_UTC + timedelta(minutes=1)
        assert silence.silence_text(draft, lang="en", now=after, organizer=True) == \
            "Silence period ended 14 December 2030, 18:00 (Astana time): outcome not recorded"
        assert silence.silence_text(draft, lang="en", now=after) == \
            "Silence period ended 14 December 2030, 18:00 (Astana time)"


# --- the organizer's page ------------------------------------------------------------------------


def _url(doc: Document, end: str = "") -> str:
    return f"/manage/meetings/{doc.meeting_id}/documents/{doc.id}/silence{end}"


def test_an_organizer_puts_a_document_under_silence_through_the_page(client, auth, build, draft):
    auth.login(UserRole.ORGANIZER)
    page = client.get(_url(draft)).get_data(as_text=True)
    assert "Almaty, UTC+5" in page  # the zone the deadline is typed in
    response = client.post(_url(draft), data={"until_date": "2030-12-14", "until_time": "18.00"})
    assert response.status_code == 302
    db.session.expire_all()
    assert draft.silence_until == DEADLINE_UTC
    page = client.get(_url(draft)).get_data(as_text=True)
    assert "Under silence until 14 December 2030, 18:00 (Astana time)" in page
    assert 'value="18:00"' in page  # the deadline as it is, to change it


def test_a_refused_deadline_keeps_what_was_typed_beside_the_field(client, auth, build, draft):
    auth.login(UserRole.ORGANIZER)
    page = client.post(_url(draft), data={"until_date": "2020-01-01", "until_time": "9.30"}).get_data(as_text=True)
    assert "The deadline must be in the future." in page
    assert 'value="2020-01-01"' in page and 'value="9.30"' in page
    page = client.post(_url(draft), data={"until_date": "2030-12-14", "until_time": "25:00"}).get_data(as_text=True)
    assert "Not a valid time" in page and 'value="25:00"' in page
    db.session.expire_all()
    assert draft.silence_until is None


def test_the_outcome_and_lifting_through_the_page(client, auth, build, draft):
    auth.login(UserRole.ORGANIZER)
    under_silence(draft, DEADLINE, build.secretariat)
    page = client.post(_url(draft, "/outcome"), data={"outcome": "broken"}).get_data(as_text=True)
    assert "Choose the party that broke the silence." in page
    assert client.post(_url(draft, "/lift")).status_code == 302
    db.session.expire_all()
    assert draft.silence_until is None
    under_silence(draft, DEADLINE, build.secretariat)
    party = build.party("TR")
    response = client.post(_url(draft, "/outcome"), data={"outcome": "broken", "broken_by_id": str(party.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert draft.silence_outcome is SilenceOutcome.BROKEN and draft.silence_broken_by_id == party.id
    assert "Silence broken by Türkiye" in client.get(_url(draft)).get_data(as_text=True)


@pytest.mark.parametrize("who", [None, UserRole.DELEGATE, UserRole.FOCAL_POINT, UserRole.STAFF])
def test_only_organizers_reach_the_procedure(client, auth, draft, who):
    if who is not None:
        auth.login(who)
    for method, end in (("get", ""), ("post", ""), ("post", "/lift"), ("post", "/outcome")):
        assert getattr(client, method)(_url(draft, end)).status_code in (302, 403, 404)
    db.session.expire_all()
    assert draft.silence_until is None and draft.sequence == 0


def test_a_document_of_another_meeting_is_a_404(client, auth, build, draft):
    auth.login(UserRole.ORGANIZER)
    other = build.meeting()
    assert client.get(f"/manage/meetings/{other.id}/documents/{draft.id}/silence").status_code == 404
    assert client.get(f"/manage/meetings/{draft.meeting_id}/documents/999999/silence").status_code == 404


def test_restricted_documents_too_are_the_organizers_to_manage(client, auth, build, meeting):
    doc = document(meeting, distribution=Visibility.RESTRICTED, issued=False)
    auth.login(UserRole.ORGANIZER)
    page = client.post(_url(doc), data={"until_date": "2030-12-14", "until_time": "18:00"}).get_data(as_text=True)
    assert "Issue the document first" in page
