"""Pages run in headless Chromium (Debian's, never a downloaded build), opened as files: the app's
CSS and the scripts a test names are inlined, the page sits in an iframe of a given width, and
a probe script writes what the test reads into the frame's body (``data-*``) for --dump-dom."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[1] / "static"


# A static file's URL may carry its content's fingerprint (meetings/http.py): css/app.3f2a9c1b0d4e.css.
FINGERPRINT = r"(?:\.[0-9a-f]{12})?"


def _stylesheet(link: str) -> str:
    """The CSS a <link> names (the print pages have their own), app.css for one not found here."""
    href = re.search(rf'href="/static/([^"?]+?){FINGERPRINT}(\.css)"', link)
    path = STATIC / (href[1] + href[2]) if href else None
    return (path if path is not None and path.is_file() else STATIC / "css" / "app.css").read_text()


def run_page(html: str, tmp_path: Path, probe: str, *, width: int = 390, scripts: tuple[str, ...] = ()) -> str:
    """The frame's DOM after the page loaded and ``probe`` (JavaScript, run on load) ran."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed: the page is not run in a browser")
    html = re.sub(r'<link rel="stylesheet"[^>]*>', lambda link: f"<style>{_stylesheet(link[0])}</style>", html)
    for name in scripts:
        code = (STATIC / "js" / name).read_text()
        stem, suffix = name.rsplit(".", 1)
        html = re.sub(rf'<script src="[^"]*/js/{re.escape(stem)}{FINGERPRINT}\.{suffix}"[^>]*></script>',
                      lambda _, code=code: f"<script>{code}</script>", html)
    html = html.replace("</body>", f"<script>addEventListener('load', () => {{ {probe} }});</script></body>")
    (tmp_path / "page.html").write_text(html)
    (tmp_path / "frame.html").write_text(
        f'<body style="margin:0"><iframe src="page.html" width="{width}" height="844" style="border:0"></iframe></body>')
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", (tmp_path / "frame.html").as_uri()],
        capture_output=True, text=True, timeout=120).stdout
