"""A very long unbroken word (a pasted URL, a kenmerk) wraps inside the margin in every PDF."""

import datetime as dt

import pytest
import weasyprint
from django.urls import reverse
from weasyprint.formatting_structure import boxes

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.meetings.models import AgendaItem
from raadsmemo.meetings.package import render_agenda_package
from tests.conftest import add_item, make_meeting

LONG_URL = "https://gemeenteraad.groningen.nl/Documenten/" + "Raadsvoorstel-Oosterpoort-" * 12 + "bijlage.pdf"
KENMERK = "Kenmerk" + "7" * 160


@pytest.fixture
def layouts(monkeypatch):
    """The laid-out WeasyPrint documents of the PDFs that the test renders."""
    documents = []
    render = weasyprint.HTML.render

    def keep(self, *args, **kwargs):
        documents.append(render(self, *args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(weasyprint.HTML, "render", keep)
    return documents


def overflowing_text(document) -> list[str]:
    """Text that ends beyond the right margin of its page (or starts before the left one)."""
    found = []
    for page in document.pages:
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        stack = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox) and (
                box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5
            ):
                found.append(box.text[:60])
            stack.extend(getattr(box, "children", []))
    return found


@pytest.mark.django_db
def test_memo_pdf_wraps_long_words(griffie_client, stapeling_memo, layouts):
    stapeling_memo.aan = "Raad" + "X" * 150
    stapeling_memo.title = KENMERK
    stapeling_memo.samenvatting = f"Zie {LONG_URL} voor het raadsvoorstel."
    stapeling_memo.voorgeschiedenis = LONG_URL
    stapeling_memo.save()
    slot = stapeling_memo.programme_slots.first()
    slot.activity = KENMERK
    slot.save()
    response = griffie_client.get(reverse("memos:pdf", args=[stapeling_memo.pk]))
    assert response.status_code == 200
    assert len(layouts) == 1
    assert overflowing_text(layouts[0]) == []
    # The long word is there in pieces, not cut: every character of it made it onto a page.
    text = "".join(
        box.text
        for page in layouts[0].pages
        for box in _descendants(page._page_box)
        if isinstance(box, boxes.TextBox)
    )
    assert KENMERK in text.replace("\n", "")


def _descendants(box):
    for child in getattr(box, "children", []):
        yield child
        yield from _descendants(child)


@pytest.mark.django_db
def test_lijst_pdf_wraps_long_words(client, layouts):
    item = LtaItem(number="2026-1", kind=Kind.TOEZEGGING, title=KENMERK, text=LONG_URL)
    item.deadline = dt.date(2026, 12, 1)
    item.save()
    item.updates.create(date=dt.date(2026, 11, 2), text=LONG_URL)
    assert client.get(reverse("lta:lijst_pdf") + "?datum=2026-12-16").status_code == 200
    assert overflowing_text(layouts[0]) == []


@pytest.mark.django_db
def test_agenda_package_wraps_long_words(stapeling_memo, layouts):
    stapeling_memo.samenvatting = LONG_URL
    stapeling_memo.save()
    meeting = make_meeting(title="Sessie " + KENMERK, location=KENMERK, chair="Voorzitter" + "Z" * 100)
    add_item(meeting, KENMERK, memo=stapeling_memo)
    # The longest title an agenda item holds (PostgreSQL enforces max_length; SQLite does not).
    add_item(meeting, LONG_URL[: AgendaItem._meta.get_field("title").max_length])
    render_agenda_package(meeting, "internal")
    assert overflowing_text(layouts[0]) == []
