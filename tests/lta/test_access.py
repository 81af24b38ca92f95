"""Everyone reads the register and the item pages; only the griffie sees and uses edit controls.
Anonymous -> login for every write, raadslid and agendacommissie -> 403, griffie -> 200."""

import pytest
from django.urls import reverse

from raadsmemo.lta.models import LtaImport, LtaItem
from tests.conftest import client_for

EDIT_CONTROLS = [
    "Nieuw item",
    "Importeren",
    "Update toevoegen",
    "Bewerken",
    "Status wijzigen",
    "Afdoening voorstellen",
]


def read_pages(client):
    return "".join(
        client.get(url).content.decode()
        for url in [reverse("lta:register"), reverse("lta:detail", args=["M-31"])]
    )


def write_urls(token="een-token"):
    return [
        reverse("lta:create"),
        reverse("lta:edit", args=["M-31"]),
        reverse("lta:import"),
        reverse("lta:import_preview", args=[token]),
        reverse("people:fractie_list"),
        reverse("people:bestuurder_create"),
    ]


@pytest.mark.django_db
def test_anonymous_visitor_reads_without_edit_controls(client, m31):
    assert client.get(reverse("lta:register")).status_code == 200
    assert client.get(reverse("lta:detail", args=["M-31"])).status_code == 200
    assert client.get(reverse("lta:lijst") + "?datum=2022-04-01").status_code == 200
    pages = read_pages(client)
    assert "Versterking gebiedsgericht werken" in pages and "Update 18-01-2022:" in pages
    for control in EDIT_CONTROLS:
        assert control not in pages, control
    assert 'name="update-text"' not in pages


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_for_every_write(client, m31):
    for url in write_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
    response = client.post(
        reverse("lta:update_add", args=["M-31"]),
        {"update-date": "2022-03-02", "update-text": "Gekaapt"},
    )
    assert response.status_code == 302
    assert m31.updates.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["rik", "age"])
def test_raadslid_and_agendacommissie_read_but_do_not_edit(request, m31, user):
    client = client_for(request.getfixturevalue(user))
    pages = read_pages(client)
    assert "Update 18-01-2022:" in pages
    for control in EDIT_CONTROLS:
        assert control not in pages, control
    for url in write_urls():
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("lta:status_set", args=["M-31"]),
        {"status-status": "vervallen", "status-reason": "Weg ermee"},
    )
    assert response.status_code == 403
    assert client.post(reverse("lta:import_confirm", args=["een-token"]), {"plan": "x"}).status_code == 403
    assert LtaItem.objects.get(number="M-31").status == "open"
    assert (
        client.post(reverse("lta:create"), {"kind": "motie", "number": "M-99", "title": "x"}).status_code
        == 403
    )
    assert not LtaItem.objects.filter(number="M-99").exists()


@pytest.mark.django_db
def test_griffie_sees_and_uses_edit_controls(griffie_client, m31, gerda):
    pages = read_pages(griffie_client)
    for control in EDIT_CONTROLS:
        assert control in pages, control
    pending = LtaImport.objects.create(
        filename="lta.csv", table=[["nummer", "soort", "titel"]], created_by=gerda
    )
    for url in write_urls(pending.token):
        assert griffie_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_unknown_item_is_404(client, griffie_client):
    assert client.get("/lta/M-404/").status_code == 404
    assert griffie_client.get("/lta/2019-404/bewerken/").status_code == 404
    assert client.get("/lta/niet-een-nummer/").status_code == 404
