"""The "Lijst van toezeggingen en moties" for a meeting: one body for the page and the PDF."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.text import slugify

from raadsmemo.lta.meeting_links import meeting_label
from raadsmemo.lta.models import LtaItem
from raadsmemo.meetings.models import Meeting
from raadsmemo.publishing.pdf import render_pdf


def lijst_context(on: dt.date, meeting: Meeting | None = None, *, user) -> dict:
    """The open toezeggingen and moties due on or before the meeting day, with their updates.

    With a meeting, its date is the day and its title heads the lijst.
    """
    if meeting is not None:
        on = meeting.date
    return {
        "datum": on,
        "meeting": meeting,
        "meeting_label": meeting_label(meeting) if meeting else "",
        "items": list(LtaItem.objects.visible_to(user).on_lijst(on)),
    }


def lijst_filename(on: dt.date, meeting: Meeting | None = None) -> str:
    """ "2026-12-16-lijst-toezeggingen-en-moties-raadsvergadering.pdf" for a meeting."""
    if meeting is not None:
        return f"{meeting.date:%Y-%m-%d}-lijst-toezeggingen-en-moties-{slugify(meeting.title)}.pdf"
    return f"{on:%Y-%m-%d}-lijst-van-toezeggingen-en-moties.pdf"


def pdf_metadata(on: dt.date, meeting: Meeting | None = None, items: list[LtaItem] = ()) -> dict:
    """Title, author, subject and keywords: the PDF's Info dictionary and XMP come from these.

    The creation date is the newest change the lijst shows, not the clock: the same lijst
    renders to the same bytes.
    """
    day = formats.date_format(on, "j F Y")
    where = meeting_label(meeting) if meeting else f"vergadering van {day}"
    return {
        "title": f"Lijst van toezeggingen en moties, {where}",
        "author": "Griffie gemeenteraad",
        "subject": f"Open toezeggingen en moties met een deadline tot en met {day}, met de stand van zaken",
        "keywords": "LTA, toezeggingen, moties, stand van zaken"
        + (f", {meeting.get_kind_display().lower()}" if meeting else ""),
        "created": max(
            (t for item in items for t in (item.updated_at, *(u.created_at for u in item.updates.all()))),
            default=None,
        ),
    }


PDF_STYLESHEETS = ("css/lta.css", "css/print.css")


def render_lijst_pdf(context: dict) -> bytes:
    """The lijst as a tagged PDF/A-2a file."""
    metadata = pdf_metadata(context["datum"], context.get("meeting"), context["items"])
    html = render_to_string("lta/lijst_pdf.html", {**context, "pdf": metadata})
    return render_pdf(html, PDF_STYLESHEETS)
