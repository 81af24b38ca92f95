"""The RIS and archive package: one ZIP per meeting for the griffie, checked against its own
manifest, with MDTO files per document and the meeting in the ODS shapes; only public documents.

The memo and agenda-package PDFs are stand-ins (the renderers are replaced): what matters here
is which stored files go in and what is said about them, not what the PDFs show.
"""

import csv
import hashlib
import io
import json
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import AgendaPackage, AgendaStuk, Treatment
from raadsmemo.meetings.services import meeting_publish
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.memos import publication
from raadsmemo.memos.models import Memo, Purpose
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.workflow import TERUG_NAAR_CONCEPT
from tests.conftest import add_item, client_for, make_meeting, publish_memo

MDTO = "{https://www.nationaalarchief.nl/mdto}"
SECRET_TITLE = "Verkoop grond Suikerunieterrein"
CONCEPT_TITLE = "Nog niet vastgestelde memo"
# The elements of MDTO-XML 1.0.1's informatieobjectType and bestandType, in the schema's order.
INFORMATIEOBJECT_ORDER = [
    "identificatie", "naam", "aggregatieniveau", "classificatie", "trefwoord", "omschrijving",
    "raadpleeglocatie", "dekkingInTijd", "dekkingInRuimte", "taal", "event", "waardering",
    "bewaartermijn", "informatiecategorie", "isOnderdeelVan", "bevatOnderdeel", "heeftRepresentatie",
    "aanvullendeMetagegevens", "gerelateerdInformatieobject", "archiefvormer", "betrokkene",
    "activiteit", "beperkingGebruik",
]  # fmt: skip
INFORMATIEOBJECT_REQUIRED = ["identificatie", "naam", "waardering", "archiefvormer", "beperkingGebruik"]
BESTAND_ORDER = [
    "identificatie",
    "naam",
    "omvang",
    "bestandsformaat",
    "checksum",
    "URLBestand",
    "isRepresentatieVan",
]
BESTAND_REQUIRED = ["identificatie", "naam", "omvang", "bestandsformaat", "checksum", "isRepresentatieVan"]


def use_stand_in_pdfs(monkeypatch) -> None:
    """Memo and package PDFs without WeasyPrint: each differs, so a mix-up would show."""
    monkeypatch.setattr(
        publication,
        "render_memo_pdf",
        lambda context, version=None: b"%PDF-1.7 memo " + context["memo"].title.encode(),
    )
    monkeypatch.setattr(
        agenda_package,
        "render_agenda_package",
        lambda meeting, audience, progress=None: (b"%PDF-1.7 agendapakket " + audience.encode(), 2),
    )


@pytest.fixture
def stand_in_pdfs(monkeypatch):
    use_stand_in_pdfs(monkeypatch)


def make_mixed_meeting(gerda, stapeling_memo, kik_memo):
    """A published beeldvormende sessie: the stapeling memo in two versions, a vertrouwelijk item,
    a vertrouwelijk memo, a concept memo and a hamerstuk; one public and one vertrouwelijk stuk.
    Its public package is built. Call with the stand-in PDFs in place."""
    meeting = make_meeting(published=False)
    memo = publish_memo(stapeling_memo)
    memo = memo_take_step(
        memo=memo, step=TERUG_NAAR_CONCEPT, by=gerda, reason="Spreker erbij", based_on_revision=ANY_REVISION
    )
    memo = publish_memo(memo, reason="Spreker erbij")
    stapeling = add_item(meeting, memo=memo, duration_minutes=60)
    AgendaStuk.objects.create(
        item=stapeling, label="Collegebrief stapeling", url="https://ris.example.org/brief.pdf"
    )
    AgendaStuk.objects.create(
        item=stapeling,
        label="Vertrouwelijke bijlage",
        url="https://ris.example.org/geheim.pdf",
        confidentiality="vertrouwelijk",
    )
    add_item(meeting, memo=publish_memo(kik_memo), confidentiality="vertrouwelijk")
    secret = Memo.objects.create(
        purpose=Purpose.BEELDVORMEND,
        datum=meeting.date,
        title=SECRET_TITLE,
        confidentiality="vertrouwelijk",
        created_by=gerda,
    )
    add_item(meeting, "Grondzaken", memo=publish_memo(secret))
    concept = Memo.objects.create(
        purpose=Purpose.BEELDVORMEND, datum=meeting.date, title=CONCEPT_TITLE, created_by=gerda
    )
    add_item(meeting, "Een concept", memo=concept)
    add_item(meeting, "Rondvraag en sluiting", duration_minutes=5, treatment=Treatment.HAMERSTUK)
    meeting = meeting_publish(meeting=meeting, by=None)
    request_package_builds(meeting.pk)  # as the commit callback does
    return meeting


