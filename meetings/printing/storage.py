"""Large PDFs rendered by a job, once per fingerprint, and kept under FILES_DIR/print.

The fingerprint is the SHA-256 of the document's print HTML (which carries the language and every
option of the print: the same HTML makes the same PDF) and of WeasyPrint's version. For each
fingerprint three files: ``<fp>.json`` (which meeting and document it is, for the access check of
every download, and the name to give it), ``<fp>.html`` (the input, until the PDF is made: a retry
renders it again) and ``<fp>.pdf``. Old PDFs go with the purge (``clean``).
"""

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from meetings import jobs
from meetings.models import utcnow
from meetings.printing import pdf

_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_DATA_URI = re.compile(r"data:[^\"')\s]*")


@dataclass(frozen=True)
class StoredDocument:
    meeting_id: int
    document: str  # "agenda", "participants", "badges"
    filename: str
    source: str  # the URL (path and query) that asked for it: where a lost input is made again


def fingerprint(document: str, html: str) -> str:
    import weasyprint  # as in pdf.py: imported when printing, not when the app starts (a second)

    digest = hashlib.sha256(f"{document}\0{weasyprint.__version__}\0".encode())
    digest.update(html.encode())
    return digest.hexdigest()


def small_enough_to_render_now(html: str) -> bool:
    """Whether the request may render this PDF itself (about a second at most): WeasyPrint's time
    follows the amount of text and boxes to lay out, so the HTML's size counts without the images
    embedded as data: URIs (a badge's QR code is 4 KiB of SVG and takes little time)."""
    return len(_DATA_URI.sub("", html)) <= current_app.config["PDF_INLINE_MAX_HTML_BYTES"]


def _folder() -> Path:
    return Path(current_app.config["FILES_DIR"]) / "print"


def _path(fp: str, suffix: str) -> Path:
    if not _FINGERPRINT.fullmatch(fp):  # never a path made of what a URL says
        raise ValueError(f"not a fingerprint: {fp!r}")
    return _folder() / f"{fp}{suffix}"


def pdf_path(fp: str) -> Path | None:
    """The stored PDF of ``fp``, or None while it is not (yet) made."""
    path = _path(fp, ".pdf")
    return path if path.is_file() else None


def read(fp: str) -> StoredDocument | None:
    """What ``fp`` is a PDF of, or None for a fingerprint nothing was asked for (or not one at all)."""
    if not _FINGERPRINT.fullmatch(fp):
        return None
    try:
        return StoredDocument(**json.loads(_path(fp, ".json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader never sees half a file (a rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def job_id(fp: str) -> str:
    return f"pdf-{fp}"


def request_pdf(fp: str, html: str, stored: StoredDocument) -> jobs.JobStatus:
    """Make sure the PDF of ``fp`` is being rendered: its input stored and its job queued, unless
    one is queued or running already, or has failed (the progress page offers the retry)."""
    state = jobs.status(job_id(fp))
    if state.state == jobs.FAILED or state.active:
        return state
    _write(_path(fp, ".json"), json.dumps(asdict(stored)).encode())
    _write(_path(fp, ".html"), html.encode())
    jobs.enqueue("printing.render_pdf", fp, job_id=job_id(fp))
    return jobs.status(job_id(fp))


def retry(fp: str) -> bool:
    """Render ``fp`` again after a failure; False when its input is gone (the document's own URL
    makes it again)."""
    if pdf_path(fp) is not None:
        return True
    if not _path(fp, ".html").is_file():
        return False
    jobs.enqueue("printing.render_pdf", fp, job_id=job_id(fp))
    return True


def state(fp: str) -> jobs.JobStatus:
    """Where the PDF of ``fp`` is: FINISHED once its file is there, else its job's status."""
    if pdf_path(fp) is not None:
        return jobs.JobStatus(jobs.FINISHED)
    return jobs.status(job_id(fp))


@jobs.task("printing.render_pdf")
def render_stored(fp: str) -> None:
    source = _path(fp, ".html")
    if pdf_path(fp) is not None:  # a second job for the same fingerprint: done already
        return
    _write(_path(fp, ".pdf"), pdf.render_pdf(source.read_text()))
    source.unlink(missing_ok=True)


@jobs.task("printing.clean_files", every="JOBS_PURGE_SECONDS")
def clean(now: datetime | None = None) -> int:
    """Remove stored PDFs older than PDF_KEEP_DAYS, and all but the PDF_KEEP_PER_DOCUMENT newest of
    each document of a meeting (each language and option of it counts as the same document); the
    number of fingerprints removed. Inputs whose job never ran go after the same age."""
    config = current_app.config
    now = now or utcnow()
    cutoff = (now - timedelta(days=config["PDF_KEEP_DAYS"])).timestamp()
    folder = _folder()
    if not folder.is_dir():
        return 0
    by_document: dict[tuple[int, str], list[tuple[float, str]]] = {}
    removed = set()
    for meta in folder.glob("*.json"):
        fp = meta.stem
        stored, made = read(fp), meta.stat().st_mtime
        pdf_file = pdf_path(fp) if stored else None
        if pdf_file is not None:
            made = pdf_file.stat().st_mtime
        if stored is None or made < cutoff:
            removed.add(fp)
        elif pdf_file is not None:
            by_document.setdefault((stored.meeting_id, stored.document), []).append((made, fp))
    for made_fps in by_document.values():
        removed.update(fp for _, fp in sorted(made_fps, reverse=True)[config["PDF_KEEP_PER_DOCUMENT"]:])
    for fp in removed:
        for suffix in (".pdf", ".html", ".json"):
            (folder / f"{fp}{suffix}").unlink(missing_ok=True)
    return len(removed)
