"""The XLSX export: made in the request up to 1,000 items; a larger one is asked for with one
POST and made by the task worker, as its requester may see the items. Only the requester sees how
it goes and downloads it; three may wait per user; after a day it is gone.

Under pytest the task runs at once (ImmediateBackend), after the commit: a test that wants it
run executes the commit callbacks (`django_capture_on_commit_callbacks(execute=True)`).
"""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from raadsmemo.lta import views
from raadsmemo.lta.models import LtaExport, LtaItem
from raadsmemo.lta.tasks import build_lta_export
from raadsmemo.lta.transfer import export_header
from tests.conftest import client_for, downloaded, make_item, make_user

XLSX_URL = reverse("lta:export", args=["xlsx"])
REQUEST_URL = reverse("lta:export_request")
GEHEIM = {"confidentiality": "geheim", "grondslag": "gemeentewet-25", "secret_until": dt.date(2030, 1, 1)}
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "export-status"}
Status = LtaExport.Status


def sheet_rows(content: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def register(gerda, m31, toezegging):
    """M-31 and 2019-300 of the seed, four more toezeggingen, a vertrouwelijk and a geheim one."""
    for n in range(1, 5):
        make_item(f"2022-{n}", title=f"Toezegging {n}", deadline=dt.date(2022, 6, n), by=gerda)
    make_item("2022-8", title="Vertrouwelijk punt", confidentiality="vertrouwelijk", by=gerda)
    make_item("2022-9", title="Geheim punt", by=gerda, **GEHEIM)


@pytest.fixture
def small_limit(monkeypatch):
    """Above three items the XLSX goes through the worker (1,000 in production)."""
    monkeypatch.setattr(views, "XLSX_IN_REQUEST_MAX", 3)


def ask(client, data=None, *, run, capture):
    """POST the request for an export; with run=True the worker makes it right after the commit."""
    if not run:
        return client.post(REQUEST_URL, data or {})
    with capture(execute=True):
        return client.post(REQUEST_URL, data or {})


@pytest.mark.django_db
def test_a_small_xlsx_is_made_in_the_request(client, register):
    response = client.get(XLSX_URL + "?kind=toezegging")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert rows[0] == tuple(export_header())
    assert [r[0] for r in rows[1:]] == ["2019-300", "2022-1", "2022-2", "2022-3", "2022-4"]
    assert rows[1][2] == "Kansen in kaart (KIK): de raad informeren over de nieuwe fase"
    assert LtaExport.objects.count() == 0


@pytest.mark.django_db
def test_a_large_xlsx_is_asked_for_and_made_by_the_worker(
    rik, register, small_limit, django_capture_on_commit_callbacks
):
    reader = client_for(rik)
    page = reader.get(XLSX_URL + "?kind=toezegging&sort=nummer")
    assert page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert "Deze selectie heeft 6 items." in text  # rik sees the vertrouwelijk one, not the geheim
    assert '<input type="hidden" name="kind" value="toezegging">' in text
    assert '<input type="hidden" name="sort" value="nummer">' in text

    response = ask(
        reader, {"kind": "toezegging", "sort": "nummer"}, run=True, capture=django_capture_on_commit_callbacks
    )
    export = LtaExport.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    assert (export.requester, export.status, export.criteria) == (
        rik,
        Status.KLAAR,
        {"kind": "toezegging", "sort": "nummer"},
    )
    assert export.file.name.startswith("lta-exports/") and default_storage.exists(export.file.name)

    status_page = reader.get(export.get_absolute_url())
    assert "De export is klaar." in status_page.content.decode()
    download = reader.get(reverse("lta:export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="lta-')
    rows = sheet_rows(downloaded(download))
    assert rows[0] == tuple(export_header())
    assert [r[0] for r in rows[1:]] == ["2019-300", "2022-1", "2022-2", "2022-3", "2022-4", "2022-8"]
    assert "Geheim punt" not in {r[2] for r in rows}
    assert rows[1][5] == "Isabelle Diks" and rows[1][9] == dt.datetime(2021, 3, 31)


@pytest.mark.django_db
def test_the_worker_exports_what_the_requester_could_see_when_asking_and_still_may(
    rik, gerda, register, small_limit, django_capture_on_commit_callbacks
):
    reader = client_for(rik)
    ask(reader, {"kind": "toezegging"}, run=False, capture=django_capture_on_commit_callbacks)
    export = LtaExport.objects.get()
    assert export.status == Status.WACHTEND
    # Before the worker's turn: an item is made geheim, and a new one is added.
    hidden = LtaItem.objects.get(number="2022-1")
    hidden.confidentiality, hidden.grondslag, hidden.secret_until = (
        "geheim",
        "gemeentewet-25",
        dt.date(2030, 1, 1),
    )
    hidden.save(update_fields=["confidentiality", "grondslag", "secret_until"])
    make_item("2022-5", title="Later toegevoegd", by=gerda)
    build_lta_export.enqueue(export.pk)
    export.refresh_from_db()
    rows = sheet_rows(downloaded(reader.get(reverse("lta:export_download", args=[export.pk]))))
    assert [r[0] for r in rows[1:]] == ["2019-300", "2022-2", "2022-3", "2022-4", "2022-8"]


@pytest.mark.django_db
def test_the_status_page_polls_until_the_export_is_done(
    rik, register, small_limit, django_capture_on_commit_callbacks
):
    reader = client_for(rik)
    ask(reader, run=False, capture=django_capture_on_commit_callbacks)
    export = LtaExport.objects.get()
    url = export.get_absolute_url()
    page = reader.get(url).content.decode()
    assert '<div id="export-status" role="status">' in page
    assert "Export wordt gemaakt: uw export staat in de wachtrij." in page
    assert 'hx-trigger="every 2s"' in page and "Vernieuwen" in page
    # The poll while nothing changed: no content, htmx swaps nothing.
    assert reader.get(url, {"gemeld": "wachtend"}, **HX).status_code == 204
    build_lta_export.enqueue(export.pk)
    fragment = reader.get(url, {"gemeld": "wachtend"}, **HX).content.decode()
    assert "<html" not in fragment and "De export is klaar." in fragment
    assert reverse("lta:export_download", args=[export.pk]) in fragment
    assert "every 2s" not in fragment  # done: the poller is gone


@pytest.mark.django_db
def test_another_user_gets_404_for_the_status_and_the_file(
    rik, gerda, register, small_limit, django_capture_on_commit_callbacks
):
    ask(client_for(rik), run=True, capture=django_capture_on_commit_callbacks)
    export = LtaExport.objects.get()
    for other in (gerda, make_user("rob", None)):
        assert client_for(other).get(export.get_absolute_url()).status_code == 404
        assert client_for(other).get(reverse("lta:export_download", args=[export.pk])).status_code == 404
    assert client_for(rik).get(reverse("lta:export_download", args=[export.pk])).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in_for_a_large_xlsx(client, register, small_limit):
    page = client.get(XLSX_URL).content.decode()
    assert "om het Excel-bestand te laten maken" in page and "Download de selectie als CSV" in page
    assert 'action="/lta/exports/aanvragen/"' not in page
    assert client.post(REQUEST_URL).status_code == 302
    assert LtaExport.objects.count() == 0


@pytest.mark.django_db
def test_three_exports_may_wait_not_four(rik, register, small_limit, django_capture_on_commit_callbacks):
    reader = client_for(rik)
    for _ in range(3):
        assert ask(reader, run=False, capture=django_capture_on_commit_callbacks).status_code == 302
    refused = ask(reader, {"kind": "motie"}, run=False, capture=django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert (
        "U hebt al 3 exports in de wachtrij staan. Wacht tot er één klaar is en vraag deze export dan opnieuw aan."
        in text
    )
    assert '<input type="hidden" name="kind" value="motie">' in text  # the choice is kept
    assert LtaExport.objects.count() == 3
    # Once one is made, there is room for the next.
    build_lta_export.enqueue(LtaExport.objects.first().pk)
    assert ask(reader, run=False, capture=django_capture_on_commit_callbacks).status_code == 302


@pytest.mark.django_db
def test_an_export_is_gone_after_a_day(rik, register, small_limit, django_capture_on_commit_callbacks):
    reader = client_for(rik)
    ask(reader, run=True, capture=django_capture_on_commit_callbacks)
    old = LtaExport.objects.get()
    name = old.file.name
    rows = LtaExport.objects.filter(pk=old.pk)
    rows.update(created_at=timezone.now() - dt.timedelta(hours=23))
    assert reader.get(old.get_absolute_url()).status_code == 200
    rows.update(created_at=timezone.now() - dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert reader.get(reverse("lta:export_download", args=[old.pk])).status_code == 404
    assert not rows.exists()
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_the_worker_deletes_exports_older_than_a_day(
    rik, gerda, register, small_limit, django_capture_on_commit_callbacks
):
    ask(client_for(gerda), run=True, capture=django_capture_on_commit_callbacks)
    old = LtaExport.objects.get()
    ask(client_for(rik), run=False, capture=django_capture_on_commit_callbacks)
    waiting = LtaExport.objects.get(requester=rik)
    LtaExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        build_lta_export.enqueue(waiting.pk)
    assert list(LtaExport.objects.values_list("requester__username", "status")) == [("rik", "klaar")]
    assert not default_storage.exists(old.file.name)


@pytest.mark.django_db
def test_a_failed_export_says_so(rik, register, small_limit, monkeypatch, django_capture_on_commit_callbacks):
    from raadsmemo.lta import tasks

    def broken(*args, **kwargs):
        raise OSError("de schijf is vol")

    monkeypatch.setattr(tasks, "export_xlsx", broken)
    reader = client_for(rik)
    ask(reader, run=True, capture=django_capture_on_commit_callbacks)
    export = LtaExport.objects.get()
    assert export.status == Status.MISLUKT
    assert "De export is mislukt." in reader.get(export.get_absolute_url()).content.decode()
    assert reader.get(reverse("lta:export_download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_an_unknown_format_is_a_dutch_error(client):
    response = client.get(reverse("lta:export", args=["pdf"]))
    assert response.status_code == 404
    assert "Exporteren kan als CSV of als Excel-bestand (.xlsx)." in response.content.decode()


@pytest.mark.django_db
def test_filters_that_cannot_be_read_are_a_dutch_error(rik, register, small_limit):
    response = client_for(rik).post(REQUEST_URL, {"kind": "onzin", "maand": "dertiende maand"})
    assert response.status_code == 400
    assert "Deze filters kunnen we niet lezen. Kies ze opnieuw in het register." in response.content.decode()
    assert LtaExport.objects.count() == 0


@pytest.mark.django_db
def test_the_griffies_download_is_logged(
    gerda, register, small_limit, django_capture_on_commit_callbacks, caplog
):
    reader = client_for(gerda)
    ask(reader, run=True, capture=django_capture_on_commit_callbacks)
    export = LtaExport.objects.get()
    caplog.clear()
    with caplog.at_level("INFO", logger="raadsmemo.audit"):
        downloaded(reader.get(reverse("lta:export_download", args=[export.pk])))
    assert any(
        '"event": "export"' in r.getMessage() and '"format": "xlsx"' in r.getMessage() for r in caplog.records
    )


@pytest.mark.django_db
def test_the_workers_queries_do_not_grow_with_the_items(gerda, diks, fracties):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_export(count: int) -> int:
        for n in range(LtaItem.objects.count() + 1, count + 1):
            make_item(f"2022-{n}", indieners=[fracties["PvdA"]], portefeuillehouder=diks, by=gerda)
        export = LtaExport.objects.create(
            requester=gerda, item_ids=list(LtaItem.objects.values_list("pk", flat=True))
        )
        with CaptureQueriesContext(connection) as queries:
            build_lta_export.enqueue(export.pk)
        export.refresh_from_db()
        assert len(sheet_rows(default_storage.open(export.file.name).read())) == 1 + count
        return len(queries)

    assert queries_of_export(3) == queries_of_export(60)


@pytest.mark.django_db
def test_the_registers_excel_link_downloads_only_when_the_request_makes_the_file(
    client, register, small_limit
):
    def excel_link(url) -> str:
        page = client.get(url).content.decode()
        return re.search(r'<a [^>]*href="/lta/export/xlsx/[^"]*"[^>]*>Excel \(\.xlsx\)</a>', page)[0]

    assert excel_link(reverse("lta:register") + "?kind=motie").endswith(" download>Excel (.xlsx)</a>")
    # Six items: the link leads to the page that offers to have the file made, not to a file.
    assert excel_link(reverse("lta:register")).endswith('">Excel (.xlsx)</a>')
