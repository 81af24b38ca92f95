"""Import from CSV or XLSX: upload once, a preview per row (changes, erasures, Dutch errors), then
import the rows without errors through the services; idempotent. Export of the filtered register,
and the round trip export -> import."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from raadsmemo.accounts.roles import GRIFFIE
from raadsmemo.lta.models import LtaImport, LtaItem, Status, StatusUpdate
from raadsmemo.lta.services import lta_import, lta_item_afdoen, lta_item_propose_afdoening
from raadsmemo.lta.transfer import plan_import
from raadsmemo.meetings.models import Meeting
from raadsmemo.people.models import Bestuurder, Fractie
from tests.conftest import client_for, downloaded, make_user

URL = reverse("lta:import")
HEADER = "nummer;soort;titel;indieners;portefeuillehouder;deadline;status;stand van zaken"
GOOD_CSV = f"""{HEADER}
M-31;Motie;Versterking gebiedsgericht werken;PvdA, GroenLinks;Roeland van der Schaaf;31-03-2022;open;"Update 18-01-2022: Op 16 november 2021 is de raad bijgepraat.
Update: 10-11-2021: De gesprekken met de afdelingen zijn gevoerd."
2019-300;toezegging;Kansen in kaart;;wethouder Isabelle Diks;onbekend;;
2022-14;Verwacht stuk;Omgevingsvisie;;;2022-06-30;aangehouden;
"""


def upload(client, content, name="lta.csv"):
    """Choose a file on the import page and press Voorvertoning; the preview page (or the errors)."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=True)


def confirm(client, preview_response, *, erase=False):
    """Press Importeren on the preview page, with the plan the page shows."""
    page = preview_response.content.decode()
    action = "/lta/import/" + page.split('action="/lta/import/', 1)[1].split('"', 1)[0]
    plan = page.split('name="plan" value="', 1)[1].split('"', 1)[0]
    return client.post(action, {"plan": plan, **({"erase": "on"} if erase else {})})


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
    page = " ".join(preview.content.decode().split())
    assert preview.status_code == 200
    assert preview.redirect_chain[0][0].startswith("/lta/import/")  # the upload is kept: no second post
    assert "Voorvertoning van lta.csv" in page and "3 nieuw, 0 gewijzigd, 0 ongewijzigd." in page
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
    held = LtaItem.objects.get(number="2022-14")
    assert held.status == Status.AANGEHOUDEN
    # The status went through the workflow's service, which logs it.
    assert held.updates.get().text == "Status gewijzigd van open naar aangehouden: import van lta.csv"
    assert not LtaImport.objects.exists()  # the kept upload is gone once imported


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(griffie_client, directory):
    confirm(griffie_client, upload(griffie_client, GOOD_CSV))
    before = state()
    preview = upload(griffie_client, GOOD_CSV)
    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd." in preview.content.decode()
    assert "Er is niets te importeren." in preview.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_a_changed_row_updates_the_item_and_logs_the_status(griffie_client, directory):
    confirm(griffie_client, upload(griffie_client, GOOD_CSV))
    changed = GOOD_CSV.replace(
        "Kansen in kaart;;wethouder Isabelle Diks;onbekend;;",
        "Kansen in kaart (KIK);;Diks;01-04-2021;aangehouden;",
    )
    preview = upload(griffie_client, changed)
    assert "gewijzigd: titel, deadline, status" in preview.content.decode()
    confirm(griffie_client, preview)
    kik = LtaItem.objects.get(number="2019-300")
    assert (kik.title, kik.deadline, kik.status) == (
        "Kansen in kaart (KIK)",
        dt.date(2021, 4, 1),
        "aangehouden",
    )
    assert kik.updates.first().text == "Status gewijzigd van open naar aangehouden: import van lta.csv"


def error_cells(row, column, message) -> str:
    """One row of the error table, as the page shows it."""
    cells = (
        f'<td class="utrecht-table__cell">{row}</td><td class="utrecht-table__cell">{column or "–"}</td>'
        f'<td class="utrecht-table__cell">{message}'
    )
    return cells.replace("'", "&#x27;")


