"""HTML to PDF with WeasyPrint, reading stylesheets and fonts from the app, never the network."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Response, current_app
from werkzeug.security import safe_join

from meetings.http import static_file_name

# The print templates link their assets with root-relative URLs (/static/...); WeasyPrint resolves
# them against this origin, which only our fetcher answers.
BASE_URL = "http://print.invalid/"

MIME_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Serves ``/static/...`` from the app's static folder and ``data:`` URIs; refuses the rest,
        and fails the rendering rather than print with a missing font or stylesheet."""

        def __init__(self, static_folder: str, static_url_path: str, file_name) -> None:
            super().__init__(allowed_protocols=("http", "data"), fail_on_errors=True)
            self.static_folder = static_folder
            self.file_name = file_name
            self.prefix = static_url_path.rstrip("/") + "/"

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(self.prefix):
                raise ValueError(f"printing fetches only the app's static files, not {url}")
            # url_for('static') gives fingerprinted names (meetings/http.py): read the file behind.
            name = self.file_name(unquote(parts.path[len(self.prefix) :]))
            path = safe_join(self.static_folder, name)
            if path is None or not Path(path).is_file():
                raise FileNotFoundError(url)
            body = Path(path).read_bytes()
            mime = MIME_TYPES.get(Path(path).suffix, "application/octet-stream")
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticFetcher


def static_fetcher():
    app = current_app._get_current_object()
    return _fetcher_class()(app.static_folder, app.static_url_path, lambda name: static_file_name(app, name))


def render_pdf(html: str) -> bytes:
    """The PDF of a print template's HTML (which links print.css and the bundled fonts)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_fetcher())
    try:
        return document.write_pdf(font_config=font_config)
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: made an ordinary error, so the app answers a logged 500.
        raise PrintingError(str(error)) from error


class PrintingError(RuntimeError):
    """A document could not be printed as designed (a missing font or stylesheet)."""


def pdf_response(html: str, filename: str) -> Response:
    """A PDF shown in the browser. One with personal data is kept by no cache: the access rule that
    loaded the data called mark_private, and meetings/security.no_store sets the header."""
    response = Response(render_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
