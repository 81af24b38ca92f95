"""A griffie employee asks for an Excel export too large to make at once, waits on its status page
while htmx asks how it goes, hears that it is ready (the live region) and downloads it."""

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from raadsmemo.lta import tasks, views
from raadsmemo.lta.demo import load_lta_demo
from raadsmemo.lta.models import LtaExport
from tests.conftest import make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Queue:
    """Stands in for the task: the export waits until the test lets the worker make it."""

    def __init__(self):
        self.queued: list[int] = []

    def enqueue(self, export_id: int) -> None:
        self.queued.append(export_id)


def test_ask_for_a_large_export_wait_and_download(page, live_server, monkeypatch):
    monkeypatch.setattr(views, "XLSX_IN_REQUEST_MAX", 1)
    build = tasks.build_lta_export
    queue = Queue()
    monkeypatch.setattr(tasks, "build_lta_export", queue)
    make_user("gerda", "griffie")
    load_lta_demo()
    login(page, live_server, "gerda")

    page.goto(f"{live_server.url}/lta/")
    page.get_by_role("link", name="Excel (.xlsx)").click()
    expect(page.get_by_role("heading", name="Excel-bestand laten maken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Excel-bestand laten maken").click()

    status = page.get_by_role("status").filter(has_text="Export wordt gemaakt")
    expect(status).to_contain_text("Export wordt gemaakt: uw export staat in de wachtrij.")
    assert_accessible(page)
    export = LtaExport.objects.get()
    assert queue.queued == [export.pk]

    build.call(export.pk)  # the worker's turn; the page finds out by itself
    ready = page.locator("#export-status")
    expect(ready).to_contain_text("De export is klaar.", timeout=10_000)
    link = ready.get_by_role("link", name=f"{export.filename} downloaden (Excel)")
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == export.filename
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "M-31" in numbers and "2019-300" in numbers
