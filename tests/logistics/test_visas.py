"""Visa support letters: the rules, the pages, the letter as a PDF, and who may see what."""

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from meetings.domain import NotAllowedError, NotFoundError
from meetings.extensions import db
from meetings.logistics.visas import services
from meetings.logistics.visas.services import LetterInput, VisaLetterError
from meetings.models import (
    AccreditationStatus,
    AuditEntry,
    Meeting,
    Registration,
    User,
    UserRole,
    VisaLetter,
    VisaLetterStatus,
)
from meetings.participants.access import participants_access
from tests.conftest import requires_postgres
from tests.printing.helpers import read_pdf

S = VisaLetterStatus
EMBASSY = "Embassy of the Republic of Azerbaijan in Astana"


@dataclass
class World:
    meeting: Meeting
    organizer: User
    kz: Registration  # with passport data
    kz_bare: Registration  # without
    cn: Registration


@pytest.fixture
def world(build) -> World:
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц",
                            starts_at=datetime(2026, 12, 9, 5, 0, tzinfo=UTC),
                            ends_at=datetime(2026, 12, 10, 13, 0, tzinfo=UTC))
    kz = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan Serikovich",
                            passport_number="N12345678", passport_expiry=date(2031, 5, 20), nationality="Kazakhstan",
                            date_of_birth=date(1975, 3, 8), position_en="Deputy Minister",
                            position_ru="Заместитель министра")
    bare = build.registration(meeting, "KZ", family_name="Seitkali", given_names="Daniyar")
    cn = build.registration(meeting, "CN", family_name="Zhang", given_names="Wei", passport_number="E99887766",
                            passport_expiry=date(2027, 3, 1))
    return World(meeting, build.user(UserRole.ORGANIZER), kz, bare, cn)


def organizer_access(world):
    return participants_access(world.organizer, world.meeting.id)


def request(world, registration, **values):
    return services.request_letter(organizer_access(world), registration.id,
                                   LetterInput(**({"embassy": EMBASSY, "language": "en"} | values)))


# --- the rules -----------------------------------------------------------------------------------

def test_issue_gives_sequential_references_per_year(world):
    first, second = request(world, world.kz), request(world, world.cn)
    now = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    services.issue_letter(world.meeting, first, world.organizer, now)
    services.issue_letter(world.meeting, second, world.organizer, now)
    assert (first.reference, second.reference) == ("CICA/VL/2026/0001", "CICA/VL/2026/0002")
    assert first.status is S.ISSUED and first.issued_at == now
    # A new year starts again at 1.
    services.cancel_letter(world.meeting, second, world.organizer)
    request(world, world.cn)
    services.issue_letter(world.meeting, second, world.organizer, datetime(2027, 1, 2, 8, 0, tzinfo=UTC))
    assert second.reference == "CICA/VL/2027/0001"


def test_the_year_is_the_meetings_local_year(world):
    letter = request(world, world.kz)
    # 31 December 21:00 UTC is already 1 January in Baku (UTC+4).
    services.issue_letter(world.meeting, letter, world.organizer, datetime(2025, 12, 31, 21, 0, tzinfo=UTC))
    assert letter.reference == "CICA/VL/2026/0001"


def test_status_transitions_and_refusals(world):
    letter = request(world, world.kz)
    with pytest.raises(VisaLetterError):
        services.mark_sent(world.meeting, letter, world.organizer)  # not issued yet
    services.issue_letter(world.meeting, letter, world.organizer)
    with pytest.raises(VisaLetterError):
        services.issue_letter(world.meeting, letter, world.organizer)  # twice
    services.mark_sent(world.meeting, letter, world.organizer)
    assert letter.status is S.SENT and letter.sent_at is not None
    with pytest.raises(VisaLetterError):
        services.update_letter(world.meeting, letter, LetterInput("Elsewhere", "ru"), world.organizer)
    services.cancel_letter(world.meeting, letter, world.organizer)
    for refused in (services.issue_letter, services.mark_sent, services.cancel_letter):
        with pytest.raises(VisaLetterError):
            refused(world.meeting, letter, world.organizer)
    db.session.rollback()
    assert db.session.get(VisaLetter, letter.id).status is S.CANCELLED
    # Requested again: the same row, a new request, the old reference gone.
    again = request(world, world.kz, language="ru")
    assert again.id == letter.id and again.status is S.REQUESTED and again.reference is None


