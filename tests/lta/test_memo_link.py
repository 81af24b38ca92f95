"""The memo form's "Vermeld op LTA?" picks an item by number or title; the item page lists the
memos that refer to it."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.memos.models import Memo
from tests.conftest import client_for, make_item, memo_form_data

CREATE = reverse("memos:create")


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2019-300", " 2019 - 300 ", "2019-300 Kansen in kaart", "kansen in KAART"])
def test_memo_refers_to_the_item_typed_by_number_or_title(griffie_client, toezegging, m31, typed):
    response = griffie_client.post(CREATE, memo_form_data(on_lta="True", lta_number=typed))
    assert response.status_code == 302
    memo = Memo.objects.get()
    assert memo.lta_item == toezegging
    assert memo.lta_number == "2019-300"
    page = griffie_client.get(response["Location"]).content.decode()
    assert f'Ja, item nr <a href="{reverse("lta:detail", args=["2019-300"])}">2019-300</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2019-999", "Er staat geen item &#x27;2019-999&#x27; op de LTA."),
        ("gebiedsgericht kaart", "Er staat geen item"),
        ("in", "Meerdere items passen bij &#x27;in&#x27;: "),
    ],
)
def test_unknown_or_ambiguous_item_is_refused_and_the_text_kept(
    griffie_client, toezegging, m31, typed, message
):
    make_item("2019-301", title="Inburgering in de wijk")
    page = griffie_client.post(CREATE, memo_form_data(on_lta="True", lta_number=typed)).content.decode()
    assert message in page
    assert "De memo is nog niet opgeslagen." in page
    assert f'value="{typed}"' in page
    assert Memo.objects.count() == 0


@pytest.mark.django_db
def test_no_lta_means_no_item(griffie_client, toezegging):
    griffie_client.post(CREATE, memo_form_data(on_lta="False", lta_number="2019-300"))
    assert Memo.objects.get().lta_item is None


@pytest.mark.django_db
def test_picker_searches_as_you_type_and_fills_in_the_number(griffie_client, toezegging, m31):
    results = griffie_client.get(
        reverse("lta:pick") + "?lta_number=gebied", headers={"HX-Request": "true"}
    ).content.decode()
    assert results.lstrip().startswith('<div id="lta-results"')
    assert "+ M-31 Versterking gebiedsgericht werken (motie, overschreden)" in results
    assert "2019-300" not in results
    none = griffie_client.get(reverse("lta:pick") + "?lta_number=zwembad").content.decode()
    assert 'Geen LTA-item gevonden voor "zwembad".' in none

    picked = griffie_client.get(reverse("lta:pick") + "?kies=M-31", headers={"HX-Request": "true"})
    fragment = picked.content.decode()
    assert json.loads(picked["HX-Trigger"]) == {"rows-changed": {}}  # the preview and autosave follow
    assert fragment.lstrip().startswith('<div id="lta-picker"')
    assert 'name="lta_number" id="id_lta_number" value="M-31"' in fragment
    assert "Gekozen:" in fragment and "Versterking gebiedsgericht werken" in fragment


@pytest.mark.django_db
def test_memo_form_shows_the_picker_with_the_chosen_item(griffie_client, kik_memo, toezegging):
    kik_memo.lta_item = toezegging
    kik_memo.save(update_fields=["lta_item"])
    page = griffie_client.get(reverse("memos:edit", args=[kik_memo.pk])).content.decode()
    assert 'id="lta-picker"' in page and 'value="2019-300"' in page
    assert "Gekozen:" in page and "Kansen in kaart (KIK): de raad informeren over de nieuwe fase" in page


@pytest.mark.django_db
def test_picker_is_for_the_griffie(client, rik):
    assert client.get(reverse("lta:pick") + "?lta_number=x").status_code == 302
    assert client_for(rik).get(reverse("lta:pick") + "?lta_number=x").status_code == 403


@pytest.mark.django_db
def test_item_page_lists_its_memos_for_those_who_may_read_them(
    client, griffie_client, age, rik, kik_memo, toezegging
):
    kik_memo.lta_item = toezegging
    kik_memo.save(update_fields=["lta_item"])
    url = toezegging.get_absolute_url()
    for reader in (griffie_client, client_for(age)):
        page = reader.get(url).content.decode()
        assert (
            "Voorbereidingsmemo&#x27;s over dit item" in page or "Voorbereidingsmemo's over dit item" in page
        )
        assert reverse("memos:detail", args=[kik_memo.pk]) in page
    for outsider in (client, client_for(rik)):  # concept memos are not theirs to see
        page = outsider.get(url).content.decode()
        assert reverse("memos:detail", args=[kik_memo.pk]) not in page


@pytest.mark.django_db
def test_memo_pdf_prints_the_number_without_a_link(griffie_client, kik_memo, toezegging):
    kik_memo.lta_item = toezegging
    kik_memo.save(update_fields=["lta_item"])
    response = griffie_client.get(reverse("memos:pdf", args=[kik_memo.pk]))
    assert b"/lta/2019-300/" not in response.content


@pytest.mark.django_db
def test_demo_links_the_meningsvormend_memo_to_2019_300(client, settings):
    settings.DEBUG = True  # load_demo is for development only
    call_command("load_demo")
    call_command("load_demo")
    item = LtaItem.objects.get(number="2019-300")
    memo = Memo.objects.get(title="Kansen in kaart (KIK) – een nieuwe fase")
    assert memo.lta_item == item and memo.lta_number == "2019-300"
    assert item.kind == Kind.TOEZEGGING
    assert LtaItem.objects.filter(number="M-31").get().updates.count() == 4
