"""The start page: the griffie's overview; everyone else goes to the coming meetings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from tests.conftest import add_item, client_for, make_meeting

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today():
    """Sunday 22 November 2026, noon in Groningen: every clock, Django's and the database's."""
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.mark.django_db
def test_visitors_and_raadsleden_go_to_the_meetings(client, rik):
    assert client.get(reverse("home"))["Location"] == reverse("meetings:upcoming")
    assert client_for(rik).get(reverse("home"))["Location"] == reverse("meetings:upcoming")


@pytest.mark.django_db
def test_overview_shows_what_still_needs_doing(griffie_client, stapeling_memo):
    meeting = make_meeting(title="Sessie Wonen", date=dt.date(2026, 11, 25), published=False)
    add_item(meeting, "Zonder memo", 30)
    add_item(meeting, "Met memo", 30, memo=stapeling_memo)
    make_meeting(title="Ver weg", date=dt.date(2027, 3, 3))
    LtaItem(
        number="2026-1", kind=Kind.TOEZEGGING, title="Brief over wonen", deadline=dt.date(2026, 11, 1)
    ).save()
    LtaItem(
        number="2026-2", kind=Kind.TOEZEGGING, title="Notitie jeugdzorg", deadline=dt.date(2026, 12, 1)
    ).save()
    page = griffie_client.get(reverse("home")).content.decode()
    assert "Sessie Wonen" in page and "Ver weg" not in page
    assert "niet gepubliceerd" in page and "1 zonder memo" in page and "1 memo in concept" in page
    assert (
        page.index("Overschreden") < page.index("Brief over wonen") < page.index("Deadline binnen 14 dagen")
    )
    assert page.index("Deadline binnen 14 dagen") < page.index("Notitie jeugdzorg")
    assert "Voortgang stapelings- en doorbraakproject" in page  # recently changed memos


@pytest.mark.django_db
def test_overview_query_count_is_fixed(griffie_client, django_assert_num_queries):
    griffie_client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        griffie_client.get(reverse("home"))
    for day in range(5):
        meeting = make_meeting(title=f"Sessie {day}", date=dt.date(2026, 11, 23 + day))
        add_item(meeting, "Punt", 30)
    with django_assert_num_queries(7) as many:
        griffie_client.get(reverse("home"))
    assert len(many) == len(few)
