"""The RIS and archive package of a meeting: one ZIP the griffie uploads into the RIS or hands to
the archive.

What is in it (only what an anonymous visitor may read: never a concept, vertrouwelijk or geheim):
- `documenten/`: the public agenda package PDF (the stored one, package_store.py) and every
  published version PDF (current and earlier) of the public memos of the meeting's items, each
  with two MDTO files next to it (MDTO-XML 1.0.1, Nationaal Archief): `<name>.mdto.xml`
  describes the informatieobject, `<name>.bestand.mdto.xml` the file (MDTO's root holds one
  of the two, so each gets its own file, as the MDTO SIP convention has it);
- `metadata.json`: the meeting, its agenda items and its documents in the VNG ODS shapes
  (Vergadering, Agendapunt, InformatieObject of the mini-ORI API). The public agenda stukken
  are links, not stored files: they appear here with their address, not as files;
- `manifest.json` and `manifest.csv`: every other file with its title, date, size and SHA-256.

The ZIP is built in memory from stored files (each checked against the SHA-256 recorded when it
was stored) with fixed entry times: the same meeting in the same state gives the same bytes.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from raadsmemo.meetings.models import AgendaPackage, Meeting, MeetingKind, Treatment, plan_agenda
from raadsmemo.meetings.package import audience_is_public, package_filename
from raadsmemo.meetings.package_store import package_state
from raadsmemo.memos.models import Memo, MemoVersion
from raadsmemo.publishing import tooi

MDTO_NS = "https://www.nationaalarchief.nl/mdto"
MDTO_SCHEMA = "https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("xsi", XSI_NS)

MANIFEST_FILES = ("manifest.json", "manifest.csv")
CSV_COLUMNS = ["bestandsnaam", "titel", "soort", "datum", "omvang", "sha256"]

# The ODS vergaderingstype of each kind of meeting (docs/architecture.md, "RIS package").
VERGADERINGSTYPE = {
    MeetingKind.RAADSVERGADERING: "raadsvergadering",
    MeetingKind.BEELDVORMEND: "commissievergadering",
    MeetingKind.MENINGSVORMEND: "commissievergadering",
    MeetingKind.WERKSESSIE: "commissievergadering",
    MeetingKind.AGENDACOMMISSIE: "presidium",
}

# The archive's appraisal of council meeting documents (Selectielijst gemeenten en
# intergemeentelijke organen: vergaderstukken van de raad are kept for good). "Blijvend te
# bewaren" has no bewaartermijn, so the MDTO files leave that element out.
WAARDERING = ("Blijvend te bewaren", "B")
SELECTIELIJST = "Selectielijst gemeenten en intergemeentelijke organen 2020"
INFORMATIECATEGORIE = "Vergaderstukken van de gemeenteraad en zijn commissies"

# PRONOM identifiers of the PDF versions our renderer writes.
PRONOM_PDF = {
    "1.4": ("Acrobat PDF 1.4 - Portable Document Format", "fmt/18"),
    "1.5": ("Acrobat PDF 1.5 - Portable Document Format", "fmt/19"),
    "1.6": ("Acrobat PDF 1.6 - Portable Document Format", "fmt/20"),
    "1.7": ("Acrobat PDF 1.7 - Portable Document Format", "fmt/276"),
    "2.0": ("Acrobat PDF 2.0 - Portable Document Format", "fmt/1129"),
}


class PackageNotReady(Exception):
    """There is no complete package to give yet; the message says why, in Dutch."""

    heading = "Het RIS-pakket is nog niet klaar"


class NoPublicPackage(PackageNotReady):
    """The meeting is not published or not public: it has no public documents to package."""

    heading = "Deze vergadering heeft geen RIS-pakket"


class DamagedFile(PackageNotReady):
    """A stored file cannot be read or is not what was stored: the archive must not get it."""

    heading = "Het RIS-pakket kan niet worden gemaakt"


@dataclass
class Document:
    """One stored file in the package, with what its metadata says about it."""

    ods_id: str
    filename: str  # the path inside the ZIP
    titel: str
    soort: str  # agendapakket | memo
    data: bytes
    sha256: str
    created: dt.datetime  # when this file came to be (built, or published and frozen)
    download_url: str
    page_url: str
    omschrijving: str
    versie: int | None = None
    agendapunt_ids: list[str] = field(default_factory=list)

    @property
    def mdto_name(self) -> str:
        return self.filename.removesuffix(".pdf") + ".mdto.xml"

    @property
    def bestand_mdto_name(self) -> str:
        return self.filename.removesuffix(".pdf") + ".bestand.mdto.xml"


@dataclass
class RisPackage:
    filename: str
    data: bytes


def ris_package_filename(meeting: Meeting) -> str:
    return f"ris-pakket-{meeting.date:%Y-%m-%d}-{slugify(meeting.title)[:80]}.zip"


def build_ris_package(meeting: Meeting, *, absolute) -> RisPackage:
    """The ZIP of the meeting as it is now; `absolute(path)` makes a path a full URL.

    Raises PackageNotReady when the meeting has no complete public package yet.
    """
    if not audience_is_public(meeting):
        raise NoPublicPackage(
            "Deze vergadering is niet gepubliceerd of niet openbaar: er is geen openbaar RIS-pakket."
        )
    state = package_state(meeting, AgendaPackage.Audience.PUBLIC)
    if state.download is None or state.is_outdated:
        raise PackageNotReady(
            "Het openbare agendapakket van deze vergadering wordt nog gemaakt. Het RIS-pakket is "
            "compleet zodra het agendapakket klaar is; probeer het over een paar minuten opnieuw."
        )
    agenda = public_agenda(meeting)
    documents = [_agenda_package_document(meeting, state.download, absolute)]
    documents += _memo_documents(meeting, agenda, absolute)
    files = _package_files(meeting, agenda, documents, absolute)
    return RisPackage(ris_package_filename(meeting), _zip(files, _entry_time(meeting, documents)))


def public_agenda(meeting: Meeting):
    """The agenda as an anonymous visitor sees it: planned items (numbered among all) they may see."""
    meeting = Meeting.objects.filter(pk=meeting.pk).with_agenda(AnonymousUser()).get()
    return [planned for planned in plan_agenda(meeting, meeting.agenda_items) if planned.item.is_visible]


# --- The documents --------------------------------------------------------------------------


def _read_checked(name: str, sha256: str, what: str) -> bytes:
    """A stored file's bytes, refused if they are not what was stored (the archive must trust them)."""
    try:
        with default_storage.open(name, "rb") as f:
            data = f.read()
    except OSError:
        raise DamagedFile(f"Het bestand van {what} is niet te lezen. Meld dit aan de beheerder.") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DamagedFile(
            f"Het bestand van {what} klopt niet met zijn controlegetal (SHA-256). Meld dit aan de beheerder."
        )
    return data


