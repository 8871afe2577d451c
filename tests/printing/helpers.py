"""Reading the PDFs the app prints, and names that must print safely."""

import io
import unicodedata
from dataclasses import dataclass

import pypdf


@dataclass
class Pdf:
    pages: list[str]
    fonts: set[str]
    width: float
    # (page number, x, text) of every piece of text drawn, to check nothing runs off the page.
    placements: list[tuple[int, float, str]]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def words(self) -> str:
        """The text with every run of spaces and line breaks as one space."""
        return " ".join(self.text.split())

    @property
    def normalized_text(self) -> str:
        """The text with Arabic letters in their plain forms (the PDF has the shaped ones)."""
        return unicodedata.normalize("NFKC", self.text)

    @property
    def flat(self) -> str:
        """The text without line breaks or spaces: long words are wrapped at any letter."""
        return "".join(self.text.split())


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-"), data[:200]
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages, fonts, placements = [], set(), []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                placements.append((number, x, text))

        pages.append(page.extract_text(visitor_text=visit))
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return Pdf(pages, fonts, float(reader.pages[0].mediabox.width), placements)


def in_order(text: str, *parts: str) -> bool:
    """Every part is in ``text``, each after the one before."""
    position = -1
    for part in parts:
        position = text.find(part, position + 1)
        if position < 0:
            return False
    return True


# Names that must print as typed: markup, ampersands, quotes, a word longer than a line, Arabic.
HOSTILE = '<script>alert("x")</script> & O\'Brien "Jr."'
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
ARABIC = "محمد الأحمد"
HEBREW = "דוד כהן"


def fetch_pdf(client, url: str, hops: int = 10):
    """The response that carries ``url``'s PDF, following the way a large one takes: a redirect to
    its progress page, which (its job run after the response, without Redis) links to the file."""
    from bench.timing import _next_url

    response = client.get(url)
    for _ in range(hops):
        if response.mimetype == "application/pdf" or response.status_code not in (200, 202, 302, 303):
            break
        response.close()  # as a server does once it is sent: the job queued by the request runs now
        response = client.get(_next_url(response, url))
    response.get_data()  # read whole: the stored file's handle is closed below, as a server does
    response.close()
    return response
