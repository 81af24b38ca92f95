"""Long text fields have a limit: more is refused with a Dutch message, and the text stays."""

import re

import pytest
from django.urls import reverse

from raadsmemo.lta.models import LtaItem
from raadsmemo.memos.models import Memo
from tests.conftest import memo_form_data

MESSAGE = "Deze tekst is te lang: 10.001 tekens, en er mogen er hoogstens 10.000 zijn."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("samenvatting", 10_000),
        ("voorgeschiedenis", 10_000),
        ("advice_text", 5_000),
        ("treatment_text", 5_000),
    ],
)
def test_a_memo_text_over_its_limit_is_refused_and_kept(griffie_client, field, limit):
    typed = "Een lange tekst over de Oosterpoort. " * (limit // 37) + "x" * (limit % 37 + 1)
    assert len(typed) == limit + 1
    response = griffie_client.post(reverse("memos:create"), memo_form_data(**{field: typed}))
    assert response.status_code == 200
    assert not Memo.objects.exists()
    page = response.content.decode()
    count = f"{limit + 1:,}".replace(",", ".")
    assert (
        f"Deze tekst is te lang: {count} tekens, en er mogen er hoogstens {f'{limit:,}'.replace(',', '.')} zijn."
        in page
    )
    assert typed in page  # what was typed is in the textarea, whole
    assert 'maxlength="' not in page.split(f'name="{field}"')[1].split(">")[0]


@pytest.mark.django_db
def test_a_memo_text_at_its_limit_is_saved(griffie_client):
    typed = "a" * 10_000
    response = griffie_client.post(reverse("memos:create"), memo_form_data(samenvatting=typed))
    assert response.status_code == 302
    assert Memo.objects.get().samenvatting == typed


@pytest.mark.django_db
def test_an_lta_text_over_its_limit_is_refused_and_kept(griffie_client):
    typed = "b" * 10_001
    data = {"number": "2026-40", "kind": "toezegging", "title": "Warmtevisie", "text": typed}
    response = griffie_client.post(reverse("lta:create"), data)
    assert response.status_code == 200
    assert not LtaItem.objects.exists()
    page = response.content.decode()
    assert MESSAGE in page
    assert typed in page


@pytest.mark.django_db
def test_a_stand_van_zaken_over_its_limit_is_refused_and_kept_without_a_maxlength(griffie_client, m31):
    detail = griffie_client.get(reverse("lta:detail", args=["M-31"])).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"update-text\"[^>]*>", detail).group(0)
    assert "maxlength" not in textarea  # a browser would cut a pasted text off without a word
    typed = "c" * 5_001
    data = {"update-date": "2022-03-02", "update-text": typed}
    response = griffie_client.post(reverse("lta:update_add", args=["M-31"]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deze tekst is te lang: 5.001 tekens, en er mogen er hoogstens 5.000 zijn." in page
    assert typed in page
    assert m31.updates.count() == 4
