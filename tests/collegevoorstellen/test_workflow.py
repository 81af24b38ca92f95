"""The collegevoorstel goes through the memo's machinery: a workflow of steps (one URL each), frozen
versions in storage that residents read, a concept marked on the page, in the preview and on every
PDF page, and a geheim one that only the griffie and the people named on it ever see."""

import datetime as dt
import hashlib
import io

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo, publish_collegevoorstel_demo
from raadsmemo.collegevoorstellen.forms import FIELDSETS, CollegevoorstelForm
from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelVersion
from raadsmemo.versions import FrozenVersionError
from tests.collegevoorstellen.test_collegevoorstellen import form_data
from tests.conftest import client_for


def pages_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def step(client, cv, name: str, **data):
    cv.refresh_from_db()
    return client.post(reverse(f"collegevoorstellen:{name}", args=[cv.pk]), {"revision": cv.revision, **data})


@pytest.fixture
def cv(db):
    return load_collegevoorstel_demo()


@pytest.fixture
def geheim(db):
    return Collegevoorstel.objects.create(
        zaak="Grondaankoop Oosterhout-Noord",
        datum=dt.date(2021, 4, 1),
        auteur="Zoë Ødegård",
        onderwerp="Aankoop perceel Łódźweg",
        voorstel="Het perceel te kopen.",
        confidentiality="geheim",
    )


