"""House rules that a page shows: Dutch empty choices, pagination that keeps the filters."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.memos.models import Memo
from tests.conftest import make_meeting


@pytest.mark.django_db
def test_no_english_empty_choice_on_any_form(griffie_client, m31, meeting, stapeling_memo):
    for url in [
        reverse("meetings:create"),
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("lta:create"),
        reverse("lta:edit", args=["M-31"]),
        reverse("lta:detail", args=["M-31"]),
        reverse("memos:create"),
        reverse("memos:edit", args=[stapeling_memo.pk]),
        reverse("people:bestuurder_create"),
    ]:
        page = griffie_client.get(url).content.decode()
        assert "Select an option" not in page, url
    page = griffie_client.get(reverse("meetings:create"))
    assertContains(page, '<option value="" selected>Maak een keuze</option>', html=True)


@pytest.mark.django_db
def test_pagination_keeps_the_filters(griffie_client, stapeling_memo):
    for i in range(25):
        Memo.objects.create(purpose="beeldvormend", datum="2022-01-01", title=f"Memo {i}")
    page = griffie_client.get(reverse("memos:list") + "?purpose=beeldvormend&page=1").content.decode()
    assert 'href="?purpose=beeldvormend&amp;page=2"' in page


@pytest.mark.django_db
def test_archive_pagination(client):
    import datetime as dt

    for day in range(1, 23):
        make_meeting(date=dt.date(2021, 3, day), title=f"Sessie {day}")
    page = client.get(reverse("meetings:archive_year", args=[2021])).content.decode()
    assert 'href="?page=2"' in page