@pytest.fixture
def ris_meeting(gerda, stapeling_memo, kik_memo, stand_in_pdfs):
    return make_mixed_meeting(gerda, stapeling_memo, kik_memo)


def zip_url(meeting) -> str:
    return reverse("meetings:ris_package", args=[meeting.pk])


def download(meeting, user) -> tuple[bytes, zipfile.ZipFile]:
    response = client_for(user).get(zip_url(meeting))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ris-pakket-2022-01-12-beeldvormende-sessie.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    return response.content, zipfile.ZipFile(io.BytesIO(response.content))


def test_every_file_in_the_zip_matches_its_manifest(ris_meeting, gerda):
    data, archive = download(ris_meeting, gerda)
    assert archive.testzip() is None
    names = archive.namelist()
    manifest = json.loads(archive.read("manifest.json"))
    listed = [row["bestandsnaam"] for row in manifest["bestanden"]]
    assert sorted(listed) == sorted(set(names) - {"manifest.json", "manifest.csv"})
    assert len(names) == len(set(names))  # no name twice
    for row in manifest["bestanden"]:
        content = archive.read(row["bestandsnaam"])
        assert row["omvang"] == len(content)
        assert row["sha256"] == hashlib.sha256(content).hexdigest()
        assert row["titel"] and row["datum"].startswith("20")
    assert manifest["checksumAlgoritme"] == "SHA-256"
    # The CSV says the same, for Excel (semicolons, a BOM).
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")), delimiter=";"))
    assert [(r["bestandsnaam"], r["sha256"], int(r["omvang"])) for r in rows] == [
        (r["bestandsnaam"], r["sha256"], r["omvang"]) for r in manifest["bestanden"]
    ]

    pdfs = sorted(name for name in names if name.endswith(".pdf"))
    assert pdfs == [
        "documenten/00-agendapakket-2022-01-12-beeldvormende-sessie.pdf",
        "documenten/01-v1-2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf",
        "documenten/01-v2-2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf",
    ]
    # The stored files, byte for byte: the public package, both published versions.
    public = AgendaPackage.objects.get(meeting=ris_meeting, audience="public")
    assert archive.read(pdfs[0]) == default_storage.open(public.file.name).read()
    assert archive.read(pdfs[0]).startswith(b"%PDF-1.7 agendapakket public")
    # Only what the public reads: no vertrouwelijk item or memo, no concept, no internal package.
    for name in names:
        content = archive.read(name)
        for hidden in (b"Kansen in kaart", SECRET_TITLE.encode(), CONCEPT_TITLE.encode(), b"internal"):
            assert hidden not in content, f"{hidden!r} in {name}"
        assert b"geheim.pdf" not in content and b"Vertrouwelijke bijlage" not in content


def test_the_same_meeting_gives_the_same_bytes(ris_meeting, gerda):
    first, _ = download(ris_meeting, gerda)
    second, archive = download(ris_meeting, gerda)
    assert first == second
    times = {info.date_time for info in archive.infolist()}
    assert len(times) == 1


