"""Import from CSV or XLSX with a preview and per-row Dutch errors, all or nothing, idempotent;
export of the filtered register; and the round trip export -> import."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from raadsmemo.lta.models import LtaItem, Status, StatusUpdate

URL = reverse("lta:import")
HEADER = "nummer;soort;titel;indieners;portefeuillehouder;deadline;status;stand van zaken"
GOOD_CSV = f"""{HEADER}
M-31;Motie;Versterking gebiedsgericht werken;PvdA, GroenLinks;Roeland van der Schaaf;31-03-2022;open;"Update 18-01-2022: Op 16 november 2021 is de raad bijgepraat.
Update: 10-11-2021: De gesprekken met de afdelingen zijn gevoerd."
2019-300;toezegging;Kansen in kaart;;wethouder Isabelle Diks;onbekend;;
2022-14;Verwacht stuk;Omgevingsvisie;;;2022-06-30;aangehouden;
"""


def upload(client, content, name="lta.csv", **extra):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return client.post(URL, {"action": "preview", "file": SimpleUploadedFile(name, data), **extra})


def confirm(client, preview_response):
    page = preview_response.content.decode()
    payload = page.split('name="payload" value="', 1)[1].split('"', 1)[0]
    return client.post(URL, {"action": "import", "payload": payload})


def state():
    """Everything the import may touch, to compare before and after."""
    return [
        (
            i.number,
            i.kind,
            i.title,
            i.status,
            i.deadline,
            i.portefeuillehouder_id,
            [f.name for f in i.fracties()],
            list(i.updates.values_list("date", "text")),
        )
        for i in LtaItem.objects.prefetch_related("indieningen__fractie")
    ]


@pytest.fixture
def directory(fracties, diks, schaaf):
    return None


@pytest.mark.django_db
def test_preview_writes_nothing_then_import_writes_everything(griffie_client, directory, gerda):
    preview = upload(griffie_client, GOOD_CSV)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Voorvertoning van lta.csv:" in page and "3 nieuw, 0 gewijzigd, 0 ongewijzigd" in page
    assert "nieuw item, 2 updates" in page
    assert LtaItem.objects.count() == 0

    response = confirm(griffie_client, preview)
    assert response.status_code == 302
    assert (
        "Import klaar: 3 nieuw, 0 gewijzigd, 0 ongewijzigd."
        in griffie_client.get(response["Location"]).content.decode()
    )
    m31 = LtaItem.objects.get(number="M-31")
    assert m31.kind == "motie" and m31.indieners_short == "PvdA e.a."
    assert str(m31.portefeuillehouder) == "wethouder Roeland van der Schaaf"
    assert m31.deadline == dt.date(2022, 3, 31)
    assert list(m31.updates.values_list("date", "text")) == [
        (dt.date(2022, 1, 18), "Op 16 november 2021 is de raad bijgepraat."),
        (dt.date(2021, 11, 10), "De gesprekken met de afdelingen zijn gevoerd."),
    ]
    assert m31.updates.first().author == gerda
    kik = LtaItem.objects.get(number="2019-300")
    assert (
        kik.deadline is None and kik.status == Status.OPEN and kik.portefeuillehouder.name == "Isabelle Diks"
    )
    assert LtaItem.objects.get(number="2022-14").status == Status.AANGEHOUDEN


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(griffie_client, directory):
    confirm(griffie_client, upload(griffie_client, GOOD_CSV))
    before = state()
    preview = upload(griffie_client, GOOD_CSV)
    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd" in preview.content.decode()
    confirm(griffie_client, preview)
    assert state() == before


@pytest.mark.django_db
def test_a_changed_row_updates_the_item_and_logs_the_status(griffie_client, directory):
    confirm(griffie_client, upload(griffie_client, GOOD_CSV))
    changed = GOOD_CSV.replace(
        "Kansen in kaart;;wethouder Isabelle Diks;onbekend;;",
        "Kansen in kaart (KIK);;Diks;01-04-2021;afgedaan;",
    )
    preview = upload(griffie_client, changed)
    assert "gewijzigd: titel, deadline, status" in preview.content.decode()
    confirm(griffie_client, preview)
    kik = LtaItem.objects.get(number="2019-300")
    assert (kik.title, kik.deadline, kik.status) == ("Kansen in kaart (KIK)", dt.date(2021, 4, 1), "afgedaan")
    assert kik.updates.first().text == "Status gewijzigd van open naar afgedaan (import)."


BAD_FILES = [
    (
        "missing column",
        "nummer;titel\n2019-300;Kansen in kaart\n",
        [("1", "soort", "De kolom 'soort' ontbreekt in de kopregel. Verplicht zijn: nummer, soort, titel.")],
    ),
    (
        "unknown kind",
        "nummer;soort;titel\n2019-300;toezegging;Goed\n2019-301;amendement;Fout\n",
        [
            (
                "3",
                "soort",
                "Onbekende soort 'amendement'. Kies uit: toezegging, motie, initiatiefvoorstel, verwacht stuk.",
            )
        ],
    ),
    (
        "impossible date",
        "nummer;soort;titel;deadline\n2019-300;toezegging;Kansen;31-02-2022\n",
        [("2", "deadline", "De datum '31-02-2022' bestaat niet. Schrijf een echte datum, zoals 18-01-2022.")],
    ),
    (
        "not a date",
        "nummer;soort;titel;deadline\n2019-300;toezegging;Kansen;volgende week\n",
        [("2", "deadline", "'volgende week' is geen datum. Schrijf een datum als 18-01-2022.")],
    ),
    (
        "duplicate number",
        "nummer;soort;titel\n2019-300;toezegging;Een\n2019-301;toezegging;Twee\n2019-300;toezegging;Drie\n",
        [("4", "nummer", "Nummer 2019-300 staat ook al in rij 2.")],
    ),
    (
        "number does not fit kind",
        "nummer,soort,titel\n2019-300,motie,Komma's als scheiding\n",
        [("2", "nummer", "'2019-300': Een motie heeft een nummer als M-31")],
    ),
    (
        "unknown fractie and bestuurder",
        "nummer;soort;titel;indieners;portefeuillehouder\nM-1;motie;X;PvdA, Piratenpartij;Jan Jansen\n",
        [
            ("2", "indieners", "Onbekende fractie 'Piratenpartij'."),
            ("2", "portefeuillehouder", "Onbekende portefeuillehouder 'Jan Jansen'."),
        ],
    ),
    (
        "header only",
        "nummer;soort;titel\n",
        [("1", "", "Het bestand heeft alleen een kopregel en geen items.")],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "content", "errors"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_rows_are_reported_with_row_column_and_reason_and_nothing_is_imported(
    griffie_client, directory, case, content, errors
):
    response = upload(griffie_client, content)
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Er is niets geïmporteerd." in page
    for row, column, message in errors:
        cells = f'<td class="utrecht-table__cell">{row}</td><td class="utrecht-table__cell">{column or "–"}</td><td class="utrecht-table__cell">{message}'
        assert cells.replace("'", "&#x27;") in page, (case, message)
    assert 'name="payload"' not in page
    assert LtaItem.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.csv", b"", "Het bestand is leeg."),
        ("spaties.csv", b"  \n\n ", "Het bestand is leeg."),
        ("lta.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "Dit is een PDF-bestand."),
        ("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Dit is een afbeelding."),
        (
            "binair.csv",
            bytes(range(256)) * 4,
            "Dit bestand is geen CSV- of Excel-bestand (.xlsx) dat wij kunnen lezen.",
        ),
        ("kapot.xlsx", b"PK\x03\x04 dit is geen echte zip", "Dit Excel-bestand kunnen we niet openen."),
        (
            "oud.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "Dit is een oud Excel- of Word-bestand (.xls, .doc).",
        ),
    ],
)
def test_files_that_are_not_a_list_are_refused_at_the_field(griffie_client, name, content, message):
    response = upload(griffie_client, content, name=name)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "utrecht-form-field--invalid" in page or "Er is niets geïmporteerd." in page
    assert LtaItem.objects.count() == 0


@pytest.mark.django_db
def test_no_file_chosen(griffie_client):
    page = griffie_client.post(URL, {"action": "preview"}).content.decode()
    assert "Kies een bestand om te importeren." in page


@pytest.mark.django_db
def test_tampered_or_stale_payload_imports_nothing(griffie_client):
    response = griffie_client.post(URL, {"action": "import", "payload": '[["nummer"]]:vals'})
    assert response.status_code == 400
    assert "De voorvertoning is verlopen of onbekend. Kies het bestand opnieuw." in response.content.decode()
    assert LtaItem.objects.count() == 0


@pytest.mark.django_db
def test_register_changed_between_preview_and_import_nothing_half_done(griffie_client, directory, fracties):
    preview = upload(griffie_client, GOOD_CSV)
    fracties["GroenLinks"].indieningen.all().delete()
    fracties["GroenLinks"].delete()  # the file's indiener no longer exists
    response = confirm(griffie_client, preview)
    assert "Onbekende fractie &#x27;GroenLinks&#x27;" in response.content.decode()
    assert LtaItem.objects.count() == 0


def xlsx_of(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_xlsx_with_date_cells_imports(griffie_client, directory):
    content = xlsx_of(
        [
            ["Nummer", "Soort", "Titel", "Deadline", "Geplande maand"],
            ["2019-300", "Toezegging", "Kansen in kaart", dt.datetime(2021, 3, 31), dt.datetime(2021, 3, 1)],
            [None, None, None, None, None],
            ["2019-301", "toezegging", "Tweede", "31-02-2021", None],
        ]
    )
    page = " ".join(upload(griffie_client, content, name="lta.xlsx").content.decode().split())
    # Row numbers as Excel shows them, the empty row counted.
    assert '<td class="utrecht-table__cell">4</td><td class="utrecht-table__cell">deadline</td>' in page
    fixed = xlsx_of(
        [
            ["Nummer", "Soort", "Titel", "Deadline", "Geplande maand"],
            ["2019-300", "Toezegging", "Kansen in kaart", dt.datetime(2021, 3, 31), dt.datetime(2021, 3, 1)],
        ]
    )
    confirm(griffie_client, upload(griffie_client, fixed, name="lta.xlsx"))
    item = LtaItem.objects.get()
    assert (item.deadline, item.planned_month) == (dt.date(2021, 3, 31), dt.date(2021, 3, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_then_import_changes_nothing(griffie_client, client, m31, toezegging, fmt):
    StatusUpdate.objects.create(
        item=toezegging, date=dt.date(2021, 2, 1), text="Brief verstuurd.\nTweede regel."
    )
    before = state()
    export = client.get(reverse("lta:export", args=[fmt]))
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith('attachment; filename="lta-')
    preview = upload(griffie_client, export.content, name=f"lta.{fmt}")
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd" in preview.content.decode()
    confirm(griffie_client, preview)
    assert state() == before


@pytest.mark.django_db
def test_export_follows_the_filters(client, m31, toezegging):
    csv_text = client.get(reverse("lta:export", args=["csv"]) + "?kind=motie").content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("nummer;soort;titel;tekst;indieners;portefeuillehouder")
    assert lines[1].startswith("M-31;Motie;Versterking gebiedsgericht werken;")
    assert "2019-300" not in csv_text
    assert "Update 18-01-2022: Op 16 november 2021" in csv_text
    assert client.get(reverse("lta:export", args=["pdf"])).status_code == 404
