"""Findable by the Woo-index: every published document in sitemaps with DiWoo metadata.

The Woo-harvester (KOOP) reads /robots.txt, follows its `Sitemap:` line to a sitemap index named
after the Woo information category (`sitemapindex-diwoo-infocat008.xml`: vergaderstukken
decentrale overheden) and from there the sitemaps. Each `<url>` names one document file in `<loc>`
and carries its metadata in a `diwoo:Document` (DiWoo metadata standard 0.9.8,
https://standaarden.overheid.nl/diwoo/metadata/): publisher by TOOI URI, official title, the Woo
category, creation date, format, language and the documenthandeling with its time.

Only what an anonymous visitor may read is listed: published versions of public memos (current
and earlier), the public agenda package of each published public meeting, the public stukken of
public items (links to the RIS, https only), and the published versions of openbare
collegevoorstellen. Never a concept, a vertrouwelijk or a geheim document.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelVersion
from raadsmemo.meetings.models import AgendaItem, AgendaPackage, AgendaStuk
from raadsmemo.memos.models import Memo, MemoVersion
from raadsmemo.publishing import tooi

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
# The sitemap namespace is the default one (no prefix), as harvesters expect; MDTO files use
# tostring(default_namespace=...) instead, so the two never compete for the empty prefix.
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("diwoo", DIWOO_NS)

# The Woo-index reads sitemap indexes named after the category (sitemapindex-diwoo-infocatNNN.xml).
SITEMAP_INDEX_NAME = f"sitemapindex-diwoo-infocat{tooi.WOO_CATEGORIE_SITEMAP_NUMBER}.xml"
# At most 50,000 URLs per sitemap (sitemaps.org); smaller pages keep each answer quick.
PAGE_SIZE = 5000


@dataclass
class WooDocument:
    """One published document file and what the Woo-index is told about it."""

    loc: str
    lastmod: dt.datetime
    titel: str
    identifier: str
    omschrijving: str
    creatiedatum: dt.date | None
    handeling: tuple[str, str]  # (TOOI URI, label)
    handeling_at: dt.datetime
    is_pdf: bool = True


# --- The parts of the sitemap: one kind of document each -----------------------------------------


class Part:
    """A kind of document: how many there are, and one page of them."""

    name = ""

    def count(self) -> int:
        raise NotImplementedError

    def page(self, offset: int, absolute) -> list[WooDocument]:
        raise NotImplementedError

    def lastmod(self) -> dt.datetime | None:
        raise NotImplementedError


class MemoVersions(Part):
    name = "memos"

    def queryset(self):
        return MemoVersion.objects.filter(memo__in=Memo.objects.publicly_readable()).order_by("pk")

    def count(self) -> int:
        return self.queryset().count()

    def lastmod(self):
        return self.queryset().order_by("-published_at").values_list("published_at", flat=True).first()

    def page(self, offset: int, absolute) -> list[WooDocument]:
        return [
            WooDocument(
                loc=absolute(version.get_pdf_url()),
                lastmod=version.published_at,
                titel=f"Voorbereidingsmemo {version.title}, versie {version.number}",
                identifier=f"raadsmemo-memo-{version.memo_id}-versie-{version.number}",
                omschrijving=version.reason
                or "Voorbereidingsmemo van de agendacommissie bij een agendapunt.",
                creatiedatum=timezone.localtime(version.published_at).date(),
                handeling=tooi.HANDELING_VASTSTELLING,
                handeling_at=version.published_at,
            )
            for version in self.queryset()[offset : offset + PAGE_SIZE]
        ]


class CollegevoorstelVersions(Part):
    name = "collegevoorstellen"

    def queryset(self):
        published = Collegevoorstel.objects.published()
        return (
            CollegevoorstelVersion.objects.filter(collegevoorstel__in=published)
            .select_related("collegevoorstel")
            .order_by("pk")
        )

    def count(self) -> int:
        return self.queryset().count()

    def lastmod(self):
        return self.queryset().order_by("-published_at").values_list("published_at", flat=True).first()

    def page(self, offset: int, absolute) -> list[WooDocument]:
        documents = []
        for version in self.queryset()[offset : offset + PAGE_SIZE]:
            zaaknummer = version.collegevoorstel.zaaknummer
            documents.append(
                WooDocument(
                    loc=absolute(version.get_pdf_url()),
                    lastmod=version.published_at,
                    titel=f"Collegevoorstel {version.title}, versie {version.number}",
                    identifier=zaaknummer or f"raadsmemo-collegevoorstel-{version.collegevoorstel_id}",
                    omschrijving=version.reason or "Voorstel aan het college van burgemeester en wethouders.",
                    creatiedatum=version.collegevoorstel.datum,
                    handeling=tooi.HANDELING_VASTSTELLING,
                    handeling_at=version.published_at,
                )
            )
        return documents


class AgendaPackages(Part):
    """The public agenda package of each published public meeting, at its stable address.

    The address serves the newest finished package whose memos are all still public (as
    package_store.package_states decides); found here in two queries for all meetings.
    """

    name = "agendapakketten"

    def packages(self) -> list[AgendaPackage]:
        rows = (
            AgendaPackage.objects.filter(
                audience=AgendaPackage.Audience.PUBLIC, meeting__is_published=True, meeting__is_public=True
            )
            .exclude(sha256="")
            .select_related("meeting")
        )
        newest = {}
        for row in rows:
            key = (row.finished_at or row.created_at, row.pk)
            if row.meeting_id not in newest or key > newest[row.meeting_id][0]:
                newest[row.meeting_id] = (key, row)
        public_memos = defaultdict(set)
        for memo_id, meeting_id in Memo.objects.publicly_readable().values_list(
            "pk", "agenda_item__meeting_id"
        ):
            public_memos[meeting_id].add(memo_id)
        return [
            row
            for meeting_id, (_, row) in sorted(newest.items())
            if row.shown_memos is not None and set(row.shown_memos) <= public_memos[meeting_id]
        ]

    def count(self) -> int:
        return len(self.packages())

    def lastmod(self):
        return max((row.finished_at or row.created_at for row in self.packages()), default=None)

    def page(self, offset: int, absolute) -> list[WooDocument]:
        documents = []
        for row in self.packages()[offset : offset + PAGE_SIZE]:
            meeting, made = row.meeting, row.finished_at or row.created_at
            documents.append(
                WooDocument(
                    loc=absolute(reverse("meetings:package_pdf", args=[meeting.pk])),
                    lastmod=made,
                    titel=f"Agendapakket {meeting.title} {meeting.date:%d-%m-%Y}",
                    identifier=f"raadsmemo-agendapakket-{meeting.pk}",
                    omschrijving="De agenda en alle openbare voorbereidingsmemo's van de vergadering.",
                    creatiedatum=timezone.localtime(made).date(),
                    handeling=tooi.HANDELING_VASTSTELLING,
                    handeling_at=meeting.published_at or made,
                )
            )
        return documents


class Stukken(Part):
    """The public stukken of public agenda items: documents in the RIS, linked (https only)."""

    name = "stukken"

    def queryset(self):
        anonymous = AnonymousUser()
        return (
            AgendaStuk.objects.visible_to(anonymous)
            .filter(item__in=AgendaItem.objects.visible_to(anonymous), url__startswith="https://")
            .select_related("item__meeting")
            .order_by("pk")
        )

    def count(self) -> int:
        return self.queryset().count()

    def lastmod(self):
        return (
            self.queryset().order_by("-item__updated_at").values_list("item__updated_at", flat=True).first()
        )

    def page(self, offset: int, absolute) -> list[WooDocument]:
        documents = []
        for stuk in self.queryset()[offset : offset + PAGE_SIZE]:
            meeting = stuk.item.meeting
            received = meeting.published_at or stuk.item.updated_at
            documents.append(
                WooDocument(
                    loc=stuk.url,
                    lastmod=stuk.item.updated_at,
                    titel=stuk.label,
                    identifier=f"raadsmemo-stuk-{stuk.pk}",
                    omschrijving=f"Stuk bij agendapunt {stuk.item.title} ({meeting.title} {meeting.date:%d-%m-%Y}).",
                    creatiedatum=None,
                    handeling=tooi.HANDELING_ONTVANGST,
                    handeling_at=received,
                    is_pdf=stuk.url.lower().split("?")[0].endswith(".pdf"),
                )
            )
        return documents


PARTS = {part.name: part for part in (MemoVersions(), AgendaPackages(), Stukken(), CollegevoorstelVersions())}


def sitemap_pages() -> list[tuple[str, int, dt.datetime | None]]:
    """(part, page number, newest lastmod of the part) of every sitemap the index lists."""
    pages = []
    for name, part in PARTS.items():
        count = part.count()
        if count:
            lastmod = part.lastmod()
            pages += [(name, number, lastmod) for number in range(1, (count - 1) // PAGE_SIZE + 2)]
    return pages


# --- XML ----------------------------------------------------------------------------------------


def _sm(parent, name: str, text: str | None = None):
    element = ET.SubElement(parent, f"{{{SITEMAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _dw(parent, name: str, text: str | None = None, resource: str | None = None):
    element = ET.SubElement(parent, f"{{{DIWOO_NS}}}{name}")
    if resource is not None:
        element.set("resource", resource)
    if text is not None:
        element.text = text
    return element


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _xml(root) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_index_xml(pages, absolute) -> bytes:
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for name, number, lastmod in pages:
        sitemap = _sm(root, "sitemap")
        _sm(sitemap, "loc", absolute(reverse("woo_sitemap", args=[name, number])))
        if lastmod is not None:
            _sm(sitemap, "lastmod", _when(lastmod))
    return _xml(root)


def sitemap_xml(documents: list[WooDocument]) -> bytes:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for document in documents:
        url = _sm(root, "url")
        _sm(url, "loc", document.loc)
        _sm(url, "lastmod", _when(document.lastmod))
        diwoo = _dw(_dw(url, "Document"), "DiWoo")
        _dw(_dw(diwoo, "identifiers"), "identifier", document.identifier)
        _dw(diwoo, "publisher", tooi.organisatie_naam(), resource=tooi.organisatie_uri())
        _dw(_dw(diwoo, "titelcollectie"), "officieleTitel", document.titel)
        _dw(_dw(diwoo, "omschrijvingen"), "omschrijving", document.omschrijving)
        classificatie = _dw(diwoo, "classificatiecollectie")
        _dw(
            _dw(classificatie, "informatiecategorieen"),
            "informatiecategorie",
            tooi.WOO_CATEGORIE_LABEL,
            resource=tooi.WOO_CATEGORIE_URI,
        )
        _dw(
            _dw(classificatie, "documentsoorten"),
            "documentsoort",
            tooi.DOCUMENTSOORT_LABEL,
            resource=tooi.DOCUMENTSOORT_URI,
        )
        if document.creatiedatum is not None:
            _dw(diwoo, "creatiedatum", document.creatiedatum.isoformat())
        language_uri, language = tooi.LANGUAGE_NL
        _dw(diwoo, "language", language, resource=language_uri)
        if document.is_pdf:
            format_uri, format_label = tooi.FORMAT_PDF
            _dw(diwoo, "format", format_label, resource=format_uri)
        handeling = _dw(_dw(diwoo, "documenthandelingen"), "documenthandeling")
        handeling_uri, handeling_label = document.handeling
        _dw(handeling, "soortHandeling", handeling_label, resource=handeling_uri)
        _dw(handeling, "atTime", _when(document.handeling_at))
    return _xml(root)
