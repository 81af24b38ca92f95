"""The one HTML -> PDF renderer: WeasyPrint, tagged (PDF/UA-1) and archivable (PDF/A-2a).

What WeasyPrint 70 does not do by itself is done here, on its objects before they are written
(a write_pdf finisher), so the file is written once and never parsed again:
- header cells get their /Scope and links a description from their text;
- text in @page margin boxes (our "Pagina x van y") gets marked-content ids that nothing in the
  structure tree points to; a screen reader would meet orphans. We turn it into
  /Artifact /Pagination content, which is what page numbers are;
- a PDF/A variant writes only its pdfaid claim; we add the pdfuaid claim (with the extension
  schema PDF/A validators want), so the file says it is both, and dc:language;
- the trailer /ID is a hash of the written bytes (_finish), so the same content gives the same file.

The renderer fetches nothing over the network and nothing outside our static files: URLs are
resolved against a virtual file:///static/ root and looked up with the staticfiles finders.
"""

import hashlib
import logging
import mimetypes
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import pydyf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

# Documents are rendered with this base URL, so `{% static %}` paths ("/static/css/print.css")
# resolve to file:///static/css/print.css, which the fetcher maps onto the staticfiles finders.
STATIC_BASE = "file:///static/"


class RefusedURL(ValueError):
    pass


class StaticFilesOnlyFetcher(URLFetcher):
    """Serve our own static files to WeasyPrint; refuse every other URL without touching it."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"PDF renderer refuses {url!r}: only our own static files are loaded")
        path = unquote(parts.path)
        if not path.startswith("/static/"):
            raise RefusedURL(f"PDF renderer refuses {url!r}: outside the static files")
        found = static_file_path(path.removeprefix("/static/"))
        if found is None:
            raise RefusedURL(f"PDF renderer refuses {url!r}: no such static file")
        mime = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        # Answer with the virtual URL, so that relative URLs inside (fonts.css -> ../vendor/...)
        # resolve within file:///static/ too. <link rel=stylesheet> needs text/css.
        return URLFetcherResponse(url, found.open("rb"), headers={"Content-Type": mime})


def static_file_path(name: str) -> Path | None:
    """The file behind a static name, found as Django finds it; None for anything else."""
    if not name or ".." in Path(name).parts:
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if not found and settings.STATIC_ROOT:
        candidate = (Path(settings.STATIC_ROOT) / name).resolve()
        if candidate.is_relative_to(Path(settings.STATIC_ROOT).resolve()) and candidate.is_file():
            found = str(candidate)
    return Path(found) if found else None


# The fonts of every PDF, loaded before the document's own stylesheets.
PDF_FONTS = "css/pdf-fonts.css"


def stylesheet_version(name: str) -> tuple:
    """A static file's name and modification time: changes when the file is edited or deployed."""
    path = static_file_path(name)
    return (name, path.stat().st_mtime_ns if path else None)