@pytest.mark.django_db
def test_the_workflow_holds_an_import_neither_reopens_nor_afdoet(griffie_client, m31, toezegging, gerda):
    lta_item_propose_afdoening(item=m31, reason="Uitgevoerd.", by=gerda)
    lta_item_afdoen(item=m31, decided_on=dt.date(2022, 4, 1), meeting="Raad 1 april 2022", by=gerda)
    before = state()
    content = (
        "nummer;soort;titel;status\n"
        "M-31;motie;Versterking gebiedsgericht werken;open\n"
        "2019-300;toezegging;Kansen in kaart (KIK): de raad informeren over de nieuwe fase;afgedaan\n"
        "2022-1;toezegging;Nieuw en meteen af;afgedaan\n"
        "2022-2;toezegging;Een nieuwe toezegging;\n"
    )
    preview = upload(griffie_client, content)
    page = " ".join(preview.content.decode().split())
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 3 met fouten." in page
    assert (
        error_cells(2, "status", "M-31 is door de raad afgedaan; een import kan het niet op open zetten.")
        in page
    )
    assert error_cells(3, "status", "Afdoen gaat alleen met een besluit van de raad") in page
    assert error_cells(4, "status", "Een nieuw item kan niet meteen afgedaan zijn") in page

    confirm(griffie_client, preview)
    assert state()[:2] == before  # the two existing items are as they were
    assert LtaItem.objects.get(number="M-31").status == Status.AFGEDAAN
    assert LtaItem.objects.get(number="2019-300").status == Status.OPEN
    assert list(LtaItem.objects.filter(number__startswith="2022-").values_list("number", flat=True)) == [
        "2022-2"
    ]


FILE_ERRORS = [
    (
        "missing column",
        "nummer;titel\n2019-300;Kansen in kaart\n",
        [("1", "soort", "De kolom 'soort' ontbreekt in de kopregel. Verplicht zijn: nummer, soort, titel.")],
    ),
    (
        "header only",
        "nummer;soort;titel\n",
        [("1", "", "Het bestand heeft alleen een kopregel en geen items.")],
    ),
    (
        "column twice",
        "nummer;soort;titel;Titel\n2019-300;toezegging;Een;Twee\n",
        [("1", "titel", "De kolom 'titel' staat twee keer in de kopregel.")],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "content", "errors"), FILE_ERRORS, ids=[c[0] for c in FILE_ERRORS])
def test_a_file_that_cannot_be_read_as_a_list_imports_nothing(griffie_client, case, content, errors):
    response = upload(griffie_client, content)
    page = " ".join(response.content.decode().split())
    assert response.redirect_chain == [] and response.status_code == 200
    assert "Er is niets geïmporteerd." in page
    for row, column, message in errors:
        assert error_cells(row, column, message) in page, case
    assert not LtaImport.objects.exists()


ROW_ERRORS = [
    (
        "unknown kind",
        "nummer;soort;titel\n2019-300;toezegging;Goed\n2019-301;amendement;Fout\n",
        "2019-300",
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
        "nummer;soort;titel;deadline\n2019-300;toezegging;Kansen;31-02-2022\n2019-301;toezegging;Goed;\n",
        "2019-301",
        [("2", "deadline", "De datum '31-02-2022' bestaat niet. Schrijf een echte datum, zoals 18-01-2022.")],
    ),
    (
        "not a date",
        "nummer;soort;titel;deadline\n2019-300;toezegging;Kansen;volgende week\n2019-301;toezegging;Goed;\n",
        "2019-301",
        [("2", "deadline", "'volgende week' is geen datum. Schrijf een datum als 18-01-2022.")],
    ),
    (
        "duplicate number",
        "nummer;soort;titel\n2019-300;toezegging;Een\n2019-301;toezegging;Twee\n2019-300;toezegging;Drie\n",
        "2019-301",
        [
            ("2", "nummer", "Nummer 2019-300 staat ook in rij 4."),
            ("4", "nummer", "Nummer 2019-300 staat ook in rij 2."),
        ],
    ),
    (
        "number does not fit kind",
        "nummer,soort,titel\n2019-300,motie,Komma's als scheiding\n2019-301,toezegging,Goed\n",
        "2019-301",
        [("2", "nummer", "'2019-300': Een motie heeft een nummer als M-31")],
    ),
    (
        "unknown fractie and bestuurder",
        "nummer;soort;titel;indieners;portefeuillehouder\nM-1;motie;X;PvdA, Piratenpartij;Jan Jansen\n"
        "2019-301;toezegging;Goed;;\n",
        "2019-301",
        [
            ("2", "indieners", "Onbekende fractie 'Piratenpartij'."),
            (
                "2",
                "portefeuillehouder",
                "Onbekende portefeuillehouder 'Jan Jansen'. Bekende bestuurders: wethouder Isabelle Diks, "
                "wethouder Roeland van der Schaaf.",
            ),
        ],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "content", "imported", "errors"), ROW_ERRORS, ids=[c[0] for c in ROW_ERRORS]
)
def test_a_row_with_an_error_is_listed_and_skipped_the_others_import(
    griffie_client, directory, case, content, imported, errors
):
    preview = upload(griffie_client, content)
    page = " ".join(preview.content.decode().split())
    assert preview.status_code == 200
    assert "Rijen met fouten slaan we over" in page
    for row, column, message in errors:
        assert error_cells(row, column, message) in page, (case, message)
    assert LtaItem.objects.count() == 0
    response = confirm(griffie_client, preview)
    assert "met fouten overgeslagen." in griffie_client.get(response["Location"]).content.decode()
    assert list(LtaItem.objects.values_list("number", flat=True)) == [imported]


