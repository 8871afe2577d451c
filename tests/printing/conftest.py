"""A reader of the PDFs the app prints (timetables and participants come from ``build``)."""

import pytest

from tests.printing.helpers import Pdf, read_pdf


@pytest.fixture
def pdf_of():
    def get(response) -> Pdf:
        assert response.status_code == 200, response.status_code
        assert response.mimetype == "application/pdf"
        return read_pdf(response.data)

    return get
