"""The tags of every PDF, walked as a screen reader and a PDF/UA validator walk them: heading
order, header cells with /Scope, lists made of LI › Lbl/LBody, links described by their label,
and the language in the XMP."""

import datetime as dt
import io

import pikepdf
import pypdf
import pytest
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.meetings.package import render_agenda_package
from raadsmemo.memos.models import Memo
from raadsmemo.memos.rendering import memo_context_from_memo, render_memo_pdf
from tests.conftest import add_item, make_meeting
from tests.publishing.structure import Node, structure_tree


def headings(tree: Node) -> list[tuple[int, str]]:
    return [
        (int(node.tag[1]), node.all_text())
        for node in tree.walk()
        if node.tag in {f"H{i}" for i in range(1, 7)}
    ]


def assert_well_formed(tree: Node) -> None:
    """What PDF/UA asks of the elements our documents use."""
    levels = [level for level, _ in headings(tree)]
    assert levels and levels[0] == 1, tree.outline()
    assert levels.count(1) == 1, "one H1 per document"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level skips from H{before} to H{after}"
    for node in tree.walk():
        if node.tag == "L":
            assert {kid.tag for kid in node.kids} <= {"LI", "Caption", "L"}, node.outline()
        if node.tag == "LI":
            assert {kid.tag for kid in node.kids} <= {"Lbl", "LBody"}, node.outline()
        if node.tag == "TH":
            assert node.attributes.get("Scope") in ("Row", "Column", "Both"), node.attributes
        if node.tag == "TR":
            assert {kid.tag for kid in node.kids} <= {"TH", "TD"}, node.outline()


