"""The collegevoorstel as a page, a live preview and a PDF: all include
templates/collegevoorstellen/_body.html. Anything but a published version is marked as a concept:
on the page, in the preview and in the head of every PDF page."""

from django.template.loader import render_to_string
from django.utils.formats import date_format

from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.publishing.pdf import render_pdf

PDF_STYLESHEETS = ("css/memo.css", "css/print.css")


def pdf_metadata(cv: Collegevoorstel) -> dict:
    return {
        "title": f"Collegevoorstel: {cv.onderwerp}",
        "author": cv.auteur,
        "subject": f"Collegevoorstel van {date_format(cv.datum)} over {cv.onderwerp}",
        "keywords": ", ".join(["collegevoorstel", cv.confidentiality]),
        "created": cv.created_at,
    }


def render_collegevoorstel_pdf(cv: Collegevoorstel, *, version=None) -> bytes:
    """The PDF of the collegevoorstel as it is now (marked as a concept unless it is published), or
    of the published `version` (which says so at the top)."""
    concept = version is None and cv.is_concept
    context = {"cv": cv, "pdf": pdf_metadata(cv), "version": version, "concept": concept}
    return render_pdf(
        render_to_string("collegevoorstellen/collegevoorstel_pdf.html", context), PDF_STYLESHEETS
    )
