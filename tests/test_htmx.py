"""The htmx convention: one helper for page-or-partial, messages out of band, headers from django-htmx."""

import pytest
from django.urls import reverse

from tests.conftest import add_item

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_a_message_reaches_an_htmx_request_out_of_band(griffie_client, meeting):
    response = griffie_client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"item-title": "Opening", "item-duration_minutes": "5", "item-treatment": "bespreekstuk"},
        HTTP_HX_TARGET="agenda-builder",
        **HTMX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="agenda-builder">')
    assert '<div class="messages" id="messages" role="status" hx-swap-oob="true">' in html
    assert "Het agendapunt is toegevoegd." in html
    # Shown once: the next page does not repeat it.
    page = griffie_client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert "Het agendapunt is toegevoegd." not in page.content.decode()


@pytest.mark.django_db
def test_an_htmx_redirect_keeps_the_message_for_the_page_it_leads_to(griffie_client, meeting):
    item = add_item(meeting, "Woningbouw")
    response = griffie_client.post(reverse("meetings:item_memo_create", args=[meeting.pk, item.pk]), **HTMX)
    item.refresh_from_db()
    assert response["HX-Redirect"] == reverse("memos:edit", args=[item.memo.pk])
    assert response.content == b""


@pytest.mark.django_db
def test_a_page_without_messages_has_the_empty_messages_block(griffie_client, meeting):
    page = griffie_client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert page.content.decode().count('id="messages"') == 1