class _Renderer:
    """What stays the same between renders, built once per process.

    Loading the fonts into a FontConfiguration, building a fetcher and parsing the stylesheets
    cost more than laying out a memo; a FontConfiguration and CSS objects made with it may be
    used for any number of documents. WeasyPrint's font map is not meant for two threads at
    once, so renders in one process take turns (gunicorn's sync workers and the task worker
    render one document at a time anyway).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.font_config = FontConfiguration()
        self.fetcher = StaticFilesOnlyFetcher()
        self.stylesheets: dict[str, tuple[tuple, weasyprint.CSS]] = {}

    def stylesheet(self, name: str) -> weasyprint.CSS:
        """The parsed stylesheet, parsed again only when its file changed (an edit, a deploy)."""
        version = stylesheet_version(name)
        cached = self.stylesheets.get(name)
        if cached is None or cached[0] != version:
            css = weasyprint.CSS(
                url=STATIC_BASE + name, url_fetcher=self.fetcher, font_config=self.font_config
            )
            self.stylesheets[name] = cached = (version, css)
        return cached[1]

    def render(self, html: str, stylesheets: Sequence[str]) -> bytes:
        with self.lock:
            sheets = [self.stylesheet(name) for name in (PDF_FONTS, *stylesheets)]
            document = weasyprint.HTML(string=html, base_url=STATIC_BASE, url_fetcher=self.fetcher)
            # pdf/a-2a implies tagging; write_pdf renders and writes in one go, so the sRGB
            # output intent that PDF/A needs is applied. The /ID comes from _finish.
            return document.write_pdf(
                stylesheets=sheets,
                font_config=self.font_config,
                pdf_variant="pdf/a-2a",
                pdf_identifier=False,
                finisher=_finish_tags,
            )


def _finish_tags(document, pdf: pydyf.PDF) -> None:
    """What WeasyPrint 70 leaves out of a tagged PDF/UA file, added before it is written."""
    _describe_tables_and_links(document, pdf)
    _pagination_artifacts(pdf)
    _claim_pdfua(document, pdf)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _describe_tables_and_links(document, pdf) -> None:
    """Finish WeasyPrint's tags before the file is written (a write_pdf finisher).

    - A header cell gets /Scope /Row or /Column from its HTML scope (default: column), which
      PDF/UA wants and WeasyPrint 70 leaves out.
    - A link is described by what it says (its text, or its title when it has no text, like the
      page numbers of the package's agenda), not by the raw URL.
    """
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None:
                continue
            mark = getattr(box, "mark", None)
            if box.element_tag == "th" and mark is not None:
                mark["A"]["Scope"] = "/Row" if element.get("scope") == "row" else "/Column"
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None:
                label = " ".join("".join(element.itertext()).split()) or element.get("title", "")
                if label:
                    annotation["Contents"] = pydyf.String(label)


_renderer: _Renderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> _Renderer:
    """The renderer of this process (made on first use, so that importing this module stays cheap)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            _renderer = _Renderer()
        return _renderer


class RecentPdfs:
    """The PDFs this process rendered last, by a hash of their HTML and stylesheet names.

    The same HTML renders to the same bytes (no clock, no random /ID), so a memo that 45 council
    members open, or a concept opened again without an edit, is served without a new render.
    The key holds the stylesheets' names and modification times, so an edited stylesheet
    renders anew.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(html: str, stylesheets: Sequence[str]) -> str:
        versions = [repr(stylesheet_version(name)) for name in (PDF_FONTS, *stylesheets)]
        return hashlib.sha256("\0".join([html, *versions]).encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            data = self.items.get(key)
            if data is not None:
                self.items.move_to_end(key)
            return data

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.max_bytes // 8:
            return  # an agenda package: rendered once by the task worker and stored anyway
        with self.lock:
            if key in self.items:
                return
            self.items[key] = data
            self.size += len(data)
            while self.size > self.max_bytes:
                _, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


# 16 MB per process: about a hundred memo PDFs.
recent_pdfs = RecentPdfs(max_bytes=16 * 1024 * 1024)


def render_pdf(html: str, stylesheets: Sequence[str] = ()) -> bytes:
    """Render a complete HTML document (with <html lang>, <title> and meta tags) to PDF bytes.

    The document links no stylesheets itself: `stylesheets` names the static files it needs
    in cascade order (e.g. "css/memo.css", "css/print.css"), after the fonts; the parsed
    sheets are kept for the next render.
    The same HTML gives the same bytes: nothing random and no clock in the file. A document
    rendered shortly before comes from recent_pdfs.
    """
    key = RecentPdfs.key(html, stylesheets)
    data = recent_pdfs.get(key)
    if data is None:
        data = _finish(renderer().render(html, stylesheets))
        recent_pdfs.put(key, data)
    return data


# Extension schema so that a PDF/A validator accepts pdfuaid:part inside a PDF/A-2 file.
_PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#" pdfuaid:part="1">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


# The document's language in the XMP too (dc:language), not only in the catalog's /Lang.
_DC_LANGUAGE_XMP = b"""<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:language><rdf:Bag><rdf:li>LANG</rdf:li></rdf:Bag></dc:language></rdf:Description>"""


def _object(pdf: pydyf.PDF, reference) -> pydyf.Object:
    """The pydyf object behind a reference such as b"12 0 R" (or its object number)."""
    return pdf.objects[reference if isinstance(reference, int) else int(reference.split()[0])]


def _reachable_elements(pdf: pydyf.PDF) -> set[int]:
    """Object numbers of the structure elements that the structure tree reaches from its root."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    found: set[int] = set()
    stack = list(root["K"])
    while stack:
        kid = stack.pop()
        if not isinstance(kid, (bytes, str)):
            continue  # a marked-content id
        number = int(kid.split()[0])
        if number in found:
            continue
        found.add(number)
        element = pdf.objects[number]
        if isinstance(element, dict) and element.get("Type") == "/StructElem":
            stack.extend(element["K"])
    return found


def _pagination_artifacts(pdf: pydyf.PDF) -> None:
    """Turn marked content that no structure element reaches into pagination artifacts.

    WeasyPrint 70 gives the text in @page margin boxes (our "Pagina x van y") marked-content
    ids and structure elements that it does not link into the tree (an artifact in the tree
    is PDF 2.0 only); a screen reader would meet orphans. Page numbers are pagination
    artifacts: their "/P << /MCID n >> BDC" becomes "/Artifact << /Type /Pagination >> BDC"
    and the parent tree forgets them. Done on WeasyPrint's objects before they are written.
    """
    reachable = _reachable_elements(pdf)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    nums = _object(pdf, root["ParentTree"])["Nums"]
    pages = [_object(pdf, reference) for reference in pdf.pages["Kids"][::3]]
    for page in pages:
        entry = nums[2 * page["StructParents"] + 1]  # MCID -> its element, in MCID order
        orphans = set()
        for mcid, reference in enumerate(entry):
            if int(reference.split()[0]) not in reachable:
                orphans.add(mcid)
                entry[mcid] = b"null"
        if not orphans:
            continue
        operators = _object(pdf, page["Contents"]).stream
        for index, operator in enumerate(operators):
            if isinstance(operator, pydyf.Dictionary) and operator.get("MCID") in orphans:
                operators[index - 1] = "/Artifact"
                operators[index] = pydyf.Dictionary({"Type": "/Pagination"})


def _claim_pdfua(document, pdf: pydyf.PDF) -> None:
    """Add the PDF/UA claim and dc:language to the XMP that the PDF/A variant wrote."""
    metadata = _object(pdf, pdf.catalog["Metadata"])
    language = xml_escape(document.metadata.lang or "nl").encode()
    (xmp,) = metadata.stream
    extra = _PDFUA_XMP + _DC_LANGUAGE_XMP.replace(b"LANG", language)
    metadata.stream = [xmp.replace(b"</rdf:RDF>", extra + b"</rdf:RDF>", 1)]


_XREF = re.compile(rb"\d+ 0 obj\s*<<\s*/Type /XRef")


def _finish(pdf_bytes: bytes) -> bytes:
    """Give the written file its trailer /ID: a hash of the content, never random.

    PDF/A wants an /ID. WeasyPrint writes the file without one (pdf_identifier=False): asked
    for one, pydyf serialises and compresses every object a second time to hash it. The
    cross-reference stream is the last object of the file and nothing points past its
    start, so the /ID is written into its dictionary without moving a single offset.
    """
    start = int(pdf_bytes[pdf_bytes.rindex(b"startxref") :].split()[1])
    match = _XREF.match(pdf_bytes, start)
    if match is None:
        raise ValueError("PDF without a cross-reference stream at startxref")
    digest = hashlib.md5(pdf_bytes, usedforsecurity=False).hexdigest().encode()
    identifier = b" /ID [<" + digest + b"> <" + digest + b">]"
    return pdf_bytes[: match.end()] + identifier + pdf_bytes[match.end() :]