def test_the_griffie_walks_it_to_a_published_version_that_anyone_reads(client, griffie_client, gerda, cv):
    assert step(griffie_client, cv, "aanbieden").status_code == 302
    assert step(griffie_client, cv, "vaststellen").status_code == 302
    # Not published yet: a resident finds nothing, and the page says "concept".
    assert client.get(cv.get_absolute_url())["Location"].startswith(reverse("login"))
    page = griffie_client.get(cv.get_absolute_url()).content.decode()
    assert "Concept (vastgesteld): niet gepubliceerd" in page
    response = step(griffie_client, cv, "publiceren")
    assert response.status_code == 302
    cv.refresh_from_db()
    version = cv.current_version
    assert cv.status == "gepubliceerd" and version.number == 1 and version.published_by == gerda
    # The three stored files are what their checksums say.
    for name, checksum in [
        (version.pdf_name, version.pdf_sha256),
        (version.html_name, version.html_sha256),
        (version.json_name, version.json_sha256),
    ]:
        with default_storage.open(name, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == checksum
    # A resident is sent from the collegevoorstel to the version, reads it, and downloads the PDF.
    assert client.get(cv.get_absolute_url())["Location"] == version.get_absolute_url()
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Versie 1" in page and "Informatie wijkgericht werken" in page and "Concept" not in page
    pdf = client.get(version.get_pdf_url())
    assert pdf.status_code == 200 and "public" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    steps = [t.name for t in cv.transitions.all()]
    assert steps == ["aanbieden", "vaststellen", "publiceren"]


def test_a_concept_says_so_on_every_pdf_page_and_a_version_does_not(griffie_client, gerda, cv):
    cv.aanleiding = "Een lange aanleiding. " * 400  # several pages
    cv.save()
    concept = pages_text(griffie_client.get(reverse("collegevoorstellen:pdf", args=[cv.pk])).content)
    assert len(concept) > 2
    assert all("CONCEPT — niet gepubliceerd" in page for page in concept)  # the head of each page
    assert concept[0].startswith("CONCEPT: NIET GEPUBLICEERD")  # and the body's own mark (uppercase by CSS)
    cv = publish_collegevoorstel_demo(cv, by=gerda)
    with default_storage.open(cv.current_version.pdf_name, "rb") as f:
        published = pages_text(f.read())
    assert "Versie 1, gepubliceerd op" in published[0]
    assert not any("CONCEPT" in page for page in published)


def test_a_published_version_never_changes_and_a_new_one_needs_a_reason(client, griffie_client, gerda, cv):
    cv = publish_collegevoorstel_demo(cv, by=gerda)
    first = cv.current_version
    with default_storage.open(first.pdf_name, "rb") as f:
        first_pdf = f.read()
    # Editing waits until it is a concept again, which needs a reason.
    edit = griffie_client.get(reverse("collegevoorstellen:edit", args=[cv.pk]), follow=True)
    assert "wordt daarom niet bewerkt" in edit.content.decode()
    refused = step(griffie_client, cv, "terug_naar_concept", reason="  ")
    assert refused.status_code == 409 and "Geef een reden op." in refused.content.decode()
    assert step(griffie_client, cv, "terug_naar_concept", reason="Bedrag gecorrigeerd").status_code == 302
    cv.refresh_from_db()
    url = reverse("collegevoorstellen:edit", args=[cv.pk])
    saved = griffie_client.post(
        url, form_data(kosten="Het kost € 12.500.", revision=cv.revision, confidentiality="openbaar")
    )
    assert saved.status_code == 302
    # Readers keep version 1 until version 2 is published.
    assert "€ 12.500" not in client.get(first.get_absolute_url()).content.decode()
    step(griffie_client, cv, "aanbieden")
    step(griffie_client, cv, "vaststellen")
    page = griffie_client.get(cv.get_absolute_url()).content.decode()
    assert "Bedrag gecorrigeerd" in page  # offered as the new version's reason
    assert step(griffie_client, cv, "publiceren", reason="").status_code == 409
    assert step(griffie_client, cv, "publiceren", reason="Bedrag gecorrigeerd").status_code == 302
    cv.refresh_from_db()
    second = cv.current_version
    assert second.number == 2 and second.reason == "Bedrag gecorrigeerd"
    page = client.get(second.get_absolute_url()).content.decode()
    assert "€ 12.500" in page and "Gewijzigd op" in page and "Bedrag gecorrigeerd" in page
    old = client.get(first.get_absolute_url()).content.decode()
    assert "Er is een nieuwere versie" in old and "€ 12.500" not in old
    with default_storage.open(first.pdf_name, "rb") as f:
        assert f.read() == first_pdf


def test_a_version_row_is_append_only(gerda, cv):
    version = publish_collegevoorstel_demo(cv, by=gerda).current_version
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        CollegevoorstelVersion.objects.filter(pk=version.pk).update(reason="anders")
    table = CollegevoorstelVersion._meta.db_table
    for sql in (f"UPDATE {table} SET reason = 'anders'", f"DELETE FROM {table}"):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert CollegevoorstelVersion.objects.get(pk=version.pk).reason == ""


def test_a_step_from_a_stale_page_or_the_wrong_status_is_refused(griffie_client, cv):
    url = reverse("collegevoorstellen:aanbieden", args=[cv.pk])
    stale = griffie_client.post(url, {"revision": cv.revision + 5})
    assert stale.status_code == 409 and "intussen gewijzigd" in stale.content.decode()
    wrong = step(griffie_client, cv, "publiceren")
    assert wrong.status_code == 409
    assert "Alleen een vastgesteld collegevoorstel kan worden gepubliceerd." in wrong.content.decode()
    nonsense = griffie_client.post(url, {"revision": "drie", "reason": "x" * 3000})
    assert nonsense.status_code == 400
    cv.refresh_from_db()
    assert cv.status == "concept" and not cv.transitions.exists()


def test_only_the_griffie_takes_steps(client, age, rik, cv):
    for user in (age, rik):
        assert step(client_for(user), cv, "aanbieden").status_code == 403
    assert step(client, cv, "aanbieden")["Location"].startswith(reverse("login"))
    cv.refresh_from_db()
    assert cv.status == "concept"


def test_a_geheim_one_is_never_published(griffie_client, geheim):
    step(griffie_client, geheim, "aanbieden")
    step(griffie_client, geheim, "vaststellen")
    page = griffie_client.get(geheim.get_absolute_url()).content.decode()
    assert "Een geheim collegevoorstel wordt niet gepubliceerd" in page
    assert reverse("collegevoorstellen:publiceren", args=[geheim.pk]) not in page
    refused = step(griffie_client, geheim, "publiceren")
    assert refused.status_code == 409
    geheim.refresh_from_db()
    assert geheim.status == "vastgesteld" and not geheim.versions.exists()


def test_named_readers_read_a_geheim_one_and_nobody_else_does(client, griffie_client, age, rik, geheim):
    other = client_for(age)
    url = reverse("collegevoorstellen:edit", args=[geheim.pk])
    data = form_data(
        zaak=geheim.zaak, onderwerp=geheim.onderwerp, confidentiality="geheim", revision=geheim.revision
    )
    assert griffie_client.post(url, {**data, "secret_readers": [rik.pk]}).status_code == 302
    rik_client = client_for(rik)
    page = rik_client.get(geheim.get_absolute_url())
    assert page.status_code == 200 and "Informatie wijkgericht werken" not in page.content.decode()
    assert rik_client.get(reverse("collegevoorstellen:pdf", args=[geheim.pk])).status_code == 200
    assert rik_client.get(reverse("collegevoorstellen:edit", args=[geheim.pk])).status_code == 403
    assert other.get(geheim.get_absolute_url()).status_code == 404
    assert geheim.onderwerp not in other.get(reverse("collegevoorstellen:list")).content.decode()
    assert client.get(geheim.get_absolute_url())["Location"].startswith(reverse("login"))
    # Made openbaar, nobody is named any more: the roles read it.
    geheim.refresh_from_db()
    data.update(confidentiality="openbaar", revision=geheim.revision, secret_readers=[rik.pk])
    assert griffie_client.post(url, data).status_code == 302
    assert not geheim.secret_readers.exists()
    assert rik_client.get(geheim.get_absolute_url()).status_code == 403


def test_a_published_one_made_geheim_disappears_from_the_public(client, griffie_client, gerda, cv):
    cv = publish_collegevoorstel_demo(cv, by=gerda)
    version = cv.current_version
    step(griffie_client, cv, "terug_naar_concept", reason="Er blijkt een geheime bijlage te zijn")
    cv.refresh_from_db()
    url = reverse("collegevoorstellen:edit", args=[cv.pk])
    assert (
        griffie_client.post(url, form_data(confidentiality="geheim", revision=cv.revision)).status_code == 302
    )
    for address in (cv.get_absolute_url(), version.get_absolute_url(), version.get_pdf_url()):
        response = client.get(address)
        assert response.status_code in (302, 404)
        assert not (response.status_code == 302 and "versie" in response["Location"])


def test_the_live_preview_shows_what_is_typed_and_leaves_out_nonsense(griffie_client, rik):
    url = reverse("collegevoorstellen:preview")
    data = form_data(onderwerp="Wijkaanpak Šiauliai–Kraków", datum="31-02-2021", voorstel="1. Eén\n2. Twee")
    page = griffie_client.post(url, data).content.decode()
    assert "Wijkaanpak Šiauliai–Kraków" in page and "<li>Eén</li>" in page
    assert "Concept" in page and "31-02-2021" not in page
    assert client_for(rik).post(url, data).status_code == 403
    assert griffie_client.get(url).status_code == 405


def test_the_form_page_has_the_preview_and_every_field_in_a_fieldset(griffie_client):
    page = griffie_client.get(reverse("collegevoorstellen:create")).content.decode()
    assert reverse("collegevoorstellen:preview") in page
    for legend in (
        "Kop",
        "Bijlagen",
        "Behandeling in / door, regel 1",
        "Geheimhouding, regel 2",
        "Het voorstel",
    ):
        assert f'<legend class="utrecht-form-fieldset__legend">{legend}</legend>' in page
    in_fieldsets = [name for _, names in FIELDSETS for name in names]
    assert sorted(in_fieldsets) == sorted(CollegevoorstelForm.Meta.fields)
