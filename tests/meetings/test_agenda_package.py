"""The agenda package PDF: its cover, table of contents, bookmarks and pages; who gets which
package; and how it is built once per state of the meeting by the background task.

Only a few tests render a real PDF (about a second each); the others replace the renderer.
Under pytest the tasks framework runs the task immediately, inside the request.
"""

import datetime as dt
import io
import re

import pikepdf
import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import AgendaPackage, Meeting, Treatment
from raadsmemo.meetings.package import package_fingerprint
from raadsmemo.meetings.services import meeting_publish, meeting_save
from raadsmemo.memos.models import Memo, Purpose
from tests.conftest import add_item, client_for
from tests.conftest import make_meeting as shared_make_meeting
from tests.publishing import pdfcheck

Audience, State = AgendaPackage.Audience, AgendaPackage.State
HX = {"HTTP_HX_REQUEST": "true"}
STAPELING_TEXT = "Tijdens deze sessie wil het college aan de hand van voorbeelden"
KIK_TEXT = "In deze brief informeert het college u over de nieuwe fase binnen KIK"
SECRET_TEXT = "Onderhandelingsruimte grondprijs Suikerunie"


def make_meeting(**fields) -> Meeting:
    """An unpublished digital meeting: the shared builder with this module's cover details."""
    defaults = {"location": "Digitaal", "chair": "Rik de Boer", "livestream": True}
    return shared_make_meeting(published=False, **{**defaults, **fields})


@pytest.fixture
def meeting(stapeling_memo):
    """The beeldvormende sessie of 12 January 2022: the stapeling memo and a closing item."""
    meeting = make_meeting()
    add_item(meeting, memo=stapeling_memo, duration_minutes=60)
    add_item(meeting, "Rondvraag en sluiting", duration_minutes=5, treatment=Treatment.HAMERSTUK)
    return meeting_publish(meeting=meeting, by=None)


@pytest.fixture
def fake_renderer(monkeypatch):
    """Replace the WeasyPrint rendering by a stand-in that counts its calls."""
    calls = []

    def render(meeting, audience, progress=None):
        calls.append((meeting.pk, audience))
        progress(50)
        return b"%PDF-1.7 stand-in", 3

    monkeypatch.setattr(agenda_package, "render_agenda_package", render)
    return calls


def status_url(meeting) -> str:
    return reverse("meetings:package", args=[meeting.pk])


def pdf_url(meeting) -> str:
    return reverse("meetings:package_pdf", args=[meeting.pk])


