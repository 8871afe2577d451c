"""Large PDFs rendered by a job (in-process here: no REDIS_URL), kept per fingerprint, and served
from storage to those, and only those, who may have the document."""

import os
import re
from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import AccreditationStatus, MeetingStatus, UserRole, Visibility
from meetings.printing import pdf as printing_pdf
from meetings.printing import storage
from tests.conftest import ServerLikeClient


@pytest.fixture
def config_class(config_class):
    # Every document is "large": rendered by a job, kept, and served from storage.
    return type("JobsForAll", (config_class,), {"PDF_INLINE_MAX_HTML_BYTES": 0})


@pytest.fixture
def client(app):
    # Closes each response as a server does: the in-process job runs then, before the next request.
    return ServerLikeClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def meeting(build):
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц",
                            status=MeetingStatus.CONFIRMED)
    build.item(meeting, timedelta(hours=1), "Opening of the meeting", "Открытие заседания")
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, printed_name="Daniyar Seitkali",
                       printed_name_ru="Данияр Сейткали")
    return meeting


def progress_url(response) -> str:
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    assert re.fullmatch(r"/meetings/\d+/print/\w+/[0-9a-f]{64}", location), location
    return location


def file_link(page) -> str:
    links = re.findall(r'href="(/meetings/\d+/print/\w+/[0-9a-f]{64}\.pdf)"', page.get_data(as_text=True))
    assert len(links) == 1, page.get_data(as_text=True)
    return links[0]


def test_a_large_agenda_is_rendered_once_and_then_served_from_storage(client, meeting, pdf_of, monkeypatch):
    url = f"/meetings/{meeting.id}/agenda.pdf?lang=en"
    progress = progress_url(client.get(url))
    # The job ran after that response (in-process): the page says so and links to the file.
    page = client.get(progress)
    assert page.status_code == 200
    assert "The PDF is ready." in page.get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page.get_data(as_text=True)
    stored = client.get(file_link(page))
    assert "Opening of the meeting" in pdf_of(stored).text
    fingerprint = progress.rsplit("/", 1)[1]
    assert stored.headers["ETag"] == f'"{fingerprint}"'
    assert f"CICA-programme-{meeting.id}-en.pdf" in stored.headers["Content-Disposition"]

    # The document's own URL now answers the stored file at once: never rendered again.
    monkeypatch.setattr(printing_pdf, "render_pdf", lambda html: pytest.fail("rendered twice"))
    again = client.get(url)
    assert again.data == stored.data and again.headers["ETag"] == f'"{fingerprint}"'
    assert client.get(url, headers={"If-None-Match": f'"{fingerprint}"'}).status_code == 304


