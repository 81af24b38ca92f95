"""The memo PDF: seed text in seed order, metadata, language, tags, and a renderer that
fetches nothing but our own static files."""

import io
import socket

import pikepdf
import pypdf
import pytest
from django.urls import reverse

from raadsmemo.memos.models import Memo
from raadsmemo.memos.rendering import memo_context_from_memo, render_memo_pdf


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def in_order(text: str, parts: list[str]) -> None:
    start = 0
    for part in parts:
        found = text.find(part, start)
        assert found >= 0, f"{part!r} not found after position {start}"
        start = found + len(part)


@pytest.fixture
def kik_pdf(griffie_client, kik_memo):
    response = griffie_client.get(reverse("memos:pdf", args=[kik_memo.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_pdf_download_has_a_dated_file_name(kik_pdf, stapeling_memo, griffie_client):
    assert kik_pdf["Content-Type"] == "application/pdf"
    assert kik_pdf["Content-Disposition"] == (
        'attachment; filename="2021-03-03-voorbereidingsmemo-kansen-in-kaart-kik-een-nieuwe-fase.pdf"'
    )
    response = griffie_client.get(reverse("memos:pdf", args=[stapeling_memo.pk]))
    assert (
        'filename="2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf"'
        in response["Content-Disposition"]
    )


@pytest.mark.django_db
def test_pdf_text_holds_every_field_of_the_meningsvormend_seed_in_order(kik_pdf):
    text = " ".join(pdf_text(kik_pdf.content).split())
    in_order(
        text,
        [
            "Voorbereidingsmemo",
            "meningsvormend",
            "Aan:",
            "Raad",
            "Van:",
            "Agendacommissie",
            "Datum:",
            "3 maart 2021",
            "Betreft",
            "X Collegebrief",
            "Titel en datum van het stuk (+ link):",
            "Kansen in kaart (KIK) – een nieuwe fase",
            "Kansen in kaart (KIK) een nieuwe fase",
            "Bijlage - rapport Kansen in kaart",
            "Ambtelijke contactgegevens voor technische vragen:",
            "E.F. Wams / 050 367 5764",
            "Korte samenvatting:",
            "In deze brief informeert het college u over de nieuwe fase binnen KIK",
            "Onderzoek KIK (IOS)",
            "haar bijstandsgerechtigden.",
            "Vermeld op LTA?",
            "X Ja, item nr 2019-300",
            "Deadline?",
            "X Nee",
            "Doel van de activiteit",
            "X Meningsvormend",
            "Advies + argumentatie (i.g.v. meningsvormend):",
            "X discussie",
            "Wijze van behandeling (vorm) en uitkomst activiteit",
            "De sessie is bedoeld voor het uitwisselen",
            "Omdat het een collegebrief betreft gaat het niet naar de besluitvormende fase.",
            "Bespreking in één ronde. In geval van spreektijden, maximaal 3 minuten per fractie, college maximaal 12 minuten.",
            "Nadere informatie",
            "Onderzoek KIK (IOS)",
        ],
    )
    assert "Pagina 1 van" in text


@pytest.mark.django_db
def test_pdf_text_holds_the_beeldvormend_programme(griffie_client, stapeling_memo):
    response = griffie_client.get(reverse("memos:pdf", args=[stapeling_memo.pk]))
    text = " ".join(pdf_text(response.content).split())
    in_order(
        text,
        [
            "beeldvormend",
            "12 januari 2022",
            "X Agendaverzoek",
            "X College",
            "Voortgang stapelings- en doorbraakproject",
            "Annet Visser (beleidsadviseur) / 050 – 367 7029 / annet.visser@groningen.nl",
            "Hessel Luxen (bestuursadviseur) / 050 – 367 4261 / hessel.luxen@groningen.nl",
            "Op de LTA stond oorspronkelijk",
            "Programma",
            "10:30 – 10:35 introductie door wethouders Diks en Jongman",
            "10:55 – 11:15 Presentatie resultaten en borging werkwijze project stapeling sociaal domein door Annet Visser en Joyce Bosman",
            "11:35 – 12:00 Ruimte voor vragen / gesprek",
            "Vermeld op LTA?",
            "X Nee",
            "Deadline?",
            "X Nee",
            "Doel van de activiteit",
            "X Beeldvormend",
            "Wijze van behandeling",
            "Tijdens de beeldvormende fase geven raadsleden niet of slechts heel voorlopig",
        ],
    )


@pytest.mark.django_db
def test_pdf_metadata_language_tags_bookmarks_and_links(kik_pdf):
    pdf = pikepdf.open(io.BytesIO(kik_pdf.content))
    assert str(pdf.Root.Lang) == "nl"
    assert pdf.Root.MarkInfo.Marked
    assert "/StructTreeRoot" in pdf.Root
    info = pdf.docinfo
    assert str(info.Title) == "Voorbereidingsmemo meningsvormend: Kansen in kaart (KIK) – een nieuwe fase"
    assert str(info.Author) == "Agendacommissie"
    assert "Voorbereidingsmemo aan Raad van 3 maart 2021" in str(info.Subject)
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root] + [
            c.title for item in outline.root for c in item.children
        ]
    assert "Voorbereidingsmemo" in titles
    assert "Korte samenvatting:" in titles and "Nadere informatie" in titles
    uris = [str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/A" in a]
    assert "https://gemeenteraad.groningen.nl/Documenten/Bijlage-rapport-Kansen-in-kaart.pdf" in uris
    fonts = {str(f.BaseFont).split("+")[-1] for page in pdf.pages for _, f in page.obj.Resources.Font.items()}
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts), fonts


@pytest.mark.django_db
def test_pdf_passes_the_accessibility_check(kik_pdf, tmp_path):
    from tests.publishing import pdfcheck

    path = tmp_path / "memo.pdf"
    path.write_bytes(kik_pdf.content)
    result = pdfcheck.check(str(path))
    assert result["failures"] == []
    assert result["untagged_text_ops"] == 0 and result["orphan_mcids"] == 0


@pytest.mark.django_db
def test_hostile_memo_text_fetches_nothing(stapeling_memo, monkeypatch, tmp_path):
    """Links to or embeds of file:///etc/passwd or http://127.0.0.1:1/ never reach the renderer's fetcher."""
    stapeling_memo.samenvatting = (
        '<img src="file:///etc/passwd"> <img src="http://127.0.0.1:1/x.png">'
        '<link rel="stylesheet" href="http://127.0.0.1:1/evil.css">'
        "<style>@import url(file:///etc/passwd); body { background: url(http://127.0.0.1:1/bg.png) }</style>"
        "[lokaal bestand](file:///etc/passwd) en [poort 1](http://127.0.0.1:1/)"
    )
    stapeling_memo.save()
    opened = []
    real_connect = socket.socket.connect

    def no_network(self, address):
        opened.append(address)
        raise OSError("network access during PDF rendering")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    memo = Memo.objects.with_rows().get(pk=stapeling_memo.pk)
    data = render_memo_pdf(memo_context_from_memo(memo))
    monkeypatch.setattr(socket.socket, "connect", real_connect)
    assert opened == []
    text = pdf_text(data)
    assert "root:" not in text  # /etc/passwd did not end up in the PDF
    assert "poort 1" in text
    pdf = pikepdf.open(io.BytesIO(data))
    uris = [str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/A" in a]
    assert not any(u.startswith("file:") for u in uris)


def test_fetcher_refuses_everything_but_static_files():
    from raadsmemo.publishing.pdf import RefusedURL, StaticFilesOnlyFetcher

    fetcher = StaticFilesOnlyFetcher()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:1/",
        "https://example.org/x.css",
        "file:///static/../etc/passwd",
        "file:///static/css/../../../../etc/passwd",
        "file://evil.example/static/css/print.css",
        "data:text/css,body{}",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    response = fetcher.fetch("file:///static/css/print.css")
    assert b"@page" in response.read()
