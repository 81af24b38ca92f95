"""The "Lijst van toezeggingen en moties" for a meeting date: page and accessible PDF."""

import datetime as dt
import io

import pikepdf
import pypdf
import pytest
from django.urls import reverse

from raadsmemo.lta.models import Kind, Status
from tests.conftest import make_item

MEETING = "2022-04-06"


@pytest.fixture
def lijst_items(m31, toezegging):
    make_item("2022-1", deadline=dt.date(2022, 4, 6), title="Op de dag zelf")
    make_item("2022-2", deadline=dt.date(2022, 4, 7), title="Een dag later")
    make_item("2022-3", deadline=None, title="Zonder deadline")
    make_item("2022-4", deadline=dt.date(2022, 1, 1), status=Status.AFGEDAAN, title="Al afgedaan")
    make_item("2022-5", kind=Kind.VERWACHT_STUK, deadline=dt.date(2022, 1, 1), title="Verwacht stuk")


@pytest.mark.django_db
def test_lijst_holds_the_open_toezeggingen_and_moties_due_by_the_meeting(client, lijst_items):
    page = client.get(reverse("lta:lijst") + f"?datum={MEETING}").content.decode()
    body = page.split('id="lijst-body"', 1)[1]
    assert "Vergadering van 6 april 2022" in body
    for title in ["Kansen in kaart", "Versterking gebiedsgericht werken (PvdA e.a.)", "Op de dag zelf"]:
        assert title in body
    for title in ["Een dag later", "Zonder deadline", "Al afgedaan", "Verwacht stuk"]:
        assert title not in body
    assert body.index("2019-300") < body.index("M-31") < body.index("2022-1 ")  # by deadline
    assert body.index("Update 18-01-2022:") < body.index("Update 07-07-2021:")
    assert "(overschreden)" in body


@pytest.mark.django_db
def test_lijst_with_a_nonsense_date_says_so(client):
    page = client.get(reverse("lta:lijst") + "?datum=31-02-2022").content.decode()
    assert "Deze datum bestaat niet." in page and 'value="31-02-2022"' in page
    response = client.get(reverse("lta:lijst_pdf") + "?datum=morgen")
    assert response.status_code == 302


@pytest.mark.django_db
def test_lijst_pdf_is_accessible_and_holds_the_items(client, lijst_items, tmp_path):
    from tests.publishing import pdfcheck

    response = client.get(reverse("lta:lijst_pdf") + f"?datum={MEETING}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="2022-04-06-lijst-van-toezeggingen-en-moties.pdf"'
    )
    path = tmp_path / "lijst.pdf"
    path.write_bytes(response.content)
    result = pdfcheck.check(str(path))
    assert result["failures"] == []
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Lijst van toezeggingen en moties" in text
    assert "M-31 Versterking gebiedsgericht werken (PvdA e.a.)" in text
    assert text.index("Update 18-01-2022:") < text.index("Update 07-07-2021:")
    assert "Een dag later" not in text
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert str(pdf.docinfo.Title) == "Lijst van toezeggingen en moties, vergadering van 6 april 2022"
    assert str(pdf.Root.Lang) == "nl"