def link_descriptions(data: bytes) -> list[tuple[str, str]]:
    """(URI or destination, /Contents) of every link annotation."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        links = []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == pikepdf.Name.Link:
                    target = str(annot.A.URI) if "/A" in annot else str(annot.get("/Dest", ""))
                    links.append((target, str(annot.Contents)))
        return links


def xmp(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.Root.Metadata.read_bytes().decode()


@pytest.mark.django_db
def test_memo_pdf_tags_aan_van_datum_and_programme_as_tables_with_row_headers(stapeling_memo):
    memo = Memo.objects.with_rows().get(pk=stapeling_memo.pk)
    data = render_memo_pdf(memo_context_from_memo(memo))
    tree = structure_tree(data)
    assert_well_formed(tree)
    assert [h for h in headings(tree) if h[0] == 1] == [(1, "·")]
    tables = tree.find("Table")
    assert len(tables) == 2  # Aan/Van/Datum, and the programme
    meta, programme = tables
    assert [len(row.kids) for row in meta.find("TR")] == [2, 2, 2]
    assert all(th.attributes["Scope"] == "Row" for th in meta.find("TH"))
    assert len(programme.find("TR")) == 5 and len(programme.find("TH")) == 5
    assert all(th.attributes["Scope"] == "Row" for th in programme.find("TH"))
    # Each data cell points at its row header, so "Aan:" is read out with "Raad".
    assert all(td.attributes.get("Headers") for td in meta.find("TD"))
    assert not [n for n in tree.walk() if n.tag == "L" and any(k.tag == "Div" for k in n.kids)]


@pytest.mark.django_db
def test_memo_pdf_links_are_described_by_their_label_and_xmp_has_the_language(kik_memo, griffie_client):
    data = griffie_client.get(reverse("memos:pdf", args=[kik_memo.pk])).content
    links = dict(link_descriptions(data))
    assert (
        links["https://gemeenteraad.groningen.nl/Documenten/Bijlage-rapport-Kansen-in-kaart.pdf"]
        == "Bijlage - rapport Kansen in kaart"
    )
    assert all(not contents.startswith(("http", "mailto")) for _, contents in link_descriptions(data))
    assert "<dc:language><rdf:Bag><rdf:li>nl</rdf:li></rdf:Bag></dc:language>" in xmp(data)
    assert_well_formed(structure_tree(data))


@pytest.fixture
def package_meeting(stapeling_memo, kik_memo):
    meeting = make_meeting(title="Beeldvormende sessie Werk en inkomen")
    add_item(meeting, "Opening", 5)
    add_item(meeting, "Stapeling en doorbraak", 60, memo=stapeling_memo)
    # A long memo, so that it runs on over more pages than its first.
    kik_memo.samenvatting = "\n\n".join(["Een alinea over de nieuwe fase van KIK. " * 12] * 12)
    kik_memo.save()
    add_item(meeting, "Kansen in kaart", 45, memo=kik_memo)
    return meeting


@pytest.mark.django_db
def test_agenda_package_has_one_h1_h2_per_item_and_memo_headings_a_level_down(package_meeting):
    data, _pages = render_agenda_package(package_meeting, "internal")
    tree = structure_tree(data)
    assert_well_formed(tree)
    levels = [level for level, _ in headings(tree)]
    assert levels.count(1) == 1
    # The agenda, then one H2 per item; each memo's title an H3 with its sections as H4.
    assert levels.count(2) == 1 + 3
    assert levels.count(3) == 2
    assert levels.count(4) > 10
    cover_facts, agenda = tree.find("Table")[:2]
    assert {th.attributes["Scope"] for th in cover_facts.find("TH")} == {"Row"}
    assert [th.attributes["Scope"] for th in agenda.find("TH")] == ["Column"] * 5
    # The page numbers of the agenda are links without text: their title describes them.
    assert ("item-2", "Naar agendapunt 2") in link_descriptions(data)
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == [
            "Agenda",
            "1. Opening",
            "2. Stapeling en doorbraak",
            "3. Kansen in kaart",
        ]


@pytest.mark.django_db
def test_agenda_package_running_header_names_the_item_of_the_page(package_meeting):
    data, page_count = render_agenda_package(package_meeting, "internal")
    reader = pypdf.PdfReader(io.BytesIO(data))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    # The page on which an item starts, and every page it continues on, name that item.
    # (pypdf reads the margin boxes last: the running head, then the page number.)
    current = None
    seen = []
    for number, text in enumerate(texts[1:], start=2):
        for title in ("2. Stapeling en doorbraak", "3. Kansen in kaart"):
            if f"uur · bespreekstuk {title}" in text:
                current = title
        assert current and f"{current} Pagina {number} van" in text, (current, text[-120:])
        seen.append(current)
    assert seen.count("3. Kansen in kaart") >= 2, "the long memo continues on a second page"
    assert page_count == len(texts)


@pytest.mark.django_db
def test_lijst_pdf_headings(client):
    item = LtaItem(number="2026-1", kind=Kind.TOEZEGGING, title="Brief over de Oosterpoort")
    item.deadline = dt.date(2026, 12, 1)
    item.save()
    item.updates.create(date=dt.date(2026, 11, 2), text="Het college schrijft de brief.")
    data = client.get(reverse("lta:lijst_pdf") + "?datum=2026-12-16").content
    tree = structure_tree(data)
    assert_well_formed(tree)
    assert [level for level, _ in headings(tree)] == [1, 2, 3]
    assert "<dc:language>" in xmp(data)


@pytest.mark.django_db
def test_page_numbers_are_pagination_artifacts_in_a_file_that_needs_no_repair(kik_memo, griffie_client):
    """The finishing happens on WeasyPrint's objects and the /ID is written into the finished
    file: qpdf reads it without recovering anything, and "Pagina x van y" is an artifact."""
    data = griffie_client.get(reverse("memos:pdf", args=[kik_memo.pk])).content
    with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
        assert [len(bytes(part)) for part in pdf.trailer.ID] == [16, 16]
        for number, page in enumerate(pdf.pages, start=1):
            artifacts, inside = [], None
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC" and operands[0] == pikepdf.Name.Artifact:
                    inside = operands[1]
                elif name == "EMC":
                    inside = None
                elif name == "TJ" and inside is not None:
                    artifacts.append(inside)  # text drawn as an artifact
            assert artifacts and all(a.get("/Type") == pikepdf.Name.Pagination for a in artifacts)
            assert (
                f"Pagina {number} van {len(pdf.pages)}"
                in pypdf.PdfReader(io.BytesIO(data)).pages[number - 1].extract_text()
            )
