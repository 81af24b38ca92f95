"""With the CSRF check on, as in a browser: a form posts its token, htmx sends it as a header."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.conftest import add_item

ITEM = {"item-title": "Opening", "item-duration_minutes": "5", "item-treatment": "bespreekstuk"}


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


@pytest.mark.django_db
def test_a_form_posts_with_its_token_and_not_without(csrf_client, meeting):
    page = csrf_client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    url = reverse("meetings:item_add", args=[meeting.pk])
    assert csrf_client.post(url, ITEM).status_code == 403
    assert meeting.items.count() == 0
    response = csrf_client.post(url, {**ITEM, "csrfmiddlewaretoken": token_in(page)})
    assert response.status_code == 302
    assert list(meeting.items.values_list("title", flat=True)) == ["Opening"]


@pytest.mark.django_db
def test_htmx_sends_the_token_as_a_header(csrf_client, meeting):
    add_item(meeting, "A")
    item = add_item(meeting, "B")
    page = csrf_client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    header = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page)
    assert header, "the body carries the token for htmx"
    url = reverse("meetings:item_up", args=[meeting.pk, item.pk])
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda-builder"}
    assert csrf_client.post(url, **htmx).status_code == 403
    response = csrf_client.post(url, HTTP_X_CSRFTOKEN=header[1], **htmx)
    assert response.status_code == 200
    assertContains(response, '<span class="agenda__title">B</span>', html=True)
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == ["B", "A"]
