"""The one HTML -> PDF renderer: WeasyPrint, tagged (PDF/UA-1) and archivable (PDF/A-2a).

What WeasyPrint 70 does not do by itself is done here: while writing (a finisher), header cells
get their /Scope and links a description from their text; after rendering, with pikepdf:
- text in @page margin boxes (our "Pagina x van y") gets marked-content ids that nothing in the
  structure tree points to; a screen reader would meet orphans. We turn it into
  /Artifact /Pagination content, which is what page numbers are.
- a PDF/A variant writes only its pdfaid claim; we add the pdfuaid claim (with the extension
  schema PDF/A validators want), so the file says it is both, and dc:language.

The renderer fetches nothing over the network and nothing outside our static files: URLs are
resolved against a virtual file:///static/ root and looked up with the staticfiles finders.
"""

import hashlib
import io
import logging
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
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
        self.stylesheets: dict[str, weasyprint.CSS] = {}

    def stylesheet(self, name: str) -> weasyprint.CSS:
        if name not in self.stylesheets:
            self.stylesheets[name] = weasyprint.CSS(
                url=STATIC_BASE + name, url_fetcher=self.fetcher, font_config=self.font_config
            )
        return self.stylesheets[name]

    def render(self, html: str, stylesheets: Sequence[str]) -> bytes:
        with self.lock:
            sheets = [self.stylesheet(name) for name in (PDF_FONTS, *stylesheets)]
            document = weasyprint.HTML(string=html, base_url=STATIC_BASE, url_fetcher=self.fetcher)
            # pdf/a-2a implies tagging; write_pdf renders and writes in one go, so the sRGB
            # output intent that PDF/A needs is applied.
            return document.write_pdf(
                stylesheets=sheets,
                font_config=self.font_config,
                pdf_variant="pdf/a-2a",
                finisher=_describe_tables_and_links,
            )


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


def renderer() -> _Renderer:
    """The renderer of this process (made on first use, so that importing this module stays cheap)."""
    global _renderer
    if _renderer is None:
        _renderer = _Renderer()
    return _renderer


class RecentPdfs:
    """The PDFs this process rendered last, by a hash of their HTML and stylesheet names.

    The same HTML renders to the same bytes (no clock, no random /ID), so a memo that 45 council
    members open, or a concept opened again without an edit, is served without a new render.
    The stylesheets are kept for the life of the process too, so the key needs only their names.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(html: str, stylesheets: Sequence[str]) -> str:
        return hashlib.sha256("\0".join([html, *stylesheets]).encode()).hexdigest()

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


def _reachable_mcids(pdf: pikepdf.Pdf) -> dict:
    """Page objgen -> the marked-content ids the structure tree reaches."""
    found: dict = {}
    seen = set()
    stack = [(pdf.Root.StructTreeRoot.get("/K"), None)]
    while stack:
        kid, page = stack.pop()
        if kid is None:
            continue
        if isinstance(kid, pikepdf.Array):
            stack.extend((x, page) for x in kid)
        elif isinstance(kid, int):
            if page is not None:
                found.setdefault(page, set()).add(int(kid))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.is_indirect:
                if kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
            pg = kid.get("/Pg")
            current = pg.objgen if pg is not None else page
            if kid.get("/Type") == pikepdf.Name.MCR:
                if current is not None and "/MCID" in kid:
                    found.setdefault(current, set()).add(int(kid.MCID))
            elif kid.get("/Type") != pikepdf.Name.OBJR:
                stack.append((kid.get("/K"), current))
    return found


def _finish(pdf_bytes: bytes) -> bytes:
    """Mark the margin-box text as pagination artifacts and add the PDF/UA claim."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    reachable = _reachable_mcids(pdf)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(pdf.pages):
        linked = reachable.get(page.obj.objgen, set())
        instructions, changed = [], False
        for operands, operator in pikepdf.parse_content_stream(page):
            if (
                str(operator) == "BDC"
                and len(operands) > 1
                and isinstance(operands[1], pikepdf.Dictionary)
                and "/MCID" in operands[1]
                and int(operands[1].MCID) not in linked
            ):
                mcid = int(operands[1].MCID)
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                entry = parent_tree.get(int(page.obj.get("/StructParents", index)))
                if isinstance(entry, pikepdf.Array) and mcid < len(entry):
                    entry[mcid] = None
                changed = True
            instructions.append(pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(str(operator))))
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    xmp = pdf.Root.Metadata.read_bytes()
    language = _DC_LANGUAGE_XMP.replace(b"LANG", str(pdf.Root.get("/Lang", "nl")).encode())
    pdf.Root.Metadata.write(xmp.replace(b"</rdf:RDF>", _PDFUA_XMP + language + b"</rdf:RDF>", 1))
    out = io.BytesIO()
    # qpdf would write a new random /ID on every save; this one is a hash of the content.
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
