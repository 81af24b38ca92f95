"""The griffie's memo list: newest first, filters, search, pagination, bad filter input."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.memos.models import Memo

LIST = reverse("memos:list")


def make_memos(n, **fields):
    base = dt.date(2022, 1, 1)
    for i in range(n):
        defaults = {"purpose": "beeldvormend", "title": f"Memo {i:02d}", "datum": base + dt.timedelta(days=i)}
        Memo.objects.create(**{**defaults, **fields})


def titles(page: str) -> list[str]:
    body = page.split('id="memo-results"')[1]
    return [chunk.split("</a>")[0].split(">")[-1] for chunk in body.split('href="/memos/')[1:]]


@pytest.mark.django_db
def test_newest_first_and_paginated(griffie_client):
    make_memos(25)
    page = griffie_client.get(LIST).content.decode()
    shown = titles(page)
    assert shown[0] == "Memo 24" and len(shown) == 20
    assert "25 memo's gevonden" in page
    assert "Pagina 1 van 2" in page
    second = titles(griffie_client.get(LIST + "?page=2").content.decode())
    assert second == ["Memo 04", "Memo 03", "Memo 02", "Memo 01", "Memo 00"]


@pytest.mark.django_db
def test_filter_by_purpose_date_and_search(griffie_client, stapeling_memo, kik_memo):
    assert titles(griffie_client.get(LIST + "?purpose=meningsvormend").content.decode()) == [kik_memo.title]
    assert titles(griffie_client.get(LIST + "?q=stapeling").content.decode()) == [stapeling_memo.title]
    page = griffie_client.get(LIST + "?date_from=2022-01-01&date_to=2022-12-31").content.decode()
    assert titles(page) == [stapeling_memo.title]
    assert titles(griffie_client.get(LIST + "?status=concept").content.decode()) == [
        stapeling_memo.title,
        kik_memo.title,
    ]
    page = griffie_client.get(LIST + "?q=bestaat+niet").content.decode()
    assert "Geen memo's gevonden met deze filters." in page


@pytest.mark.django_db
def test_bad_filter_input_is_answered_in_dutch_and_kept(griffie_client, stapeling_memo):
    page = griffie_client.get(LIST + "?date_from=2022-13-45&q=stapel").content.decode()
    assert "Deze datum bestaat niet." in page
    assert 'value="2022-13-45"' in page and 'value="stapel"' in page
    page = griffie_client.get(LIST + "?date_from=2022-05-01&date_to=2022-01-01").content.decode()
    assert "De einddatum ligt voor de begindatum." in page
    page = griffie_client.get(LIST + "?purpose=onzin").content.decode()
    assert "Selecteer een geldige keuze" in page


@pytest.mark.django_db
def test_htmx_filter_returns_only_the_results(griffie_client, stapeling_memo):
    response = griffie_client.get(LIST + "?q=stapel", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="memo-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="memo-results"')
    assert stapeling_memo.title in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_list_query_count_does_not_grow(griffie_client, django_assert_num_queries):
    make_memos(3)
    griffie_client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        griffie_client.get(LIST)
    make_memos(30, title="Meer")
    with django_assert_num_queries(5) as many:
        griffie_client.get(LIST)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_filter_fields_keep_their_own_labels(griffie_client):
    page = griffie_client.get(LIST).content.decode()
    assert 'aria-label="Memo\'s filteren"' in page
    assert ">Zoek op titel" in page and ">Doel" in page and ">Datum vanaf" in page