def request_and_download(client, meeting) -> tuple[str, bytes]:
    """Ask for the package as a user would (htmx), and download it: the status block and the PDF."""
    block = client.post(status_url(meeting), **HX)
    assert block.status_code == 200
    response = client.get(pdf_url(meeting))
    assert response.status_code == 200, block.content.decode()
    assert response["Content-Type"] == "application/pdf"
    return block.content.decode(), response.content


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def bookmarks(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    return titles


def reported_pages(block: str) -> int:
    return int(re.search(r"Agendapakket downloaden \(PDF, (\d+) pagina", block).group(1))


def check_toc_and_pages(data: bytes, titles: list[str]) -> int:
    """Bookmarks, table of contents and page numbers agree with where each item starts."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = page_texts(data)
    assert bookmarks(pdf) == ["Agenda", *(f"{n}. {title}" for n, title in enumerate(titles, start=1))]
    assert pages[0].startswith("GEMEENTERAAD · AGENDAPAKKET")
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in text
    for number, title in enumerate(titles, start=1):
        starts_on = next(i for i, text in enumerate(pages, start=1) if f"Agendapunt {number} ·" in text)
        # The agenda row on the cover ends in the page number WeasyPrint filled in.
        row = re.search(rf"{number}\. \d\d:\d\d – \d\d:\d\d {re.escape(title)}.*? (\d+) ", pages[0] + " ")
        assert row and int(row.group(1)) == starts_on, (title, pages[0])
    return len(pdf.pages)


@pytest.mark.django_db
def test_internal_package_cover_bookmarks_pages_and_check(gerda, meeting, kik_memo, tmp_path):
    client = client_for(gerda)
    block, data = request_and_download(client, meeting)
    titles = ["Voortgang stapelings- en doorbraakproject", "Rondvraag en sluiting"]
    page_count = check_toc_and_pages(data, titles)
    assert reported_pages(block) == page_count

    cover = page_texts(data)[0]
    for part in [
        "Beeldvormende sessie",
        "woensdag 12 januari 2022",
        "10:30 – 12:00 uur",
        "Plaats: digitaal",
        "Voorzitter: Rik de Boer",
        "live te volgen",
        "Interne versie",
        "1. 10:30 – 11:30 Voortgang stapelings- en doorbraakproject bespreekstuk",
        "2. 11:30 – 11:35 Rondvraag en sluiting hamerstuk",
    ]:
        assert part in cover, part
    text = " ".join(page_texts(data))
    assert STAPELING_TEXT in text
    assert "Bij dit agendapunt hoort geen voorbereidingsmemo." in text

    pdf = pikepdf.open(io.BytesIO(data))
    assert str(pdf.Root.Lang) == "nl"
    assert str(pdf.docinfo.Title) == "Agendapakket Beeldvormende sessie, 12 januari 2022 (intern)"
    assert str(pdf.docinfo.Author) == "Griffie gemeenteraad"
    assert "beeldvormende sessie van 12 januari 2022" in str(pdf.docinfo.Subject)
    fonts = {str(f.BaseFont).split("+")[-1] for page in pdf.pages for _, f in page.obj.Resources.Font.items()}
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts), fonts
    path = tmp_path / "agendapakket.pdf"
    path.write_bytes(data)
    assert pdfcheck.check(str(path))["failures"] == []

    # A memo more on the agenda: a new fingerprint, a new package, more pages, one bookmark more.
    add_item(meeting, memo=kik_memo, duration_minutes=20)
    block, data = request_and_download(client, meeting)
    titles.append("Kansen in kaart (KIK) – een nieuwe fase")
    assert check_toc_and_pages(data, titles) == reported_pages(block) > page_count
    assert AgendaPackage.objects.filter(meeting=meeting).count() == 1


@pytest.mark.django_db
def test_public_package_leaves_out_a_vertrouwelijk_item_and_memo(client, meeting, kik_memo, gerda):
    secret = Memo.objects.create(
        purpose=Purpose.BEELDVORMEND,
        datum=meeting.date,
        title="Verkoop grond Suikerunieterrein",
        samenvatting=SECRET_TEXT,
        confidentiality="vertrouwelijk",
        created_by=gerda,
    )
    add_item(meeting, memo=kik_memo, confidentiality="vertrouwelijk")
    add_item(meeting, "Grondzaken", memo=secret)

    block, data = request_and_download(client, meeting)
    text = " ".join(page_texts(data))
    assert "Kansen in kaart (KIK)" not in text
    assert KIK_TEXT not in text and "E.F. Wams" not in text
    assert "Grondzaken" in text and "Bij dit agendapunt is geen openbare voorbereidingsmemo." in text
    assert SECRET_TEXT not in text and "Suikerunieterrein" not in text
    assert STAPELING_TEXT in text
    assert "Interne versie" not in text
    pdf = pikepdf.open(io.BytesIO(data))
    # Item 3 (vertrouwelijk) is left out; the others keep the numbers of the meeting's agenda.
    assert len(bookmarks(pdf)) == 1 + 3 and "4. Grondzaken" in bookmarks(pdf)
    assert str(pdf.docinfo.Title) == "Agendapakket Beeldvormende sessie, 12 januari 2022"
    assert AgendaPackage.objects.get().audience == Audience.PUBLIC
    response = client.get(pdf_url(meeting))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="2022-01-12-agendapakket-beeldvormende-sessie.pdf"'
    )


@pytest.mark.django_db
def test_anonymous_visitor_gets_no_package_of_an_unpublished_or_closed_meeting(
    client, meeting, fake_renderer
):
    unpublished = make_meeting(title="Nog niet gepubliceerd")
    closed = meeting_publish(meeting=make_meeting(title="Besloten vergadering", is_public=False), by=None)
    for hidden in (unpublished, closed):
        assert client.post(status_url(hidden)).status_code == 404
        assert client.post(status_url(hidden), **HX).status_code == 404
        assert client.get(status_url(hidden), **HX).status_code == 404
        assert client.get(pdf_url(hidden)).status_code == 404
    assert fake_renderer == []
    assert not AgendaPackage.objects.exists()
    # The published, public meeting: no download before the package is made, then the public one.
    assert client.get(pdf_url(meeting)).status_code == 404
    response = client.post(status_url(meeting))
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#agendapakket"
    assert fake_renderer == [(meeting.pk, Audience.PUBLIC)]
    assert client.get(pdf_url(meeting)).content == b"%PDF-1.7 stand-in"


@pytest.mark.django_db
def test_each_role_gets_its_own_audience(meeting, gerda, age, rik, fake_renderer):
    for user in (gerda, age, rik):
        assert client_for(user).post(status_url(meeting), **HX).status_code == 200
    assert fake_renderer == [
        (meeting.pk, Audience.INTERNAL),
        (meeting.pk, Audience.PUBLIC),
    ]  # age reused the internal package gerda asked for
    response = client_for(gerda).get(pdf_url(meeting))
    assert response["Content-Disposition"].endswith('-agendapakket-beeldvormende-sessie-intern.pdf"')
    assert "no-store" in response["Cache-Control"]
    # An unpublished meeting has only the internal package; a raadslid does not see the meeting.
    draft = make_meeting(title="Concept")
    assert client_for(rik).post(status_url(draft), **HX).status_code == 404
    assert client_for(age).post(status_url(draft), **HX).status_code == 200


@pytest.mark.django_db
def test_fingerprint_changes_with_the_meeting_or_a_memo_and_only_then(
    meeting, stapeling_memo, kik_memo, gerda, fake_renderer
):
    first = package_fingerprint(meeting, Audience.PUBLIC)
    assert package_fingerprint(meeting, Audience.PUBLIC) == first
    assert package_fingerprint(meeting, Audience.INTERNAL) != first
    package = agenda_package.agenda_package_request(meeting=meeting, audience=Audience.PUBLIC, by=gerda)
    assert package.state == State.DONE and package.page_count == 3 and package.progress == 100
    assert package.finished_at is not None and package.requested_by == gerda

    # Nothing the package shows changed: the request gives the same package, nothing is rendered.
    kik_memo.samenvatting = "Een memo die op geen van deze agenda's staat."
    kik_memo.save()
    make_meeting(title="Een andere vergadering", date=dt.date(2022, 1, 19))
    meeting.refresh_from_db()
    assert package_fingerprint(meeting, Audience.PUBLIC) == first
    again = agenda_package.agenda_package_request(meeting=meeting, audience=Audience.PUBLIC, by=gerda)
    assert again.pk == package.pk and len(fake_renderer) == 1

    # The meeting changed (a field calendars do not see), then one of its memos.
    meeting.chair = "Carine Bloemhoff"
    meeting_save(meeting=meeting, changed=["chair"])
    second = package_fingerprint(meeting, Audience.PUBLIC)
    assert second != first
    stapeling_memo.samenvatting += " Met een aanvulling."
    stapeling_memo.save()
    third = package_fingerprint(meeting, Audience.PUBLIC)
    assert third not in (first, second)

    newer = agenda_package.agenda_package_request(meeting=meeting, audience=Audience.PUBLIC, by=gerda)
    assert newer.pk != package.pk and newer.fingerprint == third and len(fake_renderer) == 2
    assert list(AgendaPackage.objects.values_list("pk", flat=True)) == [newer.pk]  # the old one is gone


@pytest.mark.django_db
def test_a_package_that_lost_its_worker_is_built_again(meeting, gerda, fake_renderer):
    fingerprint = package_fingerprint(meeting, Audience.PUBLIC)
    package = AgendaPackage.objects.create(
        meeting=meeting, audience=Audience.PUBLIC, fingerprint=fingerprint, state=State.RUNNING, progress=30
    )
    assert (
        agenda_package.agenda_package_request(meeting=meeting, audience=Audience.PUBLIC, by=gerda).pk
        == package.pk
    )
    assert fake_renderer == []  # still running: wait for it
    AgendaPackage.objects.filter(pk=package.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    again = agenda_package.agenda_package_request(meeting=meeting, audience=Audience.PUBLIC, by=gerda)
    assert again.pk == package.pk and again.state == State.DONE and len(fake_renderer) == 1


@pytest.mark.django_db
def test_a_failed_build_is_recorded_and_can_be_retried(meeting, gerda, monkeypatch):
    def broken(meeting, audience, progress=None):
        progress(30)
        raise RuntimeError("Pango is op vakantie")

    monkeypatch.setattr(agenda_package, "render_agenda_package", broken)
    client = client_for(gerda)
    block = client.post(status_url(meeting), **HX).content.decode()
    package = AgendaPackage.objects.get()
    assert package.state == State.FAILED and package.finished_at is not None
    assert package.error.startswith("Het agendapakket kon niet worden gemaakt.")
    assert "Pango" not in package.error
    assert package.error in block.replace("&#x27;", "'") and "Agendapakket (PDF) maken" in block
    assert "every 1s" not in block
    assert client.get(pdf_url(meeting)).status_code == 404

    monkeypatch.setattr(agenda_package, "render_agenda_package", lambda m, a, progress: (b"%PDF", 1))
    block = client.post(status_url(meeting), **HX).content.decode()
    package.refresh_from_db()
    assert package.state == State.DONE and package.error == ""
    assert "Agendapakket downloaden (PDF, 1 pagina)" in block


@pytest.mark.django_db
def test_status_block_polls_while_the_package_is_made(meeting, rik):
    package = AgendaPackage.objects.create(
        meeting=meeting,
        audience=Audience.PUBLIC,
        fingerprint=package_fingerprint(meeting, Audience.PUBLIC),
        state=State.RUNNING,
        progress=40,
    )
    client = client_for(rik)
    block = client.get(status_url(meeting), **HX).content.decode()
    assert "Wordt gemaakt… 40%" in block
    assert f'hx-get="{status_url(meeting)}"' in block and 'hx-trigger="every 1s"' in block
    assert "Vernieuwen" in block
    assert client.get(pdf_url(meeting)).status_code == 404

    # Without htmx the block lives on the meeting page.
    response = client.get(status_url(meeting))
    assert response.status_code == 302 and response["Location"].endswith("#agendapakket")

    AgendaPackage.objects.filter(pk=package.pk).update(
        state=State.DONE, progress=100, page_count=7, pdf=b"%PDF"
    )
    block = client.get(status_url(meeting), **HX).content.decode()
    assert "Agendapakket downloaden (PDF, 7 pagina&#x27;s)" in block
    assert "every 1s" not in block


@pytest.mark.django_db
def test_status_include_needs_only_the_meeting_and_the_request(meeting, django_assert_max_num_queries):
    request = RequestFactory().get(meeting.get_absolute_url())
    request.user = AnonymousUser()
    # Fingerprint (items, contacts), the package, and whether an outdated one exists.
    with django_assert_max_num_queries(4):
        html = render_to_string("meetings/_package_status.html", {"meeting": meeting}, request=request)
    assert "Agendapakket (PDF) maken" in html and f'action="{status_url(meeting)}"' in html

    AgendaPackage.objects.create(
        meeting=meeting, audience=Audience.PUBLIC, fingerprint="0" * 64, state=State.DONE, page_count=4
    )
    html = render_to_string("meetings/_package_status.html", {"meeting": meeting}, request=request)
    assert "gewijzigd sinds het vorige agendapakket" in html