def children(element) -> list[str]:
    return [child.tag.removeprefix(MDTO) for child in element]


def in_schema_order(found: list[str], order: list[str]) -> bool:
    positions = [order.index(name) for name in found]
    return positions == sorted(positions)


def test_each_document_has_mdto_files_with_the_required_elements(ris_meeting, gerda):
    _, archive = download(ris_meeting, gerda)
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    for pdf in pdfs:
        stem = pdf.removesuffix(".pdf")
        assert archive.read(f"{stem}.mdto.xml").startswith(
            b"<?xml version='1.0' encoding='utf-8'?>\n<MDTO xmlns=\"https://www.nationaalarchief.nl/mdto\""
        )
        root = ET.fromstring(archive.read(f"{stem}.mdto.xml"))  # well-formed, or this raises
        assert root.tag == f"{MDTO}MDTO"
        (informatieobject,) = root
        assert informatieobject.tag == f"{MDTO}informatieobject"
        found = children(informatieobject)
        assert set(INFORMATIEOBJECT_REQUIRED) <= set(found)
        assert in_schema_order(found, INFORMATIEOBJECT_ORDER), found
        assert informatieobject.findtext(f"{MDTO}waardering/{MDTO}begripCode") == "B"
        assert informatieobject.findtext(f"{MDTO}aggregatieniveau/{MDTO}begripLabel") == "Archiefstuk"
        archiefvormer = informatieobject.find(f"{MDTO}archiefvormer")
        assert archiefvormer.findtext(f"{MDTO}verwijzingNaam") == "gemeente Groningen"
        assert archiefvormer.findtext(f"{MDTO}verwijzingIdentificatie/{MDTO}identificatieKenmerk") == (
            "https://identifier.overheid.nl/tooi/id/gemeente/gm0014"
        )

        bestand_root = ET.fromstring(archive.read(f"{stem}.bestand.mdto.xml"))
        (bestand,) = bestand_root
        assert bestand.tag == f"{MDTO}bestand"
        found = children(bestand)
        assert set(BESTAND_REQUIRED) <= set(found) and in_schema_order(found, BESTAND_ORDER), found
        content = archive.read(pdf)
        assert bestand.findtext(f"{MDTO}naam") == pdf.rsplit("/", 1)[-1]
        assert bestand.findtext(f"{MDTO}omvang") == str(len(content))
        assert bestand.findtext(f"{MDTO}checksum/{MDTO}checksumAlgoritme/{MDTO}begripLabel") == "SHA-256"
        assert bestand.findtext(f"{MDTO}checksum/{MDTO}checksumWaarde") == hashlib.sha256(content).hexdigest()
        assert bestand.findtext(f"{MDTO}bestandsformaat/{MDTO}begripCode") == "fmt/276"  # PDF 1.7
        assert bestand.findtext(f"{MDTO}URLBestand").startswith("http://testserver/")
        # The bestand points back to its informatieobject.
        assert bestand.findtext(
            f"{MDTO}isRepresentatieVan/{MDTO}verwijzingIdentificatie/{MDTO}identificatieKenmerk"
        ) == (informatieobject.findtext(f"{MDTO}identificatie/{MDTO}identificatieKenmerk"))


