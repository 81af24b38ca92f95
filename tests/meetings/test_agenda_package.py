"""The agenda packages: their cover, table of contents, bookmarks and pages; who gets which; how
the task worker builds them by itself after every change to a published meeting, keeps them in
storage, and offers the newest finished one while the next is built.

Only a few tests render a real PDF (about a second each); the others replace the renderer.
Under pytest the tasks framework runs a task at once (ImmediateBackend). Builds are queued after
the commit, so a test that wants them runs the commit callbacks
(`django_capture_on_commit_callbacks(execute=True)`), uses a real transaction, or calls
`request_package_builds` as the callback does.
"""

import datetime as dt
import hashlib
import io
import re

import pikepdf
import pypdf
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings import services
from raadsmemo.meetings.models import AgendaItem, AgendaPackage, Meeting, Treatment
from raadsmemo.meetings.package import package_fingerprint
from raadsmemo.meetings.package_store import claim_build
from raadsmemo.meetings.services import meeting_publish, meeting_save
from raadsmemo.meetings.tasks import build_agenda_package, request_package_builds, schedule_package_builds
from raadsmemo.memos.models import Memo, Purpose
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.workflow import TERUG_NAAR_CONCEPT
from tests.conftest import add_item, client_for, publish_memo
from tests.conftest import make_meeting as shared_make_meeting
from tests.publishing import pdfcheck

Audience, State = AgendaPackage.Audience, AgendaPackage.State
HX = {"HTTP_HX_REQUEST": "true"}
STAPELING_TEXT = "Tijdens deze sessie wil het college aan de hand van voorbeelden"
KIK_TEXT = "In deze brief informeert het college u over de nieuwe fase binnen KIK"
SECRET_TEXT = "Onderhandelingsruimte grondprijs Suikerunie"
NOT_READY = "Het agendapakket wordt gemaakt; kom later terug."


def make_meeting(**fields) -> Meeting:
    """An unpublished digital meeting: the shared builder with this module's cover details."""
    defaults = {"location": "Digitaal", "chair": "Rik de Boer", "livestream": True}
    return shared_make_meeting(published=False, **{**defaults, **fields})


@pytest.fixture
def meeting(stapeling_memo):
    """The beeldvormende sessie of 12 January 2022: the stapeling memo and a closing item.

    Published inside the test's transaction, so no package is built yet (no commit).
    """
    meeting = make_meeting()
    add_item(meeting, memo=publish_memo(stapeling_memo), duration_minutes=60)
    add_item(meeting, "Rondvraag en sluiting", duration_minutes=5, treatment=Treatment.HAMERSTUK)
    return meeting_publish(meeting=meeting, by=None)


@pytest.fixture
def fake_renderer(monkeypatch):
    """Replace the WeasyPrint rendering by a stand-in that counts its calls (each PDF differs)."""
    calls = []

    def render(meeting, audience, progress=None):
        calls.append((meeting.pk, audience))
        progress(50)
        return b"%%PDF-1.7 stand-in %d" % len(calls), 3

    monkeypatch.setattr(agenda_package, "render_agenda_package", render)
    return calls


def status_url(meeting) -> str:
    return reverse("meetings:package", args=[meeting.pk])


def rebuild_url(meeting) -> str:
    return reverse("meetings:package_rebuild", args=[meeting.pk])


def pdf_url(meeting) -> str:
    return reverse("meetings:package_pdf", args=[meeting.pk])


def internal_pdf_url(meeting) -> str:
    return reverse("meetings:package_internal_pdf", args=[meeting.pk])


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def package_block(client, meeting) -> str:
    """The agenda package block of the meeting page, as this user sees it."""
    page = client.get(meeting.get_absolute_url()).content.decode()
    return re.search(r'<section id="agendapakket".*?</section>', page, re.S).group(0)


def stored_files() -> list[str]:
    """Every stored package file (each test has its own MEDIA_ROOT), relative to MEDIA_ROOT."""
    root = settings.MEDIA_ROOT
    return sorted(
        str(path.relative_to(root)) for path in (root / "agendapakketten").rglob("*") if path.is_file()
    )


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