@pytest.mark.django_db
def test_columns_the_file_lacks_stay_as_they_are(griffie_client, m31):
    meeting = Meeting.objects.create(
        title="Raadsvergadering",
        date=dt.date(2021, 3, 24),
        start_time=dt.time(19),
        end_time=dt.time(23),
        kind="raadsvergadering",
    )
    LtaItem.objects.filter(pk=m31.pk).update(made_in_meeting=meeting, made_on=meeting.date)
    before = state()
    preview = upload(
        griffie_client, "nummer;soort;titel\nM-31;motie;Versterking gebiedsgericht werken (herzien)\n"
    )
    assert "gewijzigd: titel" in preview.content.decode()
    assert "wist" not in preview.content.decode()
    confirm(griffie_client, preview)
    m31 = LtaItem.objects.get(pk=m31.pk)
    assert m31.title == "Versterking gebiedsgericht werken (herzien)"
    assert m31.text.startswith("In de nieuwe nota gebiedsgericht werken")
    assert m31.indieners_full == "PvdA, GroenLinks en D66"
    assert (m31.made_in_meeting, m31.made_on) == (meeting, dt.date(2021, 3, 24))
    assert (m31.deadline, m31.portefeuillehouder.name) == (dt.date(2022, 3, 31), "Roeland van der Schaaf")
    assert state()[0][3:] == before[0][3:]


@pytest.mark.django_db
def test_an_empty_cell_erases_only_after_the_preview_shows_it_and_the_griffie_agrees(griffie_client, m31):
    content = "nummer;soort;titel;tekst;indieners;deadline\nM-31;motie;Versterking gebiedsgericht werken;;;\n"
    preview = upload(griffie_client, content)
    page = " ".join(preview.content.decode().split())
    assert "wist 3 waarden" in page
    assert "<li><strong>wist tekst</strong>: In de nieuwe nota gebiedsgericht werken helder uiteen" in page
    assertContains(preview, "<li><strong>wist indieners</strong>: PvdA, GroenLinks en D66</li>", html=True)
    assertContains(preview, "<li><strong>wist deadline</strong>: 31-03-2022</li>", html=True)

    refused = confirm(griffie_client, preview)  # the box is not ticked
    assert refused.status_code == 200
    assert "Vink aan dat deze waarden gewist mogen worden" in refused.content.decode()
    m31.refresh_from_db()
    assert m31.text and m31.deadline and m31.indieners_full

    response = confirm(griffie_client, preview, erase=True)
    assert response.status_code == 302
    m31 = LtaItem.objects.get(pk=m31.pk)
    assert (m31.text, m31.deadline, m31.fracties()) == ("", None, [])


@pytest.mark.django_db
def test_portefeuillehouders_are_found_as_people_write_them(griffie_client, diks, schaaf):
    jongman = Bestuurder.objects.create(name="Inge Jongman", role="wethouder")
    Bestuurder.objects.create(name="Koen Schuiling", role="burgemeester")
    content = (
        "nummer;soort;titel;portefeuillehouder\n"
        "2022-1;toezegging;Een;Wethouder Jongman\n"
        "2022-2;toezegging;Twee;wethouder I. Jongman\n"
        "2022-3;toezegging;Drie;Jongman\n"
        "2022-4;toezegging;Vier;Schaaf\n"
        "2022-5;toezegging;Vijf;burgemeester Schuiling\n"
    )
    confirm(griffie_client, upload(griffie_client, content))
    found = dict(LtaItem.objects.values_list("number", "portefeuillehouder__name"))
    assert found == {
        "2022-1": "Inge Jongman",
        "2022-2": "Inge Jongman",
        "2022-3": "Inge Jongman",
        "2022-4": "Roeland van der Schaaf",
        "2022-5": "Koen Schuiling",
    }
    assert jongman.lta_items.count() == 3


