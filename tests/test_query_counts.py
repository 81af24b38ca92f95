"""Exact query counts on the list and detail pages not pinned elsewhere: a page that starts
asking the database once per row (or once more per request) shows up here first."""

import datetime as dt

import pytest
from django.urls import reverse

from raadsmemo.people.models import Contact
from tests.conftest import client_for, make_meeting


@pytest.mark.django_db
# The griffie's page has the forms, the memos and the history (one query) besides.
@pytest.mark.parametrize(("who", "queries"), [("anonymous", 6), ("gerda", 10)])
def test_lta_item_page(request, client, m31, who, queries, django_assert_num_queries):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    with django_assert_num_queries(queries):
        assert client.get(reverse("lta:detail", args=["M-31"])).status_code == 200


@pytest.mark.django_db
def test_contact_list(griffie_client, django_assert_num_queries):
    for i in range(40):
        Contact.objects.create(name=f"Contact {i:02}", email=f"c{i}@groningen.nl")
    with django_assert_num_queries(5):
        page = griffie_client.get(reverse("people:contact_list"))
    assert "Contact 00" in page.content.decode()


@pytest.mark.django_db
def test_meeting_archive(client, django_assert_num_queries):
    for day in range(1, 25):
        make_meeting(date=dt.date(2021, 3, day), title=f"Sessie {day}")
    with django_assert_num_queries(3):
        assert client.get(reverse("meetings:archive_year", args=[2021])).status_code == 200