def reported_pages(block: str, *, internal: bool = False) -> int:
    label = "Agendapakket (intern) downloaden" if internal else "Agendapakket downloaden"
    return int(re.search(rf"{re.escape(label)} \(PDF, (\d+) pagina", block).group(1))


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


# --- What the packages hold -------------------------------------------------------------------


@pytest.mark.django_db
def test_internal_package_cover_bookmarks_pages_and_check(
    gerda, meeting, kik_memo, tmp_path, django_capture_on_commit_callbacks
):
    request_package_builds(meeting.pk)
    client = client_for(gerda)
    block = package_block(client, meeting)
    data = download(client, internal_pdf_url(meeting))
    titles = ["Voortgang stapelings- en doorbraakproject", "Rondvraag en sluiting"]
    page_count = check_toc_and_pages(data, titles)
    assert reported_pages(block, internal=True) == page_count

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

    # A memo more on the agenda: new packages, more pages, one bookmark more; the old ones go.
    with django_capture_on_commit_callbacks(execute=True):
        add_item(meeting, memo=kik_memo, duration_minutes=20)
    block = package_block(client, meeting)
    data = download(client, internal_pdf_url(meeting))
    titles.append("Kansen in kaart (KIK) – een nieuwe fase")
    assert check_toc_and_pages(data, titles) == reported_pages(block, internal=True) > page_count
    assert AgendaPackage.objects.filter(meeting=meeting, audience=Audience.INTERNAL).count() == 1
    assert len(stored_files()) == 2  # the public and the internal package of the meeting as it is now


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
    request_package_builds(meeting.pk)

    response = client.get(pdf_url(meeting))
    data = b"".join(response.streaming_content)
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

    # Sent as a stored file: checksum as ETag, its length, a filename, cacheable but revalidated.
    package = AgendaPackage.objects.get(audience=Audience.PUBLIC)
    assert package.sha256 == hashlib.sha256(data).hexdigest() and package.size == len(data)
    assert response["ETag"] == f'"{package.sha256}"'
    assert response["Content-Length"] == str(len(data))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="agendapakket-2022-01-12-beeldvormende-sessie.pdf"'
    )
    assert response["Cache-Control"] == "public, no-cache"
    assert client.get(pdf_url(meeting), headers={"If-None-Match": f'"{package.sha256}"'}).status_code == 304


# --- Built without anyone asking --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_publishing_a_meeting_makes_its_public_package_without_anyone_asking(client, gerda, stapeling_memo):
    """The must-show: the griffie publishes, a visitor downloads; a changed agenda makes a new one.

    A real transaction, so the builds start from the commit as in production.
    """
    meeting = make_meeting()
    first = add_item(meeting, memo=publish_memo(stapeling_memo, until="vastgesteld"), duration_minutes=60)
    add_item(meeting, "Rondvraag en sluiting", duration_minutes=5)
    assert not AgendaPackage.objects.exists()  # an unpublished meeting gets none by itself

    griffie = client_for(gerda)
    assert griffie.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 302

    # The visitor's first request after the publication: the package is there.
    assert "Agendapakket downloaden (PDF, " in package_block(client, meeting)
    data = download(client, pdf_url(meeting))
    text = " ".join(page_texts(data))
    assert STAPELING_TEXT in text
    assert text.index("1. Voortgang stapelings") < text.index("2. Rondvraag en sluiting")
    assert AgendaPackage.objects.filter(audience=Audience.INTERNAL, state=State.DONE).count() == 1

    # The griffie moves the memo down: the next download is the new agenda, the old file is gone.
    old_files = stored_files()
    griffie.post(reverse("meetings:item_down", args=[meeting.pk, first.pk]))
    newer = download(client, pdf_url(meeting))
    assert newer != data
    text = " ".join(page_texts(newer))
    assert text.index("1. Rondvraag en sluiting") < text.index("2. Voortgang stapelings")
    assert len(stored_files()) == 2 and not set(stored_files()) & set(old_files)