def test_issue_needs_passport_data_and_warns_about_expiry(world):
    letter = request(world, world.kz_bare)
    with pytest.raises(VisaLetterError, match="person's record"):
        services.issue_letter(world.meeting, letter, world.organizer)
    db.session.rollback()
    assert db.session.get(VisaLetter, letter.id).reference is None
    # Zhang's passport expires on 1 March 2027: less than six months after 10 December 2026.
    warnings = services.issue_letter(world.meeting, request(world, world.cn), world.organizer)
    assert warnings == ["The passport of Wei Zhang expires less than six months after the meeting ends."]
    assert services.issue_letter(world.meeting, request(world, world.kz), world.organizer) == []


def test_one_letter_per_registration(world):
    request(world, world.kz)
    with pytest.raises(VisaLetterError, match="already requested"):
        request(world, world.kz)


def test_a_declined_registration_gets_no_letter(world, build):
    build.move(world.kz, AccreditationStatus.DECLINED)
    with pytest.raises(VisaLetterError):
        request(world, world.kz)


def test_focal_point_requests_for_own_delegation_only(world, build):
    focal = build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    access = participants_access(focal, world.meeting.id)
    letter = services.request_letter(access, world.kz.id, LetterInput(EMBASSY, "ru"))
    assert letter.requested_by_id == focal.id
    with pytest.raises(NotFoundError):
        services.request_letter(access, world.cn.id, LetterInput(EMBASSY, "en"))
    with pytest.raises(NotAllowedError):
        services.issue_letter(world.meeting, letter, focal)
    staff = participants_access(build.user(UserRole.STAFF), world.meeting.id)
    with pytest.raises(NotAllowedError):
        services.request_letter(staff, world.cn.id, LetterInput(EMBASSY, "en"))


def test_audit_never_holds_passport_data(world):
    letter = request(world, world.kz)
    services.issue_letter(world.meeting, letter, world.organizer)
    services.mark_sent(world.meeting, letter, world.organizer)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "visa_letter")).all()
    assert [e.action for e in entries] == ["visa_letter.requested", "visa_letter.issued", "visa_letter.sent"]
    for entry in entries:
        assert "N12345678" not in entry.summary + str(entry.changes)
    assert entries[1].changes["reference"] == [None, letter.reference]


@requires_postgres
def test_concurrent_issues_get_distinct_sequential_references(app, build):
    meeting = build.meeting()
    organizer = build.user(UserRole.ORGANIZER)
    access = participants_access(organizer, meeting.id)
    ids = []
    for _ in range(10):
        registration = build.registration(meeting, "KZ", passport_number="P1", passport_expiry=date(2035, 1, 1))
        ids.append(services.request_letter(access, registration.id, LetterInput(EMBASSY, "en")).id)
    meeting_id, user_id = meeting.id, organizer.id
    db.session.remove()
    barrier = threading.Barrier(len(ids))
    errors = []

    def issue(letter_id):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                meeting = db.session.get(Meeting, meeting_id)
                letter = services.get_letter(meeting, letter_id)
                barrier.wait()
                services.issue_letter(meeting, letter, user)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    references = sorted(db.session.scalars(select(VisaLetter.reference).where(VisaLetter.id.in_(ids))))
    year = references[0].split("/")[2]
    assert references == [f"CICA/VL/{year}/{n:04d}" for n in range(1, len(ids) + 1)]



def _race(app, work, n: int = 2) -> list[str]:
    """``work(barrier)`` in ``n`` threads at once, each in its own app context: how each ended."""
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run():
        with app.app_context():
            try:
                work(barrier)
                outcomes.append("ok")
            except VisaLetterError:
                outcomes.append("refused")
            except Exception as error:  # noqa: BLE001 - collected and asserted by the caller
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@requires_postgres
def test_two_organizers_issuing_the_same_letter_at_once_issue_it_once(app, build):
    # Both were issued: the first was told CICA/VL/2026/0001, the letter ended with 0002.
    meeting = build.meeting()
    organizer = build.user(UserRole.ORGANIZER)
    registration = build.registration(meeting, "KZ", passport_number="P1", passport_expiry=date(2035, 1, 1))
    letter_id = services.request_letter(participants_access(organizer, meeting.id), registration.id,
                                        LetterInput(EMBASSY, "en")).id
    meeting_id, user_id = meeting.id, organizer.id
    db.session.commit()

    def issue(barrier):
        meeting = db.session.get(Meeting, meeting_id)
        letter = services.get_letter(meeting, letter_id)
        barrier.wait()
        services.issue_letter(meeting, letter, db.session.get(User, user_id))

    assert sorted(_race(app, issue)) == ["ok", "refused"]
    db.session.expire_all()
    assert db.session.scalars(select(VisaLetter.reference)).all() == [
        f"CICA/VL/{db.session.get(VisaLetter, letter_id).issued_at.year}/0001"]


