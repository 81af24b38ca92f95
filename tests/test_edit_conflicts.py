"""Two people edit the same LTA item, agenda item, meeting or contact: the second save is
refused with both versions shown, and saving again (having seen them) keeps the second."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.lta.models import LtaItem
from raadsmemo.meetings.models import AgendaItem, Meeting
from raadsmemo.people.models import Contact
from tests.conftest import add_item, make_item

MEETING = {
    "kind": "beeldvormend",
    "title": "Beeldvormende sessie",
    "date": "2022-01-12",
    "start_time": "10:30",
    "end_time": "12:00",
    "location": "Raadzaal",
    "chair": "",
    "is_public": "on",
}


@pytest.fixture
def cases(meeting, contact, gerda):
    """(url, form data without title/name and revision, the field both people change, model)."""
    item = add_item(meeting, "Opening", 5)
    lta = make_item("2022-1", title="Toezegging", by=gerda)
    return {
        "lta": (
            reverse("lta:edit", args=[lta.number]),
            {"kind": "toezegging", "text": "", "made_in": "", "made_on": "", "deadline": ""},
            "title",
            LtaItem.objects.filter(pk=lta.pk),
        ),
        "agenda item": (
            reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
            {
                "duration_minutes": "5",
                "treatment": "bespreekstuk",
                "memo": "",
                "stukken-TOTAL_FORMS": "0",
                "stukken-INITIAL_FORMS": "0",
            },
            "title",
            AgendaItem.objects.filter(pk=item.pk),
        ),
        "meeting": (
            reverse("meetings:edit", args=[meeting.pk]),
            MEETING,
            "title",
            Meeting.objects.filter(pk=meeting.pk),
        ),
        "contact": (
            reverse("people:contact_edit", args=[contact.pk]),
            {"function": "", "team": "", "phone": "", "email": ""},
            "name",
            Contact.objects.filter(pk=contact.pk),
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["lta", "agenda item", "meeting", "contact"])
def test_second_save_is_refused_with_both_versions_shown(griffie_client, cases, case):
    url, data, field, stored = cases[case]
    revision = stored.get().revision
    page = griffie_client.get(url).content.decode()
    assert f'name="revision" value="{revision}"' in page
    first = griffie_client.post(url, {**data, field: "Versie van Anne", "revision": revision})
    assert first.status_code == 302
    # Bob loaded the form at the same revision and saves later.
    second = griffie_client.post(url, {**data, field: "Versie van Bob", "revision": revision})
    html = second.content.decode()
    assert second.status_code == 409
    assert "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd" in html
    assertContains(second, '<td class="utrecht-table__cell">Versie van Anne</td>', html=True, status_code=409)
    assertContains(second, '<td class="utrecht-table__cell">Versie van Bob</td>', html=True, status_code=409)
    assert 'value="Versie van Bob"' in html  # what Bob typed is still in the form
    assert getattr(stored.get(), field) == "Versie van Anne"
    # Having seen both, Bob saves again: the form now builds on Anne's revision.
    assert f'name="revision" value="{revision + 1}"' in html
    again = griffie_client.post(url, {**data, field: "Versie van Bob", "revision": revision + 1})
    assert again.status_code == 302
    assert getattr(stored.get(), field) == "Versie van Bob"


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["lta", "agenda item", "meeting", "contact"])
@pytest.mark.parametrize("revision", [None, "", "0", "-1", "x"])
def test_leaving_out_the_revision_does_not_skip_the_check(griffie_client, cases, case, revision):
    url, data, field, stored = cases[case]
    before = getattr(stored.get(), field)
    post = {**data, field: "Zonder revisie"}
    if revision is not None:
        post["revision"] = revision
    response = griffie_client.post(url, post)
    assert response.status_code in (200, 409)
    assert getattr(stored.get(), field) == before