def test_metadata_describes_the_meeting_in_ods_shapes(ris_meeting, gerda):
    _, archive = download(ris_meeting, gerda)
    metadata = json.loads(archive.read("metadata.json"))
    vergadering = metadata["vergadering"]
    assert vergadering["id"] == str(ris_meeting.pk)
    assert vergadering["vergaderingstype"] == "commissievergadering"
    assert vergadering["status"] == "gepland"
    assert vergadering["organisatie"] == {"gemeente": "gm0014"}
    assert vergadering["wooInformatiecategorie"] == "c_db4862c3"
    assert vergadering["geplandeAanvangVergadering"] == "2022-01-12T10:30:00+01:00"
    # The public items, with the numbers of the whole agenda (item 2 is vertrouwelijk).
    titles = [(p["agendapuntvolgnummer"], p["agendapuntTitel"]) for p in metadata["agendapunten"]]
    assert titles == [
        ("1", "Voortgang stapelings- en doorbraakproject"),
        ("3", "Grondzaken"),
        ("4", "Een concept"),
        ("5", "Rondvraag en sluiting"),
    ]
    assert [p["indicatieHamerstuk"] for p in metadata["agendapunten"]] == [False, False, False, True]
    assert len(vergadering["agendapunten"]) == 4
    objecten = {o["id"]: o for o in metadata["informatieobjecten"]}
    memo_ids = [key for key in objecten if key.startswith("memo-")]
    assert len(memo_ids) == 2 and {objecten[k]["versie"] for k in memo_ids} == {"1", "2"}
    stukken = [o for o in objecten.values() if o["id"].startswith("stuk-")]
    assert [(s["titel"], s["formaat"]) for s in stukken] == [("Collegebrief stapeling", "application/pdf")]
    for informatieobject in objecten.values():
        assert {"id", "url", "formaat"} <= set(informatieobject)  # required by ODS
        assert informatieobject["vertrouwelijkheidsaanduiding"] == "openbaar"
    # Every stored document is a file in the ZIP with that checksum.
    bestanden = metadata["bestanden"]
    assert {b["informatieobject"] for b in bestanden} == {f"agendapakket-{ris_meeting.pk}", *memo_ids}
    for bestand in bestanden:
        content = archive.read(bestand["bestandsnaam"])
        assert hashlib.sha256(content).hexdigest() == bestand["sha256"]


def test_a_package_not_built_yet_is_said_in_dutch_not_zipped(gerda, stapeling_memo, stand_in_pdfs):
    meeting = make_meeting()  # published in the test's transaction: no package is built yet
    add_item(meeting, memo=publish_memo(stapeling_memo))
    response = client_for(gerda).get(zip_url(meeting))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Het RIS-pakket is nog niet klaar</h1>' in page
    assert "Het openbare agendapakket van deze vergadering wordt nog gemaakt." in page


def test_a_besloten_or_unpublished_meeting_has_no_ris_package(gerda):
    for meeting in (make_meeting(is_public=False), make_meeting(published=False)):
        response = client_for(gerda).get(zip_url(meeting))
        assert response.status_code == 409
        assert "niet gepubliceerd of niet openbaar" in response.content.decode()
        assert "Deze vergadering heeft geen RIS-pakket" in response.content.decode()


def test_a_damaged_stored_file_is_refused(ris_meeting, gerda):
    version = ris_meeting.items.first().memo.current_version
    with default_storage.open(version.pdf_name, "wb") as f:
        f.write(b"%PDF-1.7 overwritten")
    response = client_for(gerda).get(zip_url(ris_meeting))
    assert response.status_code == 409
    assert "klopt niet met zijn controlegetal (SHA-256)" in response.content.decode()
    assert "Het RIS-pakket kan niet worden gemaakt" in response.content.decode()


def test_only_the_griffie_downloads_it(client, ris_meeting, rik, age):
    url = zip_url(ris_meeting)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(rik).get(url).status_code == 403
    assert client_for(age).get(url).status_code == 403
    assert client_for(rik).post(url).status_code == 405


def test_an_unknown_meeting_is_404(gerda, db):
    assert client_for(gerda).get(reverse("meetings:ris_package", args=[99999])).status_code == 404


def test_the_meeting_page_offers_the_zip_to_the_griffie_only(client, ris_meeting, gerda, age):
    link = f'href="{zip_url(ris_meeting)}"'
    assert link in client_for(gerda).get(ris_meeting.get_absolute_url()).content.decode()
    assert link not in client_for(age).get(ris_meeting.get_absolute_url()).content.decode()
    assert link not in client.get(ris_meeting.get_absolute_url()).content.decode()
