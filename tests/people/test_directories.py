"""Fracties and bestuurders: small directories the griffie keeps; others may not touch them."""

import pytest
from django.urls import reverse

from raadsmemo.people.models import Bestuurder, Fractie
from tests.conftest import client_for


@pytest.mark.django_db
def test_griffie_adds_and_edits_a_fractie(griffie_client):
    response = griffie_client.post(
        reverse("people:fractie_create"),
        {"name": "PvdA", "full_name": "Partij van de Arbeid", "is_active": "on"},
    )
    assert response.status_code == 302
    fractie = Fractie.objects.get()
    assert (fractie.name, fractie.full_name, fractie.is_active) == ("PvdA", "Partij van de Arbeid", True)
    page = griffie_client.get(response["Location"]).content.decode()
    assert "PvdA is opgeslagen." in page and "Partij van de Arbeid" in page
    griffie_client.post(reverse("people:fractie_edit", args=[fractie.pk]), {"name": "PvdA", "full_name": ""})
    fractie.refresh_from_db()
    assert fractie.is_active is False  # left the council; stays for its old moties


@pytest.mark.django_db
def test_griffie_adds_a_bestuurder_with_portefeuille(griffie_client):
    griffie_client.post(
        reverse("people:bestuurder_create"),
        {
            "name": "Isabelle Diks",
            "role": "wethouder",
            "portefeuille": "Werk en participatie",
            "is_active": "on",
        },
    )
    bestuurder = Bestuurder.objects.get()
    assert str(bestuurder) == "wethouder Isabelle Diks"
    page = griffie_client.get(reverse("people:bestuurder_list")).content.decode()
    assert "Wethouder: Werk en participatie" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("people:fractie_create", {"name": ""}, "Vul de naam van de fractie in."),
        ("people:fractie_create", {"name": "PvdA"}, "Er is al een fractie met deze naam."),
        (
            "people:bestuurder_create",
            {"name": "Koen Schuiling", "role": "koning"},
            "Kies wethouder of burgemeester.",
        ),
        (
            "people:bestuurder_create",
            {"name": "", "role": "wethouder", "portefeuille": "Zorg"},
            "Vul de naam van de bestuurder in.",
        ),
    ],
)
def test_bad_input_is_answered_in_dutch_and_kept(griffie_client, url, data, message):
    Fractie.objects.create(name="PvdA")
    response = griffie_client.post(reverse(url), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    if data.get("portefeuille"):
        assert "Zorg</textarea>" in page
    assert Fractie.objects.count() == 1 and Bestuurder.objects.count() == 0


@pytest.mark.django_db
def test_only_the_griffie_keeps_the_directories(client, rik, age):
    fractie = Fractie.objects.create(name="PvdA")
    urls = [
        reverse("people:fractie_list"),
        reverse("people:fractie_edit", args=[fractie.pk]),
        reverse("people:bestuurder_list"),
        reverse("people:bestuurder_create"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
        for user in (rik, age):
            assert client_for(user).get(url).status_code == 403
    assert (
        client_for(rik)
        .post(reverse("people:fractie_edit", args=[fractie.pk]), {"name": "Gekaapt"})
        .status_code
        == 403
    )
    fractie.refresh_from_db()
    assert fractie.name == "PvdA"


@pytest.mark.django_db
def test_unknown_directory_entry_is_404(griffie_client):
    assert griffie_client.get(reverse("people:fractie_edit", args=[999])).status_code == 404
    assert griffie_client.get(reverse("people:bestuurder_edit", args=[999])).status_code == 404