def _agenda_package_document(meeting: Meeting, package: AgendaPackage, absolute) -> Document:
    filename = package_filename(meeting, AgendaPackage.Audience.PUBLIC)
    return Document(
        ods_id=f"agendapakket-{meeting.pk}",
        filename=f"documenten/00-{filename}",
        titel=f"Agendapakket {meeting.title} {meeting.date:%d-%m-%Y}",
        soort="agendapakket",
        data=_read_checked(package.file.name, package.sha256, "het agendapakket"),
        sha256=package.sha256,
        created=package.finished_at or package.created_at,
        download_url=absolute(reverse("meetings:package_pdf", args=[meeting.pk])),
        page_url=absolute(meeting.get_absolute_url()),
        omschrijving="De agenda en alle openbare voorbereidingsmemo's van de vergadering in één document.",
    )


def _memo_documents(meeting: Meeting, agenda, absolute) -> list[Document]:
    """Every published version of each public memo on the agenda, in agenda order, oldest first."""
    number_of = {planned.item.memo_id: planned.number for planned in agenda if planned.item.memo_id}
    public_memos = set(
        Memo.objects.publicly_readable().filter(agenda_item__meeting=meeting).values_list("pk", flat=True)
    )
    versions = MemoVersion.objects.filter(memo_id__in=public_memos).order_by("memo_id", "number")
    items = {planned.item.memo_id: planned.item for planned in agenda if planned.item.memo_id}
    documents = []
    for version in sorted(versions, key=lambda v: (number_of.get(v.memo_id, 0), v.number)):
        item = items.get(version.memo_id)
        if item is None:  # a memo whose item the public does not see (checked twice: never leak)
            continue
        number = number_of[version.memo_id]
        documents.append(
            Document(
                ods_id=f"memo-{version.memo_id}-v{version.number}",
                filename=f"documenten/{number:02d}-v{version.number}-{version.pdf_filename}",
                titel=f"Voorbereidingsmemo {version.title}, versie {version.number}",
                soort="memo",
                data=_read_checked(version.pdf_name, version.pdf_sha256, f"memo {version.title!r}"),
                sha256=version.pdf_sha256,
                created=version.published_at,
                download_url=absolute(version.get_pdf_url()),
                page_url=absolute(version.get_absolute_url()),
                omschrijving=(
                    f"Voorbereidingsmemo bij agendapunt {number} ({item.title}), versie {version.number}"
                    + (f": {version.reason}" if version.reason else ".")
                ),
                versie=version.number,
                agendapunt_ids=[str(item.pk)],
            )
        )
    return documents


