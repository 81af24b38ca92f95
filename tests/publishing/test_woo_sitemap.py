"""Findable by the Woo-index: robots.txt names the sitemap index, the sitemaps list every public
document with its DiWoo metadata, and never a concept, vertrouwelijk or geheim one."""

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from raadsmemo.collegevoorstellen import publication as collegevoorstel_publication
from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo, publish_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.meetings.models import AgendaStuk
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.memos.models import Memo, Purpose
from raadsmemo.publishing import woo
from tests.conftest import add_item, make_meeting, publish_memo
from tests.meetings.test_ris_package import CONCEPT_TITLE, SECRET_TITLE, make_mixed_meeting, use_stand_in_pdfs

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DW = "{https://standaarden.overheid.nl/diwoo/metadata/}"
INDEX_URL = "/sitemaps/sitemapindex-diwoo-infocat008.xml"
CLOSED_TITLE = "Memo van een besloten vergadering"


@pytest.fixture
def published_world(gerda, stapeling_memo, kik_memo, monkeypatch):
    """The mixed meeting of the RIS package tests, a besloten meeting with a published memo, an
    http link, and collegevoorstellen: one published, one geheim, one concept."""
    use_stand_in_pdfs(monkeypatch)
    monkeypatch.setattr(
        collegevoorstel_publication, "render_collegevoorstel_pdf", lambda cv, version=None: b"%PDF-1.7 cv"
    )
    meeting = make_mixed_meeting(gerda, stapeling_memo, kik_memo)
    AgendaStuk.objects.create(item=meeting.items.first(), label="Oude link", url="http://ris.example.org/oud")
    closed = make_meeting(is_public=False, title="Besloten sessie", date=dt.date(2022, 2, 2))
    memo = Memo.objects.create(
        purpose=Purpose.BEELDVORMEND, datum=closed.date, title=CLOSED_TITLE, created_by=gerda
    )
    add_item(closed, memo=publish_memo(memo))
    published = publish_collegevoorstel_demo(load_collegevoorstel_demo(), by=gerda)
    Collegevoorstel.objects.create(
        zaak="Z", datum=dt.date(2021, 3, 1), auteur="A", onderwerp="Geheim voorstel", voorstel="Ja.",
        confidentiality="geheim",
    )  # fmt: skip
    Collegevoorstel.objects.create(
        zaak="Z", datum=dt.date(2021, 3, 1), auteur="A", onderwerp="Concept", voorstel="Ja."
    )
    return meeting, published