def test_the_print_options_are_part_of_the_fingerprint(client, meeting):
    english = progress_url(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=en"))
    russian = progress_url(client.get(f"/meetings/{meeting.id}/agenda.pdf?lang=ru"))
    assert english != russian
    assert "Программа" in client.get(russian + "?lang=ru").get_data(as_text=True)


def test_a_changed_meeting_is_a_new_fingerprint(client, meeting, build, app):
    first = progress_url(client.get(f"/meetings/{meeting.id}/agenda.pdf"))
    build.item(meeting, timedelta(hours=3), "Adoption of the report", "Принятие доклада")
    assert progress_url(client.get(f"/meetings/{meeting.id}/agenda.pdf")) != first


def test_while_the_job_waits_the_page_refreshes_itself(client, meeting, app, monkeypatch):
    from meetings import jobs

    monkeypatch.setattr(jobs.InlineRunner, "_perform", lambda self, name, args, job_id: None)  # never runs
    page = client.get(progress_url(client.get(f"/meetings/{meeting.id}/agenda.pdf")))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in text
    assert "The PDF is waiting to be prepared." in text
    assert not re.search(r"/print/agenda/[0-9a-f]{64}\.pdf", text)


def test_a_job_whose_response_was_never_closed_is_queued_again_by_the_progress_page(app, meeting, client, monkeypatch):
    """werkzeug's server (`make run`) skips close() when the browser resets the connection after
    the redirect to the progress page, as Chromium does: the job never starts, and the page would
    wait for ever. Past INLINE_LOST_SECONDS the page queues it again."""
    from meetings import jobs

    reset = app.test_client()  # never closes a response: the server after a reset connection
    progress = progress_url(reset.get(f"/meetings/{meeting.id}/agenda.pdf"))
    assert "The PDF is waiting to be prepared." in client.get(progress).get_data(as_text=True)
    later = jobs.monotonic() + jobs.INLINE_LOST_SECONDS + 1
    monkeypatch.setattr(jobs, "monotonic", lambda: later)
    client.get(progress)  # lost: queued again, run after this page
    assert "The PDF is ready." in client.get(progress).get_data(as_text=True)


def test_a_failed_rendering_is_reported_and_can_be_retried(client, auth, meeting, monkeypatch, caplog):
    auth.login(UserRole.ORGANIZER)

    def broken(html):
        raise printing_pdf.PrintingError("font missing")

    monkeypatch.setattr(printing_pdf, "render_pdf", broken)
    progress = progress_url(client.get(f"/meetings/{meeting.id}/badges.pdf"))
    page = client.get(progress)
    text = page.get_data(as_text=True)
    assert "The PDF could not be prepared." in text
    assert 'http-equiv="refresh"' not in text
    assert f'action="{progress}/retry"' in text
    assert "Job printing.render_pdf" in caplog.text and "font missing" in caplog.text
    # Asking for the document again does not loop on the failure: the page offers the retry.
    assert client.get(f"/meetings/{meeting.id}/badges.pdf").headers["Location"] == progress

    monkeypatch.setattr(printing_pdf, "render_pdf", lambda html: b"%PDF-1.7 fixed")
    retried = client.post(progress + "/retry")
    assert retried.status_code == 303 and retried.headers["Location"] == progress
    assert "The PDF is ready." in client.get(progress).get_data(as_text=True)
    assert client.get(progress + ".pdf").data == b"%PDF-1.7 fixed"


@pytest.mark.parametrize("url", ["/meetings/{id}/participants/print.pdf", "/meetings/{id}/badges.pdf"])
def test_a_file_rendered_for_the_secretariat_is_never_served_to_others(client, auth, build, meeting, url, pdf_of):
    auth.login(UserRole.ORGANIZER)
    progress = progress_url(client.get(url.format(id=meeting.id)))
    pdf_of(client.get(progress + ".pdf"))
    auth.logout()

    for target in (progress, progress + ".pdf"):
        assert client.get(target).status_code == 302  # anonymous: to log in
        assert client.post(progress + "/retry").status_code == 302
    for role in (UserRole.FOCAL_POINT, UserRole.DELEGATE):
        auth.login(role)
        for target in (progress, progress + ".pdf"):
            assert client.get(target).status_code == 403, (role, target)
        auth.logout()


def test_an_agenda_of_a_restricted_meeting_is_never_served_to_those_who_may_not_see_it(client, auth, build, pdf_of):
    hidden = build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED,
                           status=MeetingStatus.CONFIRMED)
    public = build.meeting(title_en="Public SOC", status=MeetingStatus.CONFIRMED)
    auth.login(UserRole.ORGANIZER)
    progress = progress_url(client.get(f"/meetings/{hidden.id}/agenda.pdf"))
    assert pdf_of(client.get(progress + ".pdf"))
    fingerprint = progress.rsplit("/", 1)[1]
    # The same fingerprint under another document or another meeting is no file at all.
    for other in (f"/meetings/{hidden.id}/print/participants/{fingerprint}",
                  f"/meetings/{public.id}/print/agenda/{fingerprint}"):
        assert client.get(other).status_code == 404
        assert client.get(other + ".pdf").status_code == 404
    auth.logout()

    assert client.get(progress).status_code == 404
    assert client.get(progress + ".pdf").status_code == 404
    for role in (UserRole.FOCAL_POINT, UserRole.DELEGATE):
        auth.login(role)
        assert client.get(progress).status_code == 404
        assert client.get(progress + ".pdf").status_code == 404
        assert client.get(f"/meetings/{public.id}/print/agenda/{fingerprint}.pdf").status_code == 404
        auth.logout()


def test_unknown_fingerprints_and_documents_are_not_found(client, meeting):
    for url in (f"/meetings/{meeting.id}/print/agenda/{'0' * 64}", f"/meetings/{meeting.id}/print/agenda/{'0' * 64}.pdf",
                f"/meetings/{meeting.id}/print/agenda/..%2F..%2Fconfig", f"/meetings/{meeting.id}/print/rooming/{'0' * 64}"):
        assert client.get(url).status_code == 404, url


def test_old_files_are_cleaned(app, client, meeting, build):
    for lang in ("en", "ru"):
        client.get(f"/meetings/{meeting.id}/agenda.pdf?lang={lang}")
    folder = os.path.join(app.config["FILES_DIR"], "print")
    assert len([n for n in os.listdir(folder) if n.endswith(".pdf")]) == 2
    with app.app_context():
        app.config["PDF_KEEP_PER_DOCUMENT"] = 1
        assert storage.clean() == 1  # the older language of the same document
        assert len([n for n in os.listdir(folder) if n.endswith(".pdf")]) == 1
        app.config["PDF_KEEP_PER_DOCUMENT"] = 5
        assert storage.clean() == 0
        later = datetime.now(UTC) + timedelta(days=app.config["PDF_KEEP_DAYS"] + 1)
        assert storage.clean(later) == 1
    assert os.listdir(folder) == []



def test_a_file_lost_with_its_input_is_made_again_from_the_documents_url(app, client, meeting):
    url = f"/meetings/{meeting.id}/agenda.pdf?lang=ru"
    progress = progress_url(client.get(url))
    fingerprint = progress.rsplit("/", 1)[1]
    os.remove(os.path.join(app.config["FILES_DIR"], "print", f"{fingerprint}.pdf"))
    with app.app_context():
        app.extensions["cica_jobs"].statuses.clear()  # another process: it knows no job of that file
    lost = client.get(progress)
    assert lost.status_code == 303 and lost.headers["Location"] == url
    assert progress_url(client.get(url)) == progress
    assert "The PDF is ready." in client.get(progress).get_data(as_text=True)
