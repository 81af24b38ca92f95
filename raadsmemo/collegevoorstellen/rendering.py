"""The collegevoorstel as a page and as a PDF: both include templates/collegevoorstellen/_body.html."""

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
        "keywords": ", ".join(["collegevoorstel", cv.status]),
        "created": cv.created_at,
    }


def render_collegevoorstel_pdf(cv: Collegevoorstel) -> bytes:
    html = render_to_string(
        "collegevoorstellen/collegevoorstel_pdf.html", {"cv": cv, "pdf": pdf_metadata(cv)}
    )
    return render_pdf(html, PDF_STYLESHEETS)