@pytest.mark.django_db
def test_every_change_to_a_published_agenda_builds_the_packages_again(
    meeting, kik_memo, gerda, fake_renderer, django_capture_on_commit_callbacks
):
    def builds_after(change) -> list:
        before = len(fake_renderer)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return fake_renderer[before:]

    both = [(meeting.pk, Audience.PUBLIC), (meeting.pk, Audience.INTERNAL)]
    assert builds_after(lambda: request_package_builds(meeting.pk)) == both
    closing = AgendaItem.objects.get(meeting=meeting, title="Rondvraag en sluiting")

    def edit_item():
        closing.title = "Rondvraag"
        services.agenda_item_save_with_stukken(
            item=closing, changed=["title"], stukken=[], based_on_revision=closing.revision
        )

    def edit_meeting():
        meeting.chair = "Carine Bloemhoff"
        meeting_save(meeting=meeting, changed=["chair"])

    changes = {
        "item added": lambda: add_item(meeting, memo=kik_memo),
        "item moved": lambda: services.agenda_item_move(item=closing, offset=-1),
        "agenda reordered": lambda: services.agenda_reorder(
            meeting=meeting,
            ordered_ids=list(meeting.items.order_by("-position").values_list("pk", flat=True)),
        ),
        "item edited": edit_item,
        "memo started": lambda: services.memo_create_for_item(item=closing, by=gerda),
        "item removed": lambda: services.agenda_item_remove(item=AgendaItem.objects.get(memo=kik_memo)),
        "meeting edited": edit_meeting,
        "meeting moved": lambda: services.meeting_move(
            meeting=meeting, date=dt.date(2022, 1, 19), start_time=dt.time(19), end_time=dt.time(21), by=gerda
        ),
        "meeting cancelled": lambda: services.meeting_cancel(meeting=meeting, by=gerda),
    }
    for name, change in changes.items():
        assert builds_after(change) == both, name
    assert AgendaPackage.objects.count() == 2  # each build removed the packages it replaced

    # Unpublished: no builds (the public package is gone from the page with the meeting).
    assert builds_after(lambda: meeting_publish(meeting=meeting, by=gerda, publish=False)) == []
    assert builds_after(lambda: add_item(meeting, "Nog een punt")) == []
    # Published again: built again.
    assert builds_after(lambda: meeting_publish(meeting=meeting, by=gerda)) == both


