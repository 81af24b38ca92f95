"""Who may see and change memos: anonymous -> login, wrong role -> 403, griffie -> 200."""

import pytest
from django.urls import reverse

from raadsmemo.memos.models import Memo
from tests.conftest import client_for, memo_form_data


def urls(memo):
    return {
        "list": reverse("memos:list"),
        "detail": reverse("memos:detail", args=[memo.pk]),
        "pdf": reverse("memos:pdf", args=[memo.pk]),
        "edit": reverse("memos:edit", args=[memo.pk]),
        "create": reverse("memos:create"),
    }


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_for_every_memo_page(client, stapeling_memo):
    for url in urls(stapeling_memo).values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_visitor_cannot_save_or_preview(client, stapeling_memo):
    before = Memo.objects.count()
    assert client.post(reverse("memos:create"), memo_form_data()).status_code == 302
    assert (
        client.post(
            reverse("memos:edit", args=[stapeling_memo.pk]), memo_form_data(title="Gekaapt")
        ).status_code
        == 302
    )
    assert client.post(reverse("memos:preview"), memo_form_data()).status_code == 302
    assert Memo.objects.count() == before
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title != "Gekaapt"


@pytest.mark.django_db
def test_raadslid_may_not_read_concept_memos(rik, stapeling_memo):
    client = client_for(rik)
    for name, url in urls(stapeling_memo).items():
        assert client.get(url).status_code == 403, name


@pytest.mark.django_db
def test_agendacommissie_reads_but_does_not_edit(age, stapeling_memo):
    client = client_for(age)
    u = urls(stapeling_memo)
    assert client.get(u["list"]).status_code == 200
    page = client.get(u["detail"]).content.decode()
    assert "Voortgang stapelings- en doorbraakproject" in page
    assert "Bewerken" not in page
    assert client.get(u["pdf"]).status_code == 200
    assert client.get(u["edit"]).status_code == 403
    assert client.post(u["edit"], memo_form_data(title="Anders")).status_code == 403
    assert client.get(u["create"]).status_code == 403


@pytest.mark.django_db
def test_griffie_sees_edit_controls(griffie_client, stapeling_memo):
    page = griffie_client.get(urls(stapeling_memo)["detail"]).content.decode()
    assert reverse("memos:edit", args=[stapeling_memo.pk]) in page
    assert griffie_client.get(urls(stapeling_memo)["edit"]).status_code == 200


@pytest.mark.django_db
def test_unknown_memo_is_404(griffie_client):
    assert griffie_client.get(reverse("memos:detail", args=[424242])).status_code == 404
    assert griffie_client.get(reverse("memos:edit", args=[424242])).status_code == 404
