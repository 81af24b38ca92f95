"""The collegevoorstel (seed 001): written by the griffie, read by the griffie and the
agendacommissie; a geheim one by the griffie alone. Page and PDF in the seed's order."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.memos.models import LinkSection, MemoLink
from tests.conftest import client_for


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def form_data(**overrides) -> dict:
    data = {
        "zaak": "Raadsbrief Wijkgericht werken",
        "zaaknummer": "Z-2021-17",
        "datum": "30-03-2021",
        "auteur": "Ferdy Naafs",
        "bereikbaar": "(0162) 48 92 81",
        "confidentiality": "openbaar",
        "team": "Directie",
        "onderwerp": "Informatie wijkgericht werken",
        "geraadpleegde_vakgebieden": "Wijkmakelaars, communicatie",
        "conclusie_raadpleging": "Men is akkoord.",
        "communicatie": "on",
        "communicatie_middel": "infobulletin",
        "bijlage_brief_raad": "on",
        "behandeling_1_orgaan": "Raad",
        "behandeling_1_datum": "2021-03-30",
        "behandeling_1_aard": "Ter kennisneming",
        "geheim_1_titel": "Bijlage met namen",
        "geheim_1_grondslag": "woo-5.1",
        "geheim_1_tot": "2026-01-01",
        "voorstel": "1. De raad te informeren.\n2. De brief te versturen.",
        "samenvatting": "Er is veel gebeurd.",
        "juridisch_kader": "n.v.t.",
        "aanleiding": "De eerste maanden zijn omgevlogen.",
        "data_monitoring": "Monitoring van de afspraken.",
        "belanghebbenden": "Rondgang door de wijken.",
        "wat_doen": "De raad informeren.",
        "afweging": "Geen.",
        "kosten": "Uit het communicatiebudget.",
        "risicos": "nvt",
        "kernboodschap": "Het team heeft niet stil gezeten.",
        "communicatie_inzet": "Geen extra communicatie.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def openbaar(db):
    return load_collegevoorstel_demo()


@pytest.fixture
def geheim(db):
    return Collegevoorstel.objects.create(
        zaak="Grondaankoop",
        datum=dt.date(2021, 4, 1),
        auteur="A",
        onderwerp="Aankoop perceel",
        voorstel="Kopen.",
        confidentiality="geheim",
    )


def test_the_griffie_creates_one_and_sees_it(griffie_client, diks):
    response = griffie_client.post(
        reverse("collegevoorstellen:create"), form_data(portefeuillehouder=diks.pk)
    )
    cv = Collegevoorstel.objects.get()
    assert response.status_code == 302 and response["Location"] == cv.get_absolute_url()
    assert cv.portefeuillehouder == diks and cv.communicatie and cv.bijlage_brief_raad
    assert cv.voorstel_punten() == ["De raad te informeren.", "De brief te versturen."]
    page = griffie_client.get(cv.get_absolute_url()).content.decode()
    assert "<li>De raad te informeren.</li>" in page and "Woo art. 5.1" in page and "Isabelle Diks" in page


def test_bad_input_gets_dutch_errors_and_keeps_what_was_typed(griffie_client):
    data = form_data(
        onderwerp="",
        datum="31-02-2021",
        confidentiality="zeer geheim",
        geheim_1_grondslag="wob-10",
        aanleiding="Mijn aanleiding",
        risicos="x" * 20_001,
        portefeuillehouder="99999999999999999999",
    )
    response = griffie_client.post(reverse("collegevoorstellen:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["onderwerp"] == ["Vul het onderwerp in."]
    assert "Deze datum bestaat niet" in errors["datum"][0]
    assert errors["confidentiality"] == ["Kies openbaar of geheim."]
    assert errors["geheim_1_grondslag"] == ["Kies een grondslag uit de lijst."]
    assert "te lang" in errors["risicos"][0]
    assert "portefeuillehouder" in errors
    assert "Mijn aanleiding" in response.content.decode()
    assert not Collegevoorstel.objects.exists()


def test_a_long_samenvatting_is_a_warning_not_an_error(griffie_client):
    response = griffie_client.post(
        reverse("collegevoorstellen:create"), form_data(samenvatting="woord " * 300), follow=True
    )
    assert Collegevoorstel.objects.count() == 1
    assert "circa 10 regels" in response.content.decode()


def test_an_edit_based_on_an_old_revision_is_refused(griffie_client, openbaar):
    url = reverse("collegevoorstellen:edit", args=[openbaar.pk])
    first = griffie_client.post(url, form_data(onderwerp="Eerste", revision=openbaar.revision))
    assert first.status_code == 302
    second = griffie_client.post(url, form_data(onderwerp="Tweede", revision=openbaar.revision))
    assert second.status_code == 409
    assert "Tweede" in second.content.decode()
    openbaar.refresh_from_db()
    assert openbaar.onderwerp == "Eerste" and openbaar.revision == 2
    assert openbaar.history.count() == 2


def test_the_pdf_holds_the_seed_in_the_seeds_order(griffie_client, openbaar):
    response = griffie_client.get(reverse("collegevoorstellen:pdf", args=[openbaar.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    in_order = [
        "Raadsbrief Wijkgericht werken",
        "30 maart 2021",
        "Ferdy Naafs",
        "(0162) 48 92 81",
        "Openbaar",
        "Directie",
        "Informatie wijkgericht werken",
        "Wijkmakelaars, communicatie",
        "Men is akkoord.",
        "infobulletin",
        "Bijlagen",
        "Ondernemingsraad",
        "Ter advisering",
        "Portefeuillehouder",
        "Geheimhouding",
        "De raad via bijgevoegde informatie",
        "Sinds de start van de opgave",
        "n.v.t.",
        "De eerste maanden na de vaststelling",
        "monitoring van de afspraken",
        "rondgang door de wijken",
        "We willen de raad informeren",
        "Afweging van argumenten",
        "communicatiebudget",
        "nvt",
        "Kernboodschap",
        "niet stil gezeten",
        "geen extra communicatie",
    ]
    positions = [text.find(part) for part in in_order]
    assert -1 not in positions, [p for p, i in zip(in_order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", ["detail", "pdf", "edit"])
def test_a_geheim_one_is_for_the_griffie_alone(client, gerda, age, rik, geheim, name):
    url = reverse(f"collegevoorstellen:{name}", args=[geheim.pk])
    assert client_for(gerda).get(url).status_code == 200
    assert client_for(age).get(url).status_code == (404 if name != "edit" else 403)
    assert client_for(rik).get(url).status_code == 403
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_list_shows_the_agendacommissie_only_openbaar_ones(
    gerda, age, openbaar, geheim, django_assert_num_queries
):
    agenda_client = client_for(age)
    with django_assert_num_queries(5):  # session, user, her roles, the count, the page of voorstellen
        page = agenda_client.get(reverse("collegevoorstellen:list")).content.decode()
    assert "Informatie wijkgericht werken" in page and "Aankoop perceel" not in page
    assert "Aankoop perceel" in client_for(gerda).get(reverse("collegevoorstellen:list")).content.decode()


def test_the_list_shows_25_a_page_newest_first(griffie_client, django_assert_num_queries):
    Collegevoorstel.objects.bulk_create(
        Collegevoorstel(
            zaak=f"Zaak {i}",
            datum=dt.date(2021, 1, 1) + dt.timedelta(days=i),
            auteur="A",
            onderwerp=f"Voorstel {i:02}",
        )
        for i in range(30)
    )
    url = reverse("collegevoorstellen:list")
    with django_assert_num_queries(5):
        first = griffie_client.get(url).content.decode()
    assert "Voorstel 29" in first and "Voorstel 05" in first and "Voorstel 04" not in first
    assert "Pagina 1 van 2" in first and 'href="?page=2">Volgende' in first
    second = griffie_client.get(url, {"page": 2}).content.decode()
    assert "Voorstel 04" in second and "Voorstel 00" in second and "Voorstel 05" not in second
    assert "Pagina 2 van 2" in second and 'href="?page=1">Vorige' in second
    # A page past the end (or no number) is the last (or the first) page, never an error.
    assert "Pagina 2 van 2" in griffie_client.get(url, {"page": 9}).content.decode()
    assert "Pagina 1 van 2" in griffie_client.get(url, {"page": "x"}).content.decode()


def test_the_detail_page_names_the_memos_that_link_to_it(griffie_client, openbaar, stapeling_memo):
    MemoLink.objects.create(
        memo=stapeling_memo,
        section=LinkSection.STUK,
        url=f"http://testserver{openbaar.get_absolute_url()}",
        label="Collegevoorstel",
        position=0,
    )
    page = griffie_client.get(openbaar.get_absolute_url()).content.decode()
    assert stapeling_memo.title in page


@pytest.mark.parametrize("path", ["0/", "99999999999999999999/", "abc/", "-1/pdf/", "99999999/bewerken/"])
def test_nonsense_ids_never_500(griffie_client, path):
    assert griffie_client.get(f"/collegevoorstellen/{path}").status_code == 404


def test_the_demo_loads_once(gerda):
    load_collegevoorstel_demo()
    load_collegevoorstel_demo()
    assert Collegevoorstel.objects.count() == 1
