"""A concept that nobody wants can be removed, after a confirmation; nothing else can."""

import pytest
from django.urls import reverse

from raadsmemo.memos.models import Memo
from tests.conftest import add_item, client_for


@pytest.mark.django_db
def test_a_concept_is_removed_after_a_confirmation(griffie_client, stapeling_memo, meeting):
    item = add_item(meeting, "Stapeling", memo=stapeling_memo)
    url = reverse("memos:delete", args=[stapeling_memo.pk])
    detail = griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk]))
    assert f'href="{url}"' in detail.content.decode()
    confirm = griffie_client.get(url)
    assert confirm.status_code == 200
    assert "Conceptmemo verwijderen?" in confirm.content.decode()
    assert "blijft op de agenda staan, zonder memo" in confirm.content.decode()
    assert Memo.objects.filter(pk=stapeling_memo.pk).exists()  # asking removes nothing
    response = griffie_client.post(url)
    assert response["Location"] == reverse("memos:list")
    assert not Memo.objects.filter(pk=stapeling_memo.pk).exists()
    item.refresh_from_db()
    assert item.memo is None and item.title == "Stapeling"
    page = griffie_client.get(reverse("memos:list")).content.decode()
    assert "De conceptmemo ‘Voortgang stapelings- en doorbraakproject’ is verwijderd." in page


@pytest.mark.django_db
def test_a_vastgestelde_memo_is_not_removed(griffie_client, stapeling_memo):
    Memo.objects.filter(pk=stapeling_memo.pk).update(status="vastgesteld")
    response = griffie_client.post(reverse("memos:delete", args=[stapeling_memo.pk]))
    assert response["Location"] == stapeling_memo.get_absolute_url()
    assert Memo.objects.filter(pk=stapeling_memo.pk).exists()


@pytest.mark.django_db
def test_only_the_griffie_removes(client, age, stapeling_memo):
    url = reverse("memos:delete", args=[stapeling_memo.pk])
    assert client.post(url).status_code == 302  # to the login page
    assert client_for(age).post(url).status_code == 403
    assert Memo.objects.filter(pk=stapeling_memo.pk).exists()
