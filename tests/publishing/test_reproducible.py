"""The same content renders to the same PDF bytes: no random /ID, no clock in the file."""

import datetime as dt
import io
import os
from contextlib import contextmanager

import pikepdf
import pytest
import time_machine
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.memos.models import Memo, MemoContact, MemoLink, ProgrammeSlot
from raadsmemo.memos.rendering import memo_context_from_memo, render_memo_pdf
from raadsmemo.people.models import Contact
from raadsmemo.publishing.pdf import recent_pdfs


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def trailer_id(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [bytes(part) for part in pdf.trailer.ID]


@contextmanager
def a_year_later():
    """Every clock reads a year later, so a date taken from any of them would change the file."""
    with time_machine.travel(timezone.now() + dt.timedelta(days=365), tick=False):
        yield


@pytest.mark.django_db
def test_two_renders_of_a_memo_are_byte_identical(griffie_client, kik_memo):
    url = reverse("memos:pdf", args=[kik_memo.pk])
    first = griffie_client.get(url).content
    recent_pdfs.clear()  # render again, not from the recent PDFs
    assert griffie_client.get(url).content == first
    recent_pdfs.clear()
    with a_year_later():  # (the session would expire: render without the client)
        assert render_memo_pdf(memo_context_from_memo(Memo.objects.with_rows().get(pk=kik_memo.pk))) == first
    # The trailer /ID is a hash of the content: another letter, another /ID.
    kik_memo.aan = "Raad en college"
    kik_memo.save()
    changed = griffie_client.get(url).content
    assert trailer_id(changed) != trailer_id(first)


@pytest.mark.django_db
def test_a_restored_memo_renders_to_the_same_bytes(griffie_client, kik_memo):
    """A backup and restore (dump the rows, delete them, load them) gives the very same PDF."""
    url = reverse("memos:pdf", args=[kik_memo.pk])
    before = griffie_client.get(url).content
    recent_pdfs.clear()
    rows = [
        Memo.objects.filter(pk=kik_memo.pk),
        MemoContact.objects.filter(memo=kik_memo),
        ProgrammeSlot.objects.filter(memo=kik_memo),
        MemoLink.objects.filter(memo=kik_memo),
    ]
    dump = serializers.serialize("json", [obj for qs in rows for obj in qs])
    contacts = serializers.serialize("json", Contact.objects.all())
    for qs in reversed(rows):
        qs.delete()
    assert not Memo.objects.filter(pk=kik_memo.pk).exists()
    for obj in serializers.deserialize("json", contacts):
        obj.save()
    for obj in serializers.deserialize("json", dump):
        obj.save()
    assert griffie_client.get(url).content == before


@pytest.mark.django_db
def test_two_renders_of_the_lijst_are_byte_identical(client):
    item = LtaItem(number="2026-1", kind=Kind.TOEZEGGING, title="Brief over de Oosterpoort")
    item.deadline = dt.date(2026, 12, 1)
    item.save()
    item.updates.create(date=dt.date(2026, 11, 2), text="Het college schrijft de brief.")
    url = reverse("lta:lijst_pdf") + "?datum=2026-12-16"
    first = client.get(url).content
    recent_pdfs.clear()
    with a_year_later():
        assert client.get(url).content == first


@pytest.mark.django_db
def test_an_unchanged_memo_is_served_from_the_recent_pdfs(griffie_client, kik_memo, monkeypatch):
    """The second request of the same memo does not render; an edit renders anew."""
    from raadsmemo.publishing import pdf

    renders = []
    render = pdf._Renderer.render
    monkeypatch.setattr(pdf._Renderer, "render", lambda self, *a: renders.append(1) or render(self, *a))
    url = reverse("memos:pdf", args=[kik_memo.pk])
    first = griffie_client.get(url).content
    assert griffie_client.get(url).content == first
    assert len(renders) == 1
    kik_memo.aan = "Raad en college"
    kik_memo.save()
    changed = griffie_client.get(url).content
    assert len(renders) == 2 and changed != first
    assert "Raad en college" in pdf_text(changed)


@pytest.mark.django_db
def test_an_edited_stylesheet_is_parsed_again_and_the_pdf_rendered_anew(kik_memo, tmp_path, monkeypatch):
    """Kept stylesheets and recent PDFs follow the CSS files: no restart needed after an edit."""
    from raadsmemo.publishing import pdf

    real = pdf.static_file_path
    copy = tmp_path / "print.css"
    copy.write_text(real("css/print.css").read_text())
    monkeypatch.setattr(pdf, "static_file_path", lambda name: copy if name == "css/print.css" else real(name))
    context = memo_context_from_memo(Memo.objects.with_rows().get(pk=kik_memo.pk))
    before = render_memo_pdf(context)
    assert render_memo_pdf(context) == before
    copy.write_text(copy.read_text() + "\n.memo .memo__title { font-size: 30pt; }\n")
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))
    after = render_memo_pdf(context)
    assert after != before
    monkeypatch.undo()
    assert render_memo_pdf(context) == before