@requires_postgres
def test_two_requests_for_the_same_person_at_once_give_one_letter_and_a_message(app, build):
    # The second one failed on the unique registration of visa_letter: an IntegrityError (a 500).
    meeting = build.meeting()
    organizer = build.user(UserRole.ORGANIZER)
    registration = build.registration(meeting, "KZ")
    meeting_id, user_id, registration_id = meeting.id, organizer.id, registration.id
    db.session.commit()

    def request_it(barrier):
        access = participants_access(db.session.get(User, user_id), meeting_id)
        barrier.wait()
        services.request_letter(access, registration_id, LetterInput(EMBASSY, "en"))

    assert sorted(_race(app, request_it)) == ["ok", "refused"]
    assert len(db.session.scalars(select(VisaLetter)).all()) == 1


# --- the summary -----------------------------------------------------------------------------------

def test_summary_counts_and_attention(app, world):
    first = request(world, world.kz)
    request(world, world.cn)
    services.issue_letter(world.meeting, first, world.organizer)
    with app.test_request_context():
        soon = services.summary(world.meeting, world.meeting.starts_at - timedelta(days=10))
        later = services.summary(world.meeting, world.meeting.starts_at - timedelta(days=60))
    assert [(c.label, c.value) for c in soon.counts] == [("Requested", 1), ("Issued", 1), ("Sent", 0),
                                                         ("Cancelled", 0)]
    requested, issued = soon.attention
    assert (requested.count, requested.examples, requested.level) == (1, ["Wei Zhang"], "warning")
    assert requested.url.endswith("?status=requested")
    assert issued.examples == ["Nurlan Serikovich Abenov"]
    assert later.attention[0].level == "info"


def test_summary_queries_do_not_grow(app, world, build, count_queries):
    def measure():
        with app.test_request_context(), count_queries() as counter:
            services.summary(db.session.get(Meeting, world.meeting.id), datetime.now(UTC))
        return counter.count

    request(world, world.kz)
    small = measure()
    for _ in range(8):
        request(world, build.registration(world.meeting, "KZ"))
    assert measure() == small


# --- the pages ---------------------------------------------------------------------------------------

def test_list_query_count_does_not_grow(client, auth, world, build, count_queries):
    auth.login(world.organizer)
    url = f"/meetings/{world.meeting.id}/logistics/visas"

    def measure():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    request(world, world.kz)
    small = measure()
    for _ in range(8):
        request(world, build.registration(world.meeting, "CN", passport_number="X1", passport_expiry=date(2030, 1, 1)))
    assert measure() == small


def test_organizer_list_filters_and_actions(client, auth, world):
    letter = request(world, world.kz)
    request(world, world.cn)
    auth.login(world.organizer)
    base = f"/meetings/{world.meeting.id}/logistics/visas"
    page = client.get(base).get_data(as_text=True)
    assert "Abenov" in page and "Zhang" in page and f"{base}/{letter.id}/issue" in page
    page = client.get(f"{base}?party={world.cn.person.party_id}").get_data(as_text=True)
    assert "Zhang" in page and "Abenov" not in page
    page = client.get(f"{base}?status=issued").get_data(as_text=True)
    assert "No visa letters match." in page
    # Nonsense filters are ignored, not a 500.
    assert client.get(f"{base}?status=<script>&party=abc").status_code == 200
    response = client.post(f"{base}/{letter.id}/issue?status=requested")
    assert response.status_code == 302 and response.location.endswith("?status=requested")
    assert db.session.get(VisaLetter, letter.id).reference == "CICA/VL/" + str(
        db.session.get(VisaLetter, letter.id).issued_at.year) + "/0001"
    page = client.get(base).get_data(as_text=True)
    assert "is issued" in page and "CICA/VL/" in page
    assert client.post(f"{base}/{letter.id}/sent").status_code == 302
    assert db.session.get(VisaLetter, letter.id).status is S.SENT