@pytest.mark.django_db
def test_an_ambiguous_portefeuillehouder_fails_only_its_row_and_names_the_candidates(griffie_client, diks):
    Bestuurder.objects.create(name="Inge Jongman", role="wethouder")
    Bestuurder.objects.create(name="Piet Jongman", role="wethouder", is_active=False)
    content = "nummer;soort;titel;portefeuillehouder\n2022-1;toezegging;Een;Jongman\n2022-2;toezegging;Twee;P. Jongman\n"
    preview = upload(griffie_client, content)
    page = " ".join(preview.content.decode().split())
    assert (
        error_cells(
            2,
            "portefeuillehouder",
            "Meerdere bestuurders passen bij 'Jongman': wethouder Inge Jongman, wethouder Piet Jongman. "
            "Schrijf de voorletter of voornaam erbij, zoals 'I. Jongman'.",
        )
        in page
    )
    confirm(griffie_client, preview)
    assert list(LtaItem.objects.values_list("number", "portefeuillehouder__name")) == [
        ("2022-2", "Piet Jongman")
    ]


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_form(client, page_response, url, data):
    """Post as the browser does: with the CSRF token of the page the form is on."""
    assert page_response.status_code == 200
    token = page_response.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    return client.post(url, {"csrfmiddlewaretoken": token, **data})


@pytest.mark.django_db
def test_a_dutch_excel_list_with_some_columns_updates_an_item_as_the_griffie_goes_through_it(gerda, m31):
    """The issue's journey: Nr., Soort, Onderwerp, Wethouder, Stand van zaken; nothing else is emptied."""
    Bestuurder.objects.create(name="Inge Jongman", role="wethouder", portefeuille="Wijken")
    before_text, before_deadline = m31.text, m31.deadline
    workbook = xlsx_of(
        [
            ["Nr.", "Soort", "Onderwerp", "Wethouder", "Stand van zaken", "Opmerking griffie"],
            [
                "M-31",
                "Motie",
                "Versterking gebiedsgericht werken",
                "Wethouder Jongman",
                "Update 02-03-2022: De nota gaat in april naar de raad.\n"
                "Update 18-01-2022: Op 16 november 2021 is de raad via een informatieve commissie bijgepraat.",
                "bellen",
            ],
        ]
    )
    client = csrf_client(gerda)
    page = client.get(URL)
    uploaded = post_form(client, page, URL, {"file": SimpleUploadedFile("LTA maart 2022.xlsx", workbook)})
    assert uploaded.status_code == 302
    preview = client.get(uploaded["Location"])
    text = " ".join(preview.content.decode().split())
    assert "Voorvertoning van LTA maart 2022.xlsx" in text
    assert "0 nieuw, 1 gewijzigd, 0 ongewijzigd." in text
    assert "gewijzigd: portefeuillehouder, stand van zaken" in text
    assert "Deze kolommen kennen we niet en slaan we over: Opmerking griffie." in text
    assert "wist" not in text

    action = "/lta/import/" + text.split('action="/lta/import/', 1)[1].split('"', 1)[0]
    plan = text.split('name="plan" value="', 1)[1].split('"', 1)[0]
    done = post_form(client, preview, action, {"plan": plan})
    assert done.status_code == 302
    assert (
        "Import klaar: 0 nieuw, 1 gewijzigd, 0 ongewijzigd." in client.get(done["Location"]).content.decode()
    )

    m31 = LtaItem.objects.get(number="M-31")
    assert str(m31.portefeuillehouder) == "wethouder Inge Jongman"
    assert (m31.text, m31.deadline) == (before_text, before_deadline)
    assert m31.indieners_full == "PvdA, GroenLinks en D66"
    newest = m31.updates.first()
    assert (newest.date, newest.text, newest.author) == (
        dt.date(2022, 3, 2),
        "De nota gaat in april naar de raad.",
        gerda,
    )
    assert m31.updates.count() == 5  # the 18-01-2022 update was there already


