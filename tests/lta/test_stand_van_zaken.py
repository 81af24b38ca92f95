"""The stand van zaken is append-only: added through the page, shown newest first in the seed's
format, never changed or deleted. A correction is a new update."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from raadsmemo.lta.models import AppendOnlyError, LtaItem, StatusUpdate
from raadsmemo.lta.services import status_update_add


@pytest.mark.django_db
def test_timeline_is_newest_first_in_the_seed_format(client, m31):
    page = client.get(reverse("lta:detail", args=["M-31"])).content.decode()
    positions = [page.index(f"Update {d}:") for d in ["18-01-2022", "10-11-2021", "06-09-2021", "07-07-2021"]]
    assert positions == sorted(positions)
    assert "Versterking gebiedsgericht werken" in page and "(PvdA e.a.)" in page
    assert "PvdA, GroenLinks en D66" in page


@pytest.mark.django_db
def test_griffie_adds_an_update_that_goes_on_top(griffie_client, m31, gerda):
    url = reverse("lta:detail", args=["M-31"])
    response = griffie_client.post(
        reverse("lta:update_add", args=["M-31"]),
        {"update-date": "2022-03-02", "update-text": "De nota is in de maak."},
    )
    assert response.status_code == 302
    update = m31.updates.first()
    assert (update.date, update.text, update.author) == (dt.date(2022, 3, 2), "De nota is in de maak.", gerda)
    assert m31.updates.count() == 5
    page = griffie_client.get(url).content.decode()
    assert page.index("Update 02-03-2022:") < page.index("Update 18-01-2022:")
    assert "staat bovenaan de stand van zaken" in page
    assert "Toegevoegd door gerda" in page


@pytest.mark.django_db
def test_htmx_update_swaps_only_the_timeline(griffie_client, m31):
    response = griffie_client.post(
        reverse("lta:update_add", args=["M-31"]),
        {"update-date": "2022-03-02", "update-text": "Nieuw."},
        headers={"HX-Request": "true", "HX-Target": "stand-van-zaken"},
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="stand-van-zaken"')
    assert fragment.index("Update 02-03-2022:") < fragment.index("Update 18-01-2022:")
    assert (
        'name="update-text"' in fragment and ">Nieuw.</textarea>" not in fragment
    )  # the form is empty again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"update-date": "2022-03-02", "update-text": "  "}, "Vul de stand van zaken in."),
        ({"update-date": "31-02-2022", "update-text": "Tekst blijft staan"}, "Deze datum bestaat niet."),
        ({"update-date": "", "update-text": "Tekst blijft staan"}, "Dit veld is verplicht."),
        ({"update-date": "2999-01-01", "update-text": "Tekst blijft staan"}, "niet later dan vandaag"),
    ],
)
def test_bad_update_is_answered_in_dutch_and_keeps_the_text(griffie_client, m31, data, message):
    response = griffie_client.post(reverse("lta:update_add", args=["M-31"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Niet opgeslagen." in page
    if data["update-text"].strip():
        assert "Tekst blijft staan</textarea>" in page
    assert m31.updates.count() == 4


@pytest.mark.django_db
def test_updates_cannot_be_changed_or_deleted(m31):
    update = m31.updates.first()
    update.text = "Anders geschreven"
    with pytest.raises(AppendOnlyError):
        update.save()
    with pytest.raises(AppendOnlyError):
        update.delete()
    with pytest.raises(AppendOnlyError):
        StatusUpdate.objects.filter(pk=update.pk).update(text="Stiekem")
    with pytest.raises(AppendOnlyError):
        m31.updates.all().delete()
    assert StatusUpdate.objects.get(pk=update.pk).text.startswith("Op 16 november 2021")


@pytest.mark.django_db
def test_items_are_never_deleted(m31):
    with pytest.raises(AppendOnlyError):
        m31.delete()
    with pytest.raises(AppendOnlyError):
        LtaItem.objects.filter(pk=m31.pk).delete()
    assert LtaItem.objects.filter(number="M-31").exists()


@pytest.mark.django_db
def test_a_correction_is_a_new_update_and_the_old_one_stays(m31, gerda):
    wrong = status_update_add(item=m31, date=timezone.localdate(), text="Besproken op 16 mei.", by=gerda)
    status_update_add(
        item=m31,
        date=timezone.localdate(),
        text="Correctie: besproken op 16 november, niet 16 mei.",
        by=gerda,
    )
    texts = list(m31.updates.values_list("text", flat=True))
    assert texts[:2] == ["Correctie: besproken op 16 november, niet 16 mei.", wrong.text]