def test_a_refused_action_says_why(client, auth, world):
    letter = request(world, world.kz_bare)
    auth.login(world.organizer)
    base = f"/meetings/{world.meeting.id}/logistics/visas"
    page = client.post(f"{base}/{letter.id}/issue", follow_redirects=True).get_data(as_text=True)
    assert "person&#39;s record" in page or "person's record" in page
    assert f"/people/{world.kz_bare.person_id}/edit" in page
    assert client.post(f"{base}/{letter.id}/sent", follow_redirects=True).status_code == 200
    assert db.session.get(VisaLetter, letter.id).status is S.REQUESTED


def test_focal_point_page_shows_only_own_delegation_without_passport_data(client, auth, world, build):
    request(world, world.kz)
    request(world, world.cn)
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    page = client.get(f"/meetings/{world.meeting.id}/logistics/visas").get_data(as_text=True)
    assert "Abenov" in page and "Zhang" not in page
    assert "N12345678" not in page and "2031" not in page
    assert "/issue" not in page and ".pdf" not in page


def test_focal_point_requests_through_the_form(client, auth, world, build):
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    url = f"/meetings/{world.meeting.id}/logistics/visas/request"
    page = client.get(url).get_data(as_text=True)
    assert "Seitkali" in page and "Zhang" not in page
    response = client.post(url, data={"registration": world.kz_bare.id, "embassy": EMBASSY, "language": "ru"})
    assert response.status_code == 302
    letter = db.session.scalar(select(VisaLetter).where(VisaLetter.registration_id == world.kz_bare.id))
    assert (letter.language, letter.embassy, letter.status) == ("ru", EMBASSY, S.REQUESTED)
    # Another party's registration: not found.
    response = client.post(url, data={"registration": world.cn.id, "embassy": EMBASSY, "language": "en"})
    assert response.status_code == 404


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"registration": "", "embassy": EMBASSY}, "registration", "Choose the person."),
    ({"embassy": ""}, "embassy", "This field is required."),
    ({"embassy": "x" * 301}, "embassy", "300 characters"),
    ({"embassy": "Embassy\x00of"}, "embassy", "control characters"),
    ({"language": "fr"}, "language", "Not a valid choice"),
    ({"note": "y" * 2001}, "note", "2000 characters"),
    ({"registration": "abc"}, "registration", "Choose the person."),
])
def test_bad_input_on_the_request_form(client, auth, world, values, field, message):
    auth.login(world.organizer)
    url = f"/meetings/{world.meeting.id}/logistics/visas/request"
    data = {"registration": world.kz.id, "embassy": EMBASSY, "language": "en", "note": ""} | values
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    errors = page.partition(f'<ul class="errors" id="{field}-errors">')[2].split("</ul>")[0]
    assert response.status_code == 200 and message in errors, page  # beside the field
    assert db.session.scalar(select(VisaLetter.id)) is None
    if field == "embassy" and "\x00" not in data["embassy"]:
        assert data["embassy"][:50] in page  # what was typed is kept


def test_hostile_text_is_kept_and_escaped(client, auth, world):
    auth.login(world.organizer)
    url = f"/meetings/{world.meeting.id}/logistics/visas/request"
    response = client.post(url, data={"registration": world.kz.id, "embassy": "<script>alert(1)</script>",
                                      "language": "en", "note": "=cmd|' /C calc'!A0"})
    assert response.status_code == 302
    page = client.get(f"/meetings/{world.meeting.id}/logistics/visas").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_second_request_is_refused_beside_the_field(client, auth, world):
    request(world, world.kz)
    auth.login(world.organizer)
    url = f"/meetings/{world.meeting.id}/logistics/visas/request"
    response = client.post(url, data={"registration": world.kz.id, "embassy": EMBASSY, "language": "en"})
    assert response.status_code == 200 and "already requested" in response.get_data(as_text=True)


