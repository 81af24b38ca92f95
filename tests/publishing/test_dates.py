"""Dates read as Dutch writes them, one format per kind of use, on the pages and in the PDFs:
"3 maart 2021" for a date, "wo 25 november" for a day in a list, "Update 18-01-2022:" for a
stand van zaken (as in the griffie's lijst), never a capital month such as "3 Mrt 2021"."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from tests.conftest import memo_form_data
from tests.meetings.conftest import make_meeting

CAPITAL_MONTH = re.compile(r"\b\d{1,2} (Jan|Feb|Mrt|Apr|Mei|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def overdue_item(db):
    item = LtaItem(number="2021-7", kind=Kind.TOEZEGGING, title="Brief over de Oosterpoort")
    item.deadline = dt.date(2021, 3, 31)
    item.planned_month = dt.date(2021, 3, 1)
    item.save()
    item.updates.create(date=dt.date(2022, 1, 18), text="Het college schrijft de brief.")
    return item


@pytest.mark.django_db
def test_lta_register_writes_every_date_the_same_way(client, overdue_item):
    page = client.get(reverse("lta:register")).content.decode()
    assert CAPITAL_MONTH.search(page) is None
    assert "31 maart 2021" in page  # deadline
    assert "18 januari 2022" in page  # last update
    assert "maart 2021" in page  # planned month
    assert "18-01-2022" not in page


@pytest.mark.django_db
def test_lijst_page_and_pdf_write_the_same_dates(client, overdue_item):
    url = "?datum=2022-02-02"
    page = " ".join(client.get(reverse("lta:lijst") + url).content.decode().split())
    text = pdf_text(client.get(reverse("lta:lijst_pdf") + url).content)
    for rendition in (page, text):
        assert "deadline 31 maart 2021" in rendition
        assert "Update 18-01-2022:" in rendition
        assert CAPITAL_MONTH.search(rendition) is None


@pytest.mark.django_db
def test_memo_pages_and_pdf_write_lowercase_months_and_the_date_of_the_stuk(griffie_client):
    response = griffie_client.post(
        reverse("memos:create"), memo_form_data(datum="2021-03-03", stuk_date="2021-02-16")
    )
    memo_url = response["Location"]
    page = griffie_client.get(memo_url).content.decode()
    listing = griffie_client.get(reverse("memos:list")).content.decode()
    text = pdf_text(griffie_client.get(memo_url + "pdf/").content)
    for rendition in (page, text):
        assert "3 maart 2021" in rendition
        assert "Datum van het stuk: 16 februari 2021" in " ".join(rendition.split())
    for rendition in (page, listing, text):
        assert CAPITAL_MONTH.search(rendition) is None


@pytest.mark.django_db
def test_memo_pdf_without_a_date_of_the_stuk_leaves_the_line_out(griffie_client):
    response = griffie_client.post(reverse("memos:create"), memo_form_data())
    text = pdf_text(griffie_client.get(response["Location"] + "pdf/").content)
    assert "Datum van het stuk" not in text


@pytest.mark.django_db
def test_overview_lists_days_in_lowercase(griffie_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 22))
    make_meeting(title="Sessie Wonen", date=dt.date(2026, 11, 25), published=False)
    page = griffie_client.get(reverse("home")).content.decode()
    assert "wo 25 november" in page
    assert CAPITAL_MONTH.search(page) is None
