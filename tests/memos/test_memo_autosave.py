"""Drafts are saved while the user types; the user's own autosave is never a conflict."""

import re

import pytest
from django.urls import reverse

from raadsmemo.memos.models import Memo
from tests.conftest import memo_form_data

HTMX = {"HTTP_HX_REQUEST": "true"}
SESSION_A = "a" * 32
SESSION_B = "b" * 32


def autosave(client, memo=None, **fields):
    url = reverse("memos:autosave", args=[memo.pk]) if memo else reverse("memos:autosave_new")
    return client.post(url, memo_form_data(**fields), **HTMX)


@pytest.mark.django_db
def test_autosave_stores_the_draft_and_returns_the_new_revision(griffie_client, stapeling_memo):
    response = autosave(
        griffie_client, stapeling_memo, title="Half getypt", revision="1", edit_session=SESSION_A
    )
    html = response.content.decode()
    assert "Concept automatisch opgeslagen om" in html
    assert '<input type="hidden" name="revision" value="2" id="id_revision" hx-swap-oob="true">' in html
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Half getypt" and stapeling_memo.revision == 2


@pytest.mark.django_db
def test_own_autosave_racing_the_save_button_is_no_conflict(griffie_client, stapeling_memo):
    autosave(griffie_client, stapeling_memo, title="Tussenstand", revision="1", edit_session=SESSION_A)
    # The Save click left before the autosave's new revision reached the page.
    response = griffie_client.post(
        reverse("memos:edit", args=[stapeling_memo.pk]),
        memo_form_data(title="Eindversie", revision="1", edit_session=SESSION_A),
    )
    assert response.status_code == 302
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Eindversie" and stapeling_memo.revision == 3


@pytest.mark.django_db
def test_autosave_from_another_tab_after_a_save_is_a_conflict(griffie_client, stapeling_memo):
    autosave(griffie_client, stapeling_memo, title="Tab A", revision="1", edit_session=SESSION_A)
    html = autosave(
        griffie_client, stapeling_memo, title="Tab B", revision="1", edit_session=SESSION_B
    ).content.decode()
    assert "iemand anders heeft deze memo intussen gewijzigd" in html
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Tab A"


@pytest.mark.django_db
def test_invalid_draft_is_not_saved_and_says_why(griffie_client, stapeling_memo):
    html = autosave(
        griffie_client, stapeling_memo, title="", datum="2022-02-30", revision="1"
    ).content.decode()
    assert "Nog niet automatisch opgeslagen: 2 velden vragen aandacht." in html
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Voortgang stapelings- en doorbraakproject"


@pytest.mark.django_db
def test_new_memo_is_stored_once_by_autosave_and_then_saved_as_the_same_memo(griffie_client):
    create = reverse("memos:create")
    response = autosave(griffie_client, title="Nieuw concept", edit_session=SESSION_A)
    memo = Memo.objects.get()
    assert response["HX-Replace-Url"] == reverse("memos:edit", args=[memo.pk])
    assert re.search(
        rf'name="memo_pk" value="{memo.pk}" id="memo-pk" hx-swap-oob="true"', response.content.decode()
    )
    # The page (still on the create URL) now posts memo_pk along.
    data = memo_form_data(
        title="Nieuw concept, af", memo_pk=str(memo.pk), revision="1", edit_session=SESSION_A
    )
    assert griffie_client.post(create, data).status_code == 302
    assert Memo.objects.count() == 1
    assert Memo.objects.get().title == "Nieuw concept, af"


@pytest.mark.django_db
def test_memo_pk_of_someone_elses_memo_needs_write_access(client, rik, stapeling_memo):
    from tests.conftest import client_for

    data = memo_form_data(title="Overgenomen", memo_pk=str(stapeling_memo.pk))
    assert client_for(rik).post(reverse("memos:create"), data).status_code == 403
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title != "Overgenomen"
