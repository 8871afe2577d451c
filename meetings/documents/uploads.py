"""What an uploaded file is, decided by its content alone: a PDF, a Word document (DOCX), an Excel
workbook (XLSX), a PNG or a JPEG image, or a refusal saying why. The name the browser sends and
the type it claims prove nothing (an EXE renamed .pdf is still an EXE); the name is kept only as
the download's name, made safe, and never becomes a path (the bytes are stored under their hash:
meetings/storage.py).
"""

import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from meetings.domain import RuleError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), XLSX: (".xlsx",), PNG: (".png",), JPEG: (".jpg", ".jpeg")}
KIND_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)", PNG: "PNG", JPEG: "JPEG"}
# Opened in the browser; the others are saved (a browser cannot show a Word file).
INLINE_TYPES = frozenset({PDF, PNG, JPEG})
MAX_PIXELS = 100_000_000  # an image claiming more is a "decompression bomb", not a scanned page
MAX_NAME = 150
# What a name keeps: letters and digits of any script (Cyrillic stays readable), and a few marks.
_UNSAFE = re.compile(r"[^\w.\-() ]+")


class UploadError(RuleError):
    """A file the archive does not take."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    filename: str


def _is_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-"):
        return False
    # pypdf logs what it repairs in a damaged file; a file it cannot read at all raises.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            return len(reader.pages) > 0
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _office_kind(data: bytes) -> str | None:
    """DOCX or XLSX: a zip (only its list of names is read, nothing is unpacked) with the Open XML
    content types and the part of a document or a workbook."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        expected = "PNG"
    elif data.startswith(b"\xff\xd8\xff"):
        expected = "JPEG"
    else:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in (expected, "MPO") or image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError):
        return None
    return PNG if expected == "PNG" else JPEG


def content_type_of(data: bytes) -> str | None:
    """The type the bytes are, among those the archive takes; None for anything else."""
    if _is_pdf(data):
        return PDF
    return _office_kind(data) or _image_kind(data)


def safe_filename(name: str) -> str:
    """The name to offer the file under: its last part only, letters of every script kept,
    anything else that could mean something to a file system or a header replaced."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"_{2,}", "_", name).strip(" ._")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: MAX_NAME - len(extension) - 1] + dot + extension) if dot and len(extension) <= 5 else name[:MAX_NAME]
    return name


def _has_path(name: str) -> bool:
    parts = re.split(r"[/\\]", name)
    return len(parts) > 1 or name in (".", "..")


def check_upload(data: bytes, filename: str, max_bytes: int) -> CheckedFile:
    """The upload as the archive keeps it, or UploadError (on the field ``file``) saying what is wrong."""
    if not data:
        raise UploadError(_l("The file is empty: choose the document's file again."), "file")
    if len(data) > max_bytes:
        raise UploadError(_l("The file is larger than %(mb)s MB: upload a smaller file.",
                             mb=f"{max_bytes / (1024 * 1024):g}"), "file")
    if _has_path(filename) or any(unicodedata.category(c) == "Cc" for c in filename):
        raise UploadError(_l("The file's name must not contain folder names or control characters: "
                             "rename the file and upload it again."), "file")
    content_type = content_type_of(data)
    if content_type is None:
        raise UploadError(_l("Upload a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file; this file is none of "
                             "them (or it is damaged)."), "file")
    safe = safe_filename(filename)
    stem, dot, extension = safe.rpartition(".")
    extension = f".{extension.lower()}" if dot else ""
    if dot and stem and extension not in EXTENSIONS[content_type]:
        # A PDF called report.docx: the reader's computer would open it with the wrong program.
        raise UploadError(_l("The file's name ends in %(extension)s but the file is a %(kind)s: rename it "
                             "to end in %(expected)s and upload it again.", extension=extension,
                             kind=KIND_NAMES[content_type], expected=EXTENSIONS[content_type][0]), "file")
    if not (dot and stem):
        safe = f"{safe or 'document'}{EXTENSIONS[content_type][0]}"
    return CheckedFile(data, content_type, safe)