@pytest.mark.django_db
def test_a_large_valid_csv_previews_and_imports_without_posting_it_again(griffie_client, directory):
    long_update = "Update 18-01-2022: " + "De raad is bijgepraat over de voortgang. " * 560
    lines = [HEADER] + [f'2021-{n};toezegging;Toezegging {n};;;;open;"{long_update}"' for n in range(1, 201)]
    content = "\n".join(lines).encode()
    assert 4_500_000 < len(content) < 5 * 1024 * 1024
    preview = upload(griffie_client, content, name="groot.csv")
    assert "200 nieuw, 0 gewijzigd, 0 ongewijzigd." in preview.content.decode()
    response = confirm(griffie_client, preview)
    assert response.status_code == 302
    assert LtaItem.objects.count() == 200
    assert StatusUpdate.objects.filter(date=dt.date(2022, 1, 18)).count() == 200


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_by_its_size(griffie_client):
    content = b"nummer;soort;titel\n" + b"2019-300;toezegging;" + b"x" * (5 * 1024 * 1024)
    response = upload(griffie_client, content)
    assert "Het bestand is groter dan 5 MB. Splits de lijst in delen." in response.content.decode()
    assert not LtaImport.objects.exists()


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
    page = griffie_client.post(URL, {}).content.decode()
    assert "Kies een bestand om te importeren." in page


@pytest.mark.django_db
def test_an_unknown_expired_or_someone_elses_upload_imports_nothing(griffie_client, directory):
    preview = upload(griffie_client, GOOD_CSV)
    pending = LtaImport.objects.get()
    other = client_for(make_user("greet", GRIFFIE))
    for client, token in [(griffie_client, "onbekend"), (other, pending.token)]:
        response = client.post(reverse("lta:import_confirm", args=[token]), {"plan": "x"})
        assert response.status_code == 404
        assert (
            "De voorvertoning is verlopen of onbekend. Kies het bestand opnieuw." in response.content.decode()
        )
    LtaImport.objects.update(created_at=pending.created_at - dt.timedelta(hours=1, seconds=1))
    assert confirm(griffie_client, preview).status_code == 404
    assert griffie_client.get(pending.get_absolute_url()).status_code == 404
    assert LtaItem.objects.count() == 0


@pytest.mark.django_db
def test_register_changed_between_preview_and_import_shows_the_new_preview(
    griffie_client, directory, fracties
):
    preview = upload(griffie_client, GOOD_CSV)
    fracties["GroenLinks"].delete()  # the file's indiener no longer exists
    response = confirm(griffie_client, preview)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Het register is veranderd sinds de voorvertoning." in page
    assert "Onbekende fractie &#x27;GroenLinks&#x27;" in page
    assert LtaItem.objects.count() == 0
    # The page now shows the new plan; importing it imports the rows without errors.
    confirm(griffie_client, response)
    assert sorted(LtaItem.objects.values_list("number", flat=True)) == ["2019-300", "2022-14"]


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
    preview = upload(griffie_client, downloaded(export), name=f"lta.{fmt}")
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd" in preview.content.decode()
    assert "Er is niets te importeren." in preview.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_export_follows_the_filters(client, m31, toezegging):
    csv_text = downloaded(client.get(reverse("lta:export", args=["csv"]) + "?kind=motie")).decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("nummer;soort;titel;tekst;indieners;portefeuillehouder")
    assert lines[1].startswith("M-31;Motie;Versterking gebiedsgericht werken;")
    assert "2019-300" not in csv_text
    assert "Update 18-01-2022: Op 16 november 2021" in csv_text
    assert client.get(reverse("lta:export", args=["pdf"])).status_code == 404


@pytest.mark.django_db
def test_indieners_are_split_on_separators_but_not_inside_a_fracties_name(griffie_client, fracties):
    Fractie.objects.create(name="Student en Stad")
    content = (
        "nummer;soort;titel;indieners\nM-1;motie;Een;Student en Stad, PvdA\nM-2;motie;Twee;PvdA/SP en D66\n"
    )
    confirm(griffie_client, upload(griffie_client, content))
    assert LtaItem.objects.get(number="M-1").indieners_full == "Student en Stad en PvdA"
    assert LtaItem.objects.get(number="M-2").indieners_full == "PvdA, SP en D66"


@pytest.mark.django_db
def test_new_items_are_imported_in_a_fixed_number_of_queries(directory, gerda):
    """A 5,000-row list must import within a request: no queries per new row."""

    def table(n):
        return [HEADER.split(";")] + [
            [
                f"2021-{i}",
                "toezegging",
                f"T {i}",
                "PvdA, SP",
                "Diks",
                "31-03-2022",
                "",
                "Update 18-01-2022: Gedaan.",
            ]
            for i in range(1, n + 1)
        ]

    counts = []
    for n, numbers in ((10, "2021-"), (40, "2022-")):
        plan = plan_import([[c.replace("2021-", numbers) for c in row] for row in table(n)])
        with CaptureQueriesContext(connection) as queries:
            lta_import(plan=plan, filename="lta.csv", by=gerda)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert LtaItem.objects.count() == 50 and StatusUpdate.objects.count() == 50