# --- The files of the ZIP -------------------------------------------------------------------


def _package_files(meeting: Meeting, agenda, documents: list[Document], absolute) -> list[tuple]:
    """(name, bytes, titel, soort, datum) of every file, the manifests last."""
    files = []
    for document in documents:
        date = _iso(document.created)
        files.append((document.filename, document.data, document.titel, document.soort, date))
        files.append(
            (
                document.mdto_name,
                mdto_informatieobject(meeting, document),
                f"MDTO: {document.titel}",
                "mdto",
                date,
            )
        )
        files.append(
            (
                document.bestand_mdto_name,
                mdto_bestand(document),
                f"MDTO-bestand: {document.titel}",
                "mdto",
                date,
            )
        )
    metadata = json.dumps(ods_metadata(meeting, agenda, documents, absolute), ensure_ascii=False, indent=2)
    files.append(
        ("metadata.json", metadata.encode(), "Metadata (VNG ODS)", "metadata", _iso(meeting.updated_at))
    )
    return files + _manifests(meeting, files)


def _manifests(meeting: Meeting, files: list[tuple]) -> list[tuple]:
    rows = [
        {
            "bestandsnaam": name,
            "titel": titel,
            "soort": soort,
            "datum": datum,
            "omvang": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        for name, data, titel, soort, datum in files
    ]
    manifest = {
        "vergadering": {"id": str(meeting.pk), "naam": meeting.title, "datum": meeting.date.isoformat()},
        "checksumAlgoritme": "SHA-256",
        "bestanden": rows,
    }
    as_json = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    as_csv = out.getvalue().encode("utf-8-sig")  # with a BOM, so that Excel reads the accents
    updated = _iso(meeting.updated_at)
    return [
        ("manifest.json", as_json, "Manifest", "manifest", updated),
        ("manifest.csv", as_csv, "Manifest", "manifest", updated),
    ]


def _entry_time(meeting: Meeting, documents: list[Document]) -> tuple:
    """One time for every ZIP entry: the newest document's, so that the bytes depend on content only."""
    newest = max([meeting.updated_at, *(d.created for d in documents)])
    local = timezone.localtime(newest)
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def _zip(files: list[tuple], when: tuple) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, *_ in files:
            info = zipfile.ZipInfo(name, date_time=when)
            # PDFs are compressed already; text files shrink.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


# --- metadata.json in the ODS shapes ----------------------------------------------------------


def _organisatie() -> dict:
    return {"gemeente": tooi.organisatie_code()}


def ods_metadata(meeting: Meeting, agenda, documents: list[Document], absolute) -> dict:
    """The meeting (Vergadering), its public items (Agendapunt) and documents (InformatieObject),
    with the ODS field names of the mini-ORI API."""
    meeting_url = absolute(meeting.get_absolute_url())
    item_url = {planned.item.pk: f"{meeting_url}#punt-{planned.item.pk}" for planned in agenda}
    stukken = [(planned, stuk) for planned in agenda for stuk in planned.item.stukken.all()]
    docs_of_item = {planned.item.pk: [] for planned in agenda}
    for document in documents:
        for item_id in document.agendapunt_ids:
            docs_of_item[int(item_id)].append(document.download_url)
    for planned, stuk in stukken:
        docs_of_item[planned.item.pk].append(stuk.url)
    package = documents[0]
    vergadering = {
        "id": str(meeting.pk),
        "url": meeting_url,
        "organisatie": _organisatie(),
        "wooInformatiecategorie": tooi.WOO_CATEGORIE_CODE,
        "webpaginaLink": meeting_url,
        "naam": meeting.title[:100],
        "vergaderingstype": VERGADERINGSTYPE.get(meeting.kind, "commissievergadering"),
        "status": meeting.status,
        "geplandeVergaderdatum": meeting.date.isoformat(),
        "geplandeAanvangVergadering": _iso(meeting.starts_at),
        "geplandeEindeVergadering": _iso(meeting.ends_at),
        "locatie": meeting.location[:100],
        "agendapunten": [item_url[planned.item.pk] for planned in agenda],
        "informatieobject": {"id": package.ods_id, "url": package.download_url},
        "wijzigingsdatum": timezone.localtime(meeting.updated_at).date().isoformat(),
    }
    agendapunten = [
        {
            "id": str(planned.item.pk),
            "url": item_url[planned.item.pk],
            "organisatie": _organisatie(),
            "wooInformatiecategorie": tooi.WOO_CATEGORIE_CODE,
            "webpaginaLink": item_url[planned.item.pk],
            "vergadering": {"id": str(meeting.pk), "url": meeting_url},
            "agendapuntvolgnummer": str(planned.number),
            "agendapuntKenmerk": str(planned.number),
            "agendapuntTitel": planned.item.title[:100],
            "geplandeStarttijd": _iso(planned.start),
            "geplandeEindtijd": _iso(planned.end),
            "indicatieHamerstuk": planned.item.treatment == Treatment.HAMERSTUK,
            "indicatorBesloten": False,
            "informatieobjecten": docs_of_item[planned.item.pk],
        }
        for planned in agenda
    ]
    informatieobjecten = [_ods_document(meeting, document, meeting_url) for document in documents]
    informatieobjecten += [
        {
            "id": f"stuk-{stuk.pk}",
            "url": stuk.url,
            "organisatie": _organisatie(),
            "wooInformatiecategorie": tooi.WOO_CATEGORIE_CODE,
            "titel": stuk.label[:200],
            "formaat": _link_format(stuk.url),
            "inhoudLink": stuk.url,
            "vergaderingen": [{"id": str(meeting.pk), "url": meeting_url}],
            "agendapunten": [{"id": str(planned.item.pk), "url": item_url[planned.item.pk]}],
            "vertrouwelijkheidsaanduiding": "openbaar",
        }
        for planned, stuk in stukken
    ]
    return {
        "vergadering": vergadering,
        "agendapunten": agendapunten,
        "informatieobjecten": informatieobjecten,
        # Not ODS: which file in this ZIP holds which informatieobject, with its checksum.
        "bestanden": [
            {"informatieobject": d.ods_id, "bestandsnaam": d.filename, "sha256": d.sha256} for d in documents
        ],
    }


def _ods_document(meeting: Meeting, document: Document, meeting_url: str) -> dict:
    data = {
        "id": document.ods_id,
        "url": document.download_url,
        "organisatie": _organisatie(),
        "wooInformatiecategorie": tooi.WOO_CATEGORIE_CODE,
        "auteur": "Griffie" if document.soort == "agendapakket" else "Agendacommissie",
        "creatiedatum": timezone.localtime(document.created).date().isoformat(),
        "formaat": "application/pdf",
        "inhoudLink": document.download_url,
        "webpaginaLink": document.page_url,
        "omschrijving": document.omschrijving,
        "taal": "nld",
        "titel": document.titel[:200],
        "vergaderingen": [{"id": str(meeting.pk), "url": meeting_url}],
        "agendapunten": [
            {"id": item_id, "url": f"{meeting_url}#punt-{item_id}"} for item_id in document.agendapunt_ids
        ],
        "vertrouwelijkheidsaanduiding": "openbaar",
    }
    if document.versie is not None:
        data["versie"] = str(document.versie)
    return data


def _link_format(url: str) -> str:
    """The media type of a linked stuk as far as its address tells: a PDF, or else a web page."""
    return "application/pdf" if re.search(r"\.pdf($|[?#])", url, re.IGNORECASE) else "text/html"


# --- MDTO -------------------------------------------------------------------------------------


def _el(parent, name: str, text: str | None = None):
    element = ET.SubElement(parent, f"{{{MDTO_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _begrip(parent, name: str, label: str, lijst: str, code: str = ""):
    element = _el(parent, name)
    _el(element, "begripLabel", label)
    if code:
        _el(element, "begripCode", code)
    _el(_el(element, "begripBegrippenlijst"), "verwijzingNaam", lijst)
    return element


def _identificatie(parent, name: str, kenmerk: str, bron: str):
    element = _el(parent, name)
    _el(element, "identificatieKenmerk", kenmerk)
    _el(element, "identificatieBron", bron)
    return element


def _verwijzing(parent, name: str, naam: str, kenmerk: str = "", bron: str = ""):
    element = _el(parent, name)
    _el(element, "verwijzingNaam", naam)
    if kenmerk:
        _identificatie(element, "verwijzingIdentificatie", kenmerk, bron)
    return element


def _mdto_root():
    root = ET.Element(f"{{{MDTO_NS}}}MDTO")
    root.set(f"{{{XSI_NS}}}schemaLocation", MDTO_SCHEMA)
    return root


def _xml(root) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=MDTO_NS) + b"\n"


IDENTIFICATIE_BRON = "raadsmemo"


def mdto_informatieobject(meeting: Meeting, document: Document) -> bytes:
    """The MDTO informatieobject of a document, its elements in the order of MDTO-XML 1.0.1."""
    root = _mdto_root()
    io_ = _el(root, "informatieobject")
    _identificatie(io_, "identificatie", document.ods_id, IDENTIFICATIE_BRON)
    _el(io_, "naam", document.titel)
    _begrip(io_, "aggregatieniveau", "Archiefstuk", "Begrippenlijst Aggregatieniveaus MDTO")
    _el(io_, "omschrijving", document.omschrijving)
    _el(_el(io_, "raadpleeglocatie"), "raadpleeglocatieOnline", document.page_url)
    _el(io_, "taal", "nl")
    event_label = "Bevriezing" if document.soort == "memo" else "Creatie"
    event = _el(io_, "event")
    _begrip(event, "eventType", event_label, "Begrippenlijst EventTypeLijst MDTO")
    _el(event, "eventTijd", _iso(document.created))
    publicatie = _el(io_, "event")
    _begrip(publicatie, "eventType", "Publicatie", "Begrippenlijst EventTypeLijst MDTO")
    _el(publicatie, "eventTijd", _iso(document.created))
    label, code = WAARDERING
    _begrip(io_, "waardering", label, "Begrippenlijst Waarderingen MDTO", code)
    _begrip(io_, "informatiecategorie", INFORMATIECATEGORIE, SELECTIELIJST)
    _verwijzing(
        io_,
        "isOnderdeelVan",
        f"{meeting.title} {meeting.date:%d-%m-%Y}",
        f"vergadering-{meeting.pk}",
        IDENTIFICATIE_BRON,
    )
    _verwijzing(
        io_,
        "heeftRepresentatie",
        document.filename.rsplit("/", 1)[-1],
        document.ods_id + "-pdf",
        IDENTIFICATIE_BRON,
    )
    _verwijzing(io_, "archiefvormer", tooi.organisatie_naam(), tooi.organisatie_uri(), "TOOI")
    if document.soort == "memo":
        betrokkene = _el(io_, "betrokkene")
        _begrip(betrokkene, "betrokkeneTypeRelatie", "Opsteller", "Begrippenlijst rollen raadsmemo")
        _verwijzing(betrokkene, "betrokkeneActor", "Agendacommissie van de gemeenteraad")
    beperking = _el(io_, "beperkingGebruik")
    _begrip(
        beperking, "beperkingGebruikType", "Geen beperking", "Begrippenlijst BeperkingGebruikTypeLijst MDTO"
    )
    _el(beperking, "beperkingGebruikNadereBeschrijving", "Openbaar (Woo): gepubliceerd voor iedereen.")
    return _xml(root)


def _pdf_format(data: bytes) -> tuple[str, str]:
    match = re.match(rb"%PDF-(\d\.\d)", data)
    version = match.group(1).decode() if match else "1.7"
    return PRONOM_PDF.get(version, PRONOM_PDF["1.7"])


def mdto_bestand(document: Document) -> bytes:
    """The MDTO bestand of a document's PDF: size, PRONOM format, SHA-256 and where it lives."""
    root = _mdto_root()
    bestand = _el(root, "bestand")
    _identificatie(bestand, "identificatie", document.ods_id + "-pdf", IDENTIFICATIE_BRON)
    _el(bestand, "naam", document.filename.rsplit("/", 1)[-1])
    _el(bestand, "omvang", str(len(document.data)))
    label, code = _pdf_format(document.data)
    _begrip(bestand, "bestandsformaat", label, "PRONOM-register", code)
    checksum = _el(bestand, "checksum")
    _begrip(checksum, "checksumAlgoritme", "SHA-256", "Begrippenlijst ChecksumAlgoritme MDTO")
    _el(checksum, "checksumWaarde", document.sha256)
    _el(checksum, "checksumDatum", _iso(document.created))
    _el(bestand, "URLBestand", document.download_url)
    _verwijzing(bestand, "isRepresentatieVan", document.titel, document.ods_id, IDENTIFICATIE_BRON)
    return _xml(root)
