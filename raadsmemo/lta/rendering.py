"""The "Lijst van toezeggingen en moties" for a meeting: one body for the page and the PDF."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import formats, timezone

from raadsmemo.lta.models import LtaItem
from raadsmemo.publishing.pdf import render_pdf


def lijst_context(on: dt.date) -> dict:
    """The open toezeggingen and moties due on or before the meeting day, with their updates."""
    return {"datum": on, "items": list(LtaItem.objects.on_lijst(on))}


def lijst_filename(on: dt.date) -> str:
    return f"{on:%Y-%m-%d}-lijst-van-toezeggingen-en-moties.pdf"


def pdf_metadata(on: dt.date) -> dict:
    """Title, author, subject and keywords: the PDF's Info dictionary and XMP come from these."""
    day = formats.date_format(on, "j F Y")
    return {
        "title": f"Lijst van toezeggingen en moties, vergadering van {day}",
        "author": "Griffie gemeenteraad",
        "subject": f"Open toezeggingen en moties met een deadline tot en met {day}, met de stand van zaken",
        "keywords": "LTA, toezeggingen, moties, stand van zaken",
        "created": timezone.now(),
    }


def render_lijst_pdf(context: dict) -> bytes:
    html = render_to_string("lta/lijst_pdf.html", {**context, "pdf": pdf_metadata(context["datum"])})
    return render_pdf(html)