def all_urls(client) -> tuple[list[ET.Element], bytes]:
    """Every <url> of every sitemap the index lists, and all the XML read."""
    index = client.get(INDEX_URL)
    assert index.status_code == 200 and index["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(index.content)  # well-formed, or this raises
    assert root.tag == f"{SM}sitemapindex"
    urls, everything = [], index.content
    for loc in root.iter(f"{SM}loc"):
        response = client.get(loc.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        sitemap = ET.fromstring(response.content)
        assert sitemap.tag == f"{SM}urlset"
        urls += list(sitemap.iter(f"{SM}url"))
        everything += response.content
    return urls, everything


def test_robots_txt_names_the_sitemap_index(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: http://testserver{INDEX_URL}" in response.content.decode().splitlines()
    assert "User-agent: *" in response.content.decode()


def test_the_sitemaps_list_every_public_document_and_nothing_else(client, published_world):
    meeting, collegevoorstel = published_world
    urls, everything = all_urls(client)
    # The sitemap namespace is the default one, DiWoo's has its prefix.
    assert b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in everything
    assert b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in everything
    assert b"<diwoo:Document>" in everything
    locs = sorted(url.findtext(f"{SM}loc") for url in urls)
    memo = meeting.items.first().memo
    assert locs == sorted(
        [
            f"http://testserver{reverse('memos:version_pdf', args=[memo.pk, 1])}",
            f"http://testserver{reverse('memos:version_pdf', args=[memo.pk, 2])}",
            f"http://testserver{reverse('meetings:package_pdf', args=[meeting.pk])}",
            "https://ris.example.org/brief.pdf",
            f"http://testserver{reverse('collegevoorstellen:version_pdf', args=[collegevoorstel.pk, 1])}",
        ]
    )
    for hidden in (b"Kansen in kaart", SECRET_TITLE.encode(), CONCEPT_TITLE.encode(), CLOSED_TITLE.encode()):
        assert hidden not in everything
    for hidden in (b"geheim.pdf", b"Geheim voorstel", b"http://ris.example.org/oud", b"intern"):
        assert hidden not in everything
    # Every address listed answers an anonymous visitor (the external stuk aside).
    for loc in locs:
        if loc.startswith("http://testserver"):
            assert client.get(loc.removeprefix("http://testserver")).status_code == 200, loc


def test_each_document_carries_its_diwoo_metadata(client, published_world):
    meeting, _ = published_world
    urls, _ = all_urls(client)
    memo = meeting.items.first().memo
    by_loc = {url.findtext(f"{SM}loc"): url for url in urls}
    url = by_loc[f"http://testserver{reverse('memos:version_pdf', args=[memo.pk, 2])}"]
    assert url.findtext(f"{SM}lastmod")
    diwoo = url.find(f"{DW}Document/{DW}DiWoo")
    publisher = diwoo.find(f"{DW}publisher")
    assert publisher.get("resource") == "https://identifier.overheid.nl/tooi/id/gemeente/gm0014"
    assert publisher.text == "gemeente Groningen"
    assert diwoo.findtext(f"{DW}titelcollectie/{DW}officieleTitel") == (
        "Voorbereidingsmemo Voortgang stapelings- en doorbraakproject, versie 2"
    )
    categorie = diwoo.find(f"{DW}classificatiecollectie/{DW}informatiecategorieen/{DW}informatiecategorie")
    assert categorie.get("resource") == "https://identifier.overheid.nl/tooi/def/thes/kern/c_db4862c3"
    assert categorie.text == "vergaderstukken decentrale overheden"
    assert dt.date.fromisoformat(diwoo.findtext(f"{DW}creatiedatum"))
    assert diwoo.find(f"{DW}format").get("resource") == (
        "http://publications.europa.eu/resource/authority/file-type/PDF"
    )
    handeling = diwoo.find(f"{DW}documenthandelingen/{DW}documenthandeling")
    assert handeling.findtext(f"{DW}soortHandeling") == "vaststelling"
    assert dt.datetime.fromisoformat(handeling.findtext(f"{DW}atTime"))
    # The elements DiWoo 0.9.8 requires, on every document.
    for url in urls:
        diwoo = url.find(f"{DW}Document/{DW}DiWoo")
        for required in ("publisher", "titelcollectie", "classificatiecollectie", "documenthandelingen"):
            assert diwoo.find(f"{DW}{required}") is not None, (url.findtext(f"{SM}loc"), required)


def test_another_organisation_by_its_tooi_code(client, published_world, settings):
    settings.RAADSMEMO_TOOI_ORGANISATIE = "gm0363"
    urls, _ = all_urls(client)
    publishers = {url.find(f"{DW}Document/{DW}DiWoo/{DW}publisher").get("resource") for url in urls}
    assert publishers == {"https://identifier.overheid.nl/tooi/id/gemeente/gm0363"}


def test_long_lists_are_split_into_pages(client, published_world, monkeypatch):
    monkeypatch.setattr(woo, "PAGE_SIZE", 1)
    index = ET.fromstring(client.get(INDEX_URL).content)
    locs = [loc.text for loc in index.iter(f"{SM}loc")]
    assert "http://testserver/sitemaps/sitemap-memos-2.xml" in locs
    assert "http://testserver/sitemaps/sitemap-memos-3.xml" not in locs
    urls, _ = all_urls(client)
    assert len(urls) == 5


def test_unknown_sitemaps_are_404(client, db):
    assert client.get("/sitemaps/sitemap-geheim-1.xml").status_code == 404
    assert client.get("/sitemaps/sitemap-memos-0.xml").status_code == 404
    assert client.get("/sitemaps/sitemap-memos-2.xml").status_code == 404
    # An empty site still has a well-formed index and a first page.
    assert ET.fromstring(client.get(INDEX_URL).content).tag == f"{SM}sitemapindex"
    assert client.get("/sitemaps/sitemap-memos-1.xml").status_code == 200


def test_the_sitemaps_take_a_fixed_number_of_queries(
    client, published_world, gerda, django_assert_num_queries
):
    """However many documents there are: the index counts each kind, a page reads one kind."""
    with django_assert_num_queries(10):
        client.get(INDEX_URL)
    with django_assert_num_queries(1):
        client.get("/sitemaps/sitemap-memos-1.xml")
    with django_assert_num_queries(2):
        client.get("/sitemaps/sitemap-agendapakketten-1.xml")
    # One more published meeting with its package and memo: the same numbers.
    memo = Memo.objects.create(
        purpose=Purpose.BEELDVORMEND, datum=dt.date(2022, 3, 3), title="Nog een", created_by=gerda
    )
    other = make_meeting(date=dt.date(2022, 3, 3))
    add_item(other, memo=publish_memo(memo))
    request_package_builds(other.pk)
    with django_assert_num_queries(10):
        client.get(INDEX_URL)
    with django_assert_num_queries(2):
        assert client.get("/sitemaps/sitemap-agendapakketten-1.xml").content.count(b"<url>") == 2
