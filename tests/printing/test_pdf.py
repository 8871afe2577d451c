"""WeasyPrint reads the stylesheet and the bundled fonts from the app, and nothing from elsewhere."""

import pytest

from meetings.models import AccreditationStatus
from meetings.printing.pdf import BASE_URL, PrintingError, render_pdf, static_fetcher
from tests.printing.helpers import read_pdf


def test_fetcher_serves_the_app_static_files(app):
    with app.test_request_context():
        fetcher = static_fetcher()
        font = fetcher.fetch(f"{BASE_URL}static/fonts/DejaVuSans.ttf")
        css = fetcher.fetch(f"{BASE_URL}static/css/print.css")

    assert font.content_type == "font/ttf"
    assert font.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/static/css/print.css",  # another host
        "https://print.invalid/static/css/print.css",  # another scheme
        f"{BASE_URL}static/../config.py",  # out of the static folder
        f"{BASE_URL}static/%2e%2e/config.py",
        f"{BASE_URL}static/css/missing.css",
        f"{BASE_URL}meetings/1/participants/print",  # the app's pages are not static files
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_everything_else(app, url):
    with app.test_request_context(), pytest.raises((ValueError, FileNotFoundError)):
        static_fetcher().fetch(url)


def test_a_document_cannot_make_the_printer_fetch_from_the_network(app):
    html = '<html><body><p>Text</p><img src="http://example.org/track.png" alt=""></body></html>'
    with app.test_request_context(), pytest.raises(PrintingError, match="Error fetching"):
        render_pdf(html)


def test_the_bundled_font_prints_cyrillic(app):
    html = (
        '<html lang="ru"><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body><p>Съешь же ещё этих мягких французских булок, да выпей чаю.</p></body></html>"
    )
    with app.test_request_context():
        pdf = read_pdf(render_pdf(html))

    assert pdf.fonts == {"CICA-Print-Sans"}
    assert "Съешь же ещё этих мягких французских булок, да выпей чаю." in pdf.text


def test_weasyprint_understands_the_whole_print_stylesheet(client, auth, build, caplog):
    """Every rule of print.css means something to WeasyPrint: no warning of an ignored rule."""
    from datetime import timedelta

    meeting = build.meeting()
    build.item(meeting, timedelta(hours=1), "Opening")
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, badge_number=1)
    auth.login()
    with caplog.at_level("WARNING", logger="weasyprint"):
        for url in ("agenda.pdf", "participants/print.pdf", "badges.pdf"):
            response = client.get(f"/meetings/{meeting.id}/{url}")
            assert (response.status_code, response.mimetype, response.data[:5]) == (200, "application/pdf", b"%PDF-")
    # Where libharfbuzz-subset0 is missing WeasyPrint subsets fonts with fontTools and says so
    # for each font: a fact about the machine (README, .ci/run), not about the stylesheet.
    messages = [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")]
    assert [m for m in messages if not m.startswith("Using fontTools instead of HarfBuzz-Subset")] == []