def test_edit_form(client, auth, world):
    letter = request(world, world.kz)
    auth.login(world.organizer)
    url = f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}/edit"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"embassy": "", "language": "ru", "note": "n"})
    assert response.status_code == 200 and "This field is required." in response.get_data(as_text=True)
    response = client.post(url, data={"embassy": "Consulate General in Almaty", "language": "ru", "note": "n"})
    assert response.status_code == 302
    assert (letter.embassy, letter.language) == ("Consulate General in Almaty", "ru")


def test_staff_look_only(client, auth, world):
    letter = request(world, world.kz)
    auth.login(UserRole.STAFF)
    base = f"/meetings/{world.meeting.id}/logistics/visas"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}/{letter.id}.pdf").status_code == 200
    for url in (f"{base}/{letter.id}/issue", f"{base}/{letter.id}/sent", f"{base}/{letter.id}/cancel",
                f"{base}/{letter.id}/edit", f"{base}/request"):
        assert client.post(url).status_code == 403
    assert client.get(f"{base}/request").status_code == 403


def test_the_pdf_is_the_secretariats_only(client, auth, world, build):
    letter = request(world, world.kz)
    url = f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}.pdf"
    assert client.get(url).status_code == 302  # to log in
    for role, fields in ((UserRole.FOCAL_POINT, {"party_id": build.party("KZ").id}), (UserRole.DELEGATE, {})):
        auth.login(role, **fields)
        assert client.get(url).status_code == 403
        assert client.get(f"/meetings/{world.meeting.id}/logistics/visas").status_code == (
            200 if role is UserRole.FOCAL_POINT else 403)
        auth.logout()


# --- the letter ---------------------------------------------------------------------------------------

def test_letter_in_english(client, auth, world):
    letter = request(world, world.kz)
    services.issue_letter(world.meeting, letter, world.organizer, datetime(2026, 11, 2, 21, 0, tzinfo=UTC))
    auth.login(world.organizer)
    response = client.get(f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    pdf = read_pdf(response.data)
    words = pdf.words
    for expected in ("CICA/VL/2026/0001", "ABENOV", "NURLAN SERIKOVICH", "N12345678", "20 May 2031", "8 March 1975",
                     "Kazakhstan", "Senior Officials Committee", "9–10 December 2026", "Baku",
                     "3 November 2026",  # 21:00 UTC on 2 November is the 3rd in Baku
                     EMBASSY, "Visa support letter".upper()):
        assert expected in words, expected
    assert "DRAFT" not in words and len(pdf.pages) == 1


def test_letter_in_russian(client, auth, world):
    letter = request(world, world.kz, language="ru")
    services.issue_letter(world.meeting, letter, world.organizer, datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    auth.login(world.organizer)
    words = read_pdf(client.get(f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}.pdf").data).words
    for expected in ("CICA/VL/2026/0001", "ABENOV", "N12345678", "20 мая 2031 г.", "8 марта 1975 г.",
                     "Комитет старших должностных лиц", "9–10 декабря 2026 г.", "Баку", "2 ноября 2026 г.",
                     "Секретариат", "Заместитель министра"):
        assert expected in words, expected
    # The nationality typed as a party's name ("Kazakhstan") is that party's name in the letter's language.
    assert "Kazakhstan" not in words and "Гражданство Казахстан" in words
    # ?lang= overrides the letter's language; a nationality typed in Russian reads in English there.
    world.kz.person.nationality = "Казахстан"
    db.session.commit()
    english = read_pdf(client.get(f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}.pdf?lang=en").data).words
    assert "9–10 December 2026" in english and "декабря" not in english
    assert "Nationality Kazakhstan" in english and "Казахстан" not in english


def test_a_requested_letter_is_a_draft(client, auth, world):
    letter = request(world, world.kz)
    auth.login(world.organizer)
    response = client.get(f"/meetings/{world.meeting.id}/logistics/visas/{letter.id}.pdf")
    assert "DRAFT" in read_pdf(response.data).words
    assert "draft" in response.headers["Content-Disposition"]


def test_a_letter_of_another_meeting_is_not_found(client, auth, world, build):
    letter = request(world, world.kz)
    other = build.meeting()
    auth.login(world.organizer)
    assert client.get(f"/meetings/{other.id}/logistics/visas/{letter.id}.pdf").status_code == 404
    assert client.post(f"/meetings/{other.id}/logistics/visas/{letter.id}/issue").status_code == 404