@pytest.mark.django_db
def test_builds_are_deduplicated_by_the_fingerprint(
    meeting, fake_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        schedule_package_builds(meeting)
        schedule_package_builds(meeting)
    # (The other callbacks raise the public pages' content version: publishing/caching.py.)
    assert len([c for c in callbacks if c.__qualname__.startswith("schedule_package_builds")]) == 2
    assert fake_renderer == [(meeting.pk, Audience.PUBLIC), (meeting.pk, Audience.INTERNAL)]
    # Nothing changed since: nothing to build, nothing queued.
    assert request_package_builds(meeting.pk) == []
    assert len(fake_renderer) == 2


@pytest.mark.django_db
def test_a_besloten_meeting_gets_only_the_internal_package(fake_renderer, django_capture_on_commit_callbacks):
    closed = make_meeting(title="Besloten vergadering", is_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=closed, by=None)
    assert fake_renderer == [(closed.pk, Audience.INTERNAL)]


# --- Visitors only download -------------------------------------------------------------------


def package_forms(html: str) -> list[str]:
    """Every form, button or htmx post on the page that goes to an agenda package address."""
    return re.findall(r'<form[^>]*agendapakket[^>]*>|hx-post="[^"]*agendapakket[^"]*"', html) + re.findall(
        r"<button[^>]*>[^<]*(?:maken|agendapakket)[^<]*</button>", html, re.I
    )


@pytest.mark.django_db
def test_visitors_raadsleden_and_the_agendacommissie_only_download(
    client, meeting, rik, age, gerda, fake_renderer
):
    readers = {"visitor": client, "raadslid": client_for(rik), "agendacommissie": client_for(age)}
    for who, reader in readers.items():
        page = reader.get(meeting.get_absolute_url()).content.decode()
        assert package_forms(page) == [], who
        assert NOT_READY in page, who
        assert "%" not in package_block(reader, meeting), who  # no progress
        assert reader.get(pdf_url(meeting)).status_code == 404

    request_package_builds(meeting.pk)
    for who, reader in readers.items():
        page = reader.get(meeting.get_absolute_url()).content.decode()
        assert package_forms(page) == [], who
        assert NOT_READY not in page and "Agendapakket downloaden (PDF, 3 pagina&#x27;s)" in page, who
        assert download(reader, pdf_url(meeting)) == b"%PDF-1.7 stand-in 1"
    # The griffie, and only she, has the button.
    page = client_for(gerda).get(meeting.get_absolute_url()).content.decode()
    assert package_forms(page) == [
        f'<form method="post" action="{rebuild_url(meeting)}"\n          hx-post="{rebuild_url(meeting)}" hx-target="#agendapakket" hx-swap="outerHTML">',
        '<button class="utrecht-button utrecht-button--secondary-action" type="submit">Agendapakket opnieuw maken</button>',
    ]


@pytest.mark.django_db
def test_only_the_griffie_can_ask_for_a_rebuild(
    client, meeting, rik, age, gerda, fake_renderer, django_capture_on_commit_callbacks
):
    for reader, expected in [(client, 302), (client_for(rik), 403), (client_for(age), 403)]:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = reader.post(rebuild_url(meeting), **HX)
        assert response.status_code == expected
        assert callbacks == []
    assert client.post(rebuild_url(meeting))["Location"].startswith(reverse("login"))
    assert client_for(gerda).get(rebuild_url(meeting)).status_code == 405
    assert not AgendaPackage.objects.exists() and fake_renderer == []

    griffie = client_for(gerda)
    with django_capture_on_commit_callbacks(execute=True):
        block = griffie.post(rebuild_url(meeting), **HX).content.decode()
    assert len(fake_renderer) == 2
    assert block.count("Gemaakt op") == 2 and "Het agendapakket wordt opnieuw gemaakt." in block
    first = {package.audience: package.file.name for package in AgendaPackage.objects.all()}
    assert AgendaPackage.objects.get(audience=Audience.PUBLIC).requested_by == gerda

    # Without htmx: back to the meeting page. A rebuild of a finished package makes a new file.
    with django_capture_on_commit_callbacks(execute=True):
        response = griffie.post(rebuild_url(meeting))
    assert (
        response.status_code == 302 and response["Location"] == f"{meeting.get_absolute_url()}#agendapakket"
    )
    assert len(fake_renderer) == 4
    again = {package.audience: package.file.name for package in AgendaPackage.objects.all()}
    assert set(again.values()).isdisjoint(first.values())
    assert stored_files() == sorted(again.values())  # the replaced files were removed
    assert download(client, pdf_url(meeting)) == b"%PDF-1.7 stand-in 3"

    # An unpublished meeting: the griffie can have its internal package made.
    draft = make_meeting(title="Concept")
    with django_capture_on_commit_callbacks(execute=True):
        griffie.post(rebuild_url(draft), **HX)
    assert fake_renderer[-1] == (draft.pk, Audience.INTERNAL) and len(fake_renderer) == 5


@pytest.mark.django_db
def test_the_internal_package_never_reaches_visitors_or_raadsleden(
    client, meeting, rik, age, gerda, fake_renderer
):
    request_package_builds(meeting.pk)
    assert client.get(internal_pdf_url(meeting))["Location"].startswith(reverse("login"))
    assert client_for(rik).get(internal_pdf_url(meeting)).status_code == 403
    for reader in (client, client_for(rik)):
        page = reader.get(meeting.get_absolute_url()).content.decode()
        assert internal_pdf_url(meeting) not in page and "Interne versie" not in page
        assert download(reader, pdf_url(meeting)) == b"%PDF-1.7 stand-in 1"  # the public one

    for staff in (gerda, age):
        response = client_for(staff).get(internal_pdf_url(meeting))
        assert b"".join(response.streaming_content) == b"%PDF-1.7 stand-in 2"
        assert response["Content-Disposition"].endswith('-beeldvormende-sessie-intern.pdf"')
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert internal_pdf_url(meeting) in client_for(staff).get(meeting.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_gets_no_package_of_an_unpublished_or_closed_meeting(client, gerda, fake_renderer):
    unpublished = make_meeting(title="Nog niet gepubliceerd")
    closed = meeting_publish(meeting=make_meeting(title="Besloten vergadering", is_public=False), by=None)
    for hidden in (unpublished, closed):
        request_package_builds(hidden.pk, force=True)
        for url in (status_url(hidden), pdf_url(hidden), internal_pdf_url(hidden)):
            assert client.get(url, **HX).status_code in (302, 404)
        assert client.get(pdf_url(hidden)).status_code == 404
        # Not even the griffie gets a public package of a meeting that has none.
        assert client_for(gerda).get(pdf_url(hidden)).status_code == 404
    assert not AgendaPackage.objects.filter(audience=Audience.PUBLIC).exists()


# --- Progress, failures, and the package of before -------------------------------------------


@pytest.mark.django_db
def test_a_failed_build_shows_only_to_the_griffie_and_can_be_retried(
    client, meeting, gerda, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(meeting, audience, progress=None):
        progress(30)
        raise RuntimeError("Pango is op vakantie")

    monkeypatch.setattr(agenda_package, "render_agenda_package", broken)
    request_package_builds(meeting.pk)
    package = AgendaPackage.objects.get(audience=Audience.PUBLIC)
    assert package.state == State.FAILED and package.finished_at is not None
    assert package.error.startswith("Het agendapakket kon niet worden gemaakt.")
    assert "Pango" not in package.error
    assert stored_files() == []

    griffie = client_for(gerda)
    block = griffie.get(status_url(meeting), **HX).content.decode()
    assert block.replace("&#x27;", "'").count(package.error) == 2  # public and internal
    assert "Agendapakket opnieuw maken" in block and "every 2s" not in block
    visitor_block = package_block(client, meeting)
    assert NOT_READY in visitor_block and "niet worden gemaakt" not in visitor_block
    assert client.get(pdf_url(meeting)).status_code == 404

    monkeypatch.setattr(agenda_package, "render_agenda_package", lambda m, a, progress: (b"%PDF", 1))
    with django_capture_on_commit_callbacks(execute=True):
        block = griffie.post(rebuild_url(meeting), **HX).content.decode()
    package.refresh_from_db()
    assert package.state == State.DONE and package.error == ""
    assert "Agendapakket downloaden (PDF, 1 pagina)" in block
    assert download(client, pdf_url(meeting)) == b"%PDF"


@pytest.mark.django_db
def test_the_griffie_follows_a_build_the_others_do_not(meeting, gerda, rik):
    for audience in (Audience.PUBLIC, Audience.INTERNAL):
        AgendaPackage.objects.create(
            meeting=meeting,
            audience=audience,
            fingerprint=package_fingerprint(meeting, audience),
            state=State.RUNNING,
            progress=40,
        )
    block = client_for(gerda).get(status_url(meeting), **HX).content.decode()
    assert block.count("Wordt gemaakt… 40%") == 2
    assert f'hx-get="{status_url(meeting)}"' in block and 'hx-trigger="every 2s"' in block
    assert "Vernieuwen" in block
    # The state goes into the live region that stays in the page, once: not again on the next
    # poll, which says what was announced (hx-vals), but again when the state changes.
    news = '<p id="agendapakket-melding" hx-swap-oob="innerHTML">Het agendapakket wordt gemaakt.</p>'
    assert news in block and """hx-vals='{"gemeld": "Het agendapakket wordt gemaakt."}'""" in block
    polled = client_for(gerda).get(status_url(meeting), {"gemeld": "Het agendapakket wordt gemaakt."}, **HX)
    assert "agendapakket-melding" not in polled.content.decode()
    page = client_for(gerda).get(meeting.get_absolute_url()).content.decode()
    assert page.count('id="agendapakket-melding"') == 1 and 'role="status"></p>' in page

    raadslid = client_for(rik)
    block = raadslid.get(status_url(meeting), **HX).content.decode()
    assert NOT_READY in block and "40%" not in block and "hx-get" not in block
    assert raadslid.get(pdf_url(meeting)).status_code == 404
    # Without htmx the block lives on the meeting page.
    response = raadslid.get(status_url(meeting))
    assert response.status_code == 302 and response["Location"].endswith("#agendapakket")
    assert raadslid.post(status_url(meeting)).status_code == 405


@pytest.mark.django_db
def test_the_newest_package_stays_while_the_next_is_built_unless_it_shows_what_is_no_longer_public(
    client, meeting, gerda, kik_memo, fake_renderer, django_capture_on_commit_callbacks
):
    request_package_builds(meeting.pk)
    # The agenda changes; its new packages are not built yet (this test's transaction never commits).
    add_item(meeting, memo=kik_memo)
    assert AgendaPackage.objects.count() == 2
    block = package_block(client, meeting)
    assert "Dit is het vorige agendapakket" in block
    assert download(client, pdf_url(meeting)) == b"%PDF-1.7 stand-in 1"
    assert "Dit is het vorige agendapakket" in package_block(client_for(gerda), meeting)

    # The stapeling item becomes vertrouwelijk: the older public package showed it, so it goes.
    stapeling_item = AgendaItem.objects.get(memo__title__startswith="Voortgang stapelings")
    stapeling_item.confidentiality = "vertrouwelijk"
    services.agenda_item_save_with_stukken(
        item=stapeling_item,
        changed=["confidentiality"],
        stukken=[],
        based_on_revision=stapeling_item.revision,
    )
    assert NOT_READY in package_block(client, meeting)
    assert client.get(pdf_url(meeting)).status_code == 404
    # The internal package shows everything to those who may read everything: it stays.
    assert download(client_for(gerda), internal_pdf_url(meeting)) == b"%PDF-1.7 stand-in 2"

    # The new packages are built: the old rows and files go (after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        request_package_builds(meeting.pk)
    assert download(client, pdf_url(meeting)) == b"%PDF-1.7 stand-in 3"
    assert AgendaPackage.objects.count() == 2 and len(stored_files()) == 2


@pytest.mark.django_db
def test_a_build_overtaken_by_a_change_is_dropped(meeting, fake_renderer):
    package = claim_build(meeting, Audience.PUBLIC)
    meeting.chair = "Carine Bloemhoff"
    meeting_save(meeting=meeting, changed=["chair"])
    build_agenda_package.call(package.pk)
    assert fake_renderer == [] and not AgendaPackage.objects.exists()


@pytest.mark.django_db
def test_fingerprint_changes_with_the_meeting_or_a_memo_and_only_then(
    meeting, stapeling_memo, kik_memo, gerda, fake_renderer
):
    first = package_fingerprint(meeting, Audience.PUBLIC)
    assert package_fingerprint(meeting, Audience.PUBLIC) == first
    assert package_fingerprint(meeting, Audience.INTERNAL) != first
    package = claim_build(meeting, Audience.PUBLIC, by=gerda)
    build_agenda_package.call(package.pk)
    package.refresh_from_db()
    assert package.state == State.DONE and package.page_count == 3 and package.progress == 100
    assert package.finished_at is not None and package.requested_by == gerda
    assert package.shown_memos == [stapeling_memo.pk]

    # Nothing the package shows changed: nothing to build.
    kik_memo.samenvatting = "Een memo die op geen van deze agenda's staat."
    kik_memo.save()
    make_meeting(title="Een andere vergadering", date=dt.date(2022, 1, 19))
    meeting.refresh_from_db()
    assert package_fingerprint(meeting, Audience.PUBLIC) == first
    assert claim_build(meeting, Audience.PUBLIC, by=gerda) is None and len(fake_renderer) == 1

    # The meeting changed (a field calendars do not see), then one of its memos.
    meeting.chair = "Carine Bloemhoff"
    meeting_save(meeting=meeting, changed=["chair"])
    second = package_fingerprint(meeting, Audience.PUBLIC)
    assert second != first
    # Editing the concept of a published memo changes nothing the public package shows; its
    # next version does.
    concept_edit = package_fingerprint(meeting, Audience.INTERNAL)
    memo_take_step(
        memo=stapeling_memo,
        step=TERUG_NAAR_CONCEPT,
        by=gerda,
        reason="Aanvulling.",
        based_on_revision=ANY_REVISION,
    )
    stapeling_memo.samenvatting += " Met een aanvulling."
    stapeling_memo.save(update_fields=["samenvatting"])
    assert package_fingerprint(meeting, Audience.PUBLIC) == second
    assert package_fingerprint(meeting, Audience.INTERNAL) != concept_edit
    publish_memo(stapeling_memo, by=gerda, reason="Aanvulling.")
    meeting.refresh_from_db()
    third = package_fingerprint(meeting, Audience.PUBLIC)
    assert third not in (first, second)

    newer = claim_build(meeting, Audience.PUBLIC, by=gerda)
    build_agenda_package.call(newer.pk)
    assert newer.pk != package.pk and newer.fingerprint == third and len(fake_renderer) == 2
    assert list(AgendaPackage.objects.values_list("pk", flat=True)) == [newer.pk]  # the old one is gone


@pytest.mark.django_db
def test_a_package_that_lost_its_worker_is_built_again(meeting, gerda, fake_renderer):
    fingerprint = package_fingerprint(meeting, Audience.PUBLIC)
    package = AgendaPackage.objects.create(
        meeting=meeting, audience=Audience.PUBLIC, fingerprint=fingerprint, state=State.RUNNING, progress=30
    )
    assert claim_build(meeting, Audience.PUBLIC, by=gerda) is None  # still running: wait for it
    assert claim_build(meeting, Audience.PUBLIC, by=gerda, force=True) is None
    AgendaPackage.objects.filter(pk=package.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert request_package_builds(meeting.pk) == [
        package.pk,
        AgendaPackage.objects.get(audience="internal").pk,
    ]
    package.refresh_from_db()
    assert package.state == State.DONE and len(fake_renderer) == 2


@pytest.mark.django_db
def test_status_include_needs_only_the_meeting_and_the_request(
    meeting, fake_renderer, django_assert_num_queries
):
    request = RequestFactory().get(meeting.get_absolute_url())
    request.user = AnonymousUser()
    request_package_builds(meeting.pk)
    # The packages, then the fingerprint (the items; the public package takes its memos'
    # contact details from their published snapshots).
    with django_assert_num_queries(2):
        html = render_to_string("meetings/_package_status.html", {"meeting": meeting}, request=request)
    assert f'href="{pdf_url(meeting)}"' in html

    # An older package is offered only after checking what it shows: one query more.
    AgendaPackage.objects.filter(audience=Audience.PUBLIC).update(fingerprint="0" * 64)
    with django_assert_num_queries(3):
        html = render_to_string("meetings/_package_status.html", {"meeting": meeting}, request=request)
    assert "Dit is het vorige agendapakket" in html


@pytest.mark.django_db
def test_a_command_queues_the_packages_published_meetings_lack(meeting, fake_renderer, time_machine):
    from django.core.management import call_command

    time_machine.move_to(dt.datetime(2022, 1, 10, 9, tzinfo=dt.UTC))
    earlier = meeting_publish(meeting=make_meeting(title="Vorige sessie", date=dt.date(2022, 1, 5)), by=None)
    make_meeting(title="Niet gepubliceerd", date=dt.date(2022, 1, 19))
    out = io.StringIO()
    call_command("build_agenda_packages", stdout=out)
    assert out.getvalue() == "2 agendapakket(ten) in de wachtrij gezet.\n"
    assert {pk for pk, _ in fake_renderer} == {meeting.pk}
    call_command("build_agenda_packages", "--alle", stdout=out)
    assert {pk for pk, _ in fake_renderer} == {meeting.pk, earlier.pk} and len(fake_renderer) == 4


@pytest.mark.parametrize(("published", "public"), [(True, True), (True, False), (False, True)])
def test_the_meeting_page_computes_the_same_fingerprints_from_the_items_it_has(
    gerda, stapeling_memo, kik_memo, contact, published, public
):
    """The meeting page takes the fingerprints from the items it loaded (no query of its own):
    they are those the builder stores, for every kind of item, memo and contact."""
    from raadsmemo.memos.models import MemoContact

    meeting = make_meeting(is_public=public)
    MemoContact.objects.create(memo=stapeling_memo, contact=contact, position=0)
    add_item(meeting, memo=stapeling_memo)
    add_item(meeting, memo=kik_memo, confidentiality="vertrouwelijk")
    add_item(meeting, "Grondprijs", confidentiality="geheim")
    add_item(meeting, "Rondvraag", position=0)
    if published:
        meeting_publish(meeting=meeting, by=gerda)
    with_items = Meeting.objects.with_agenda(gerda).get(pk=meeting.pk)
    plain = Meeting.objects.get(pk=meeting.pk)
    for audience in (Audience.PUBLIC, Audience.INTERNAL):
        assert package_fingerprint(with_items, audience) == package_fingerprint(plain, audience)
