"""A griffie employee imports an Excel-made CSV: the preview shows what changes and what would
be erased, she ticks the erasure, imports, and sees the result in the register."""

import pytest
from playwright.sync_api import expect

from raadsmemo.lta.demo import load_lta_demo
from raadsmemo.lta.models import LtaItem
from tests.conftest import make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Nr.;Soort;Onderwerp;Wethouder;Deadline\n"
    "M-31;Motie;Versterking gebiedsgericht werken;Wethouder van der Schaaf;\n"
    "M-99;Motie;Een motie met een onbekende wethouder;Wethouder Pietersen;\n"
)


def test_import_a_list_with_an_erasure_and_a_row_error(page, live_server, tmp_path):
    make_user("gerda", "griffie")
    load_lta_demo()
    login(page, live_server, "gerda")
    lijst = tmp_path / "lijst.csv"
    lijst.write_text(CSV, encoding="utf-8")

    page.goto(f"{live_server.url}/lta/import/")
    assert_accessible(page)
    page.get_by_label("Bestand (CSV of Excel .xlsx)").set_input_files(lijst)
    page.get_by_role("button", name="Voorvertoning").click()

    expect(page.get_by_role("heading", name="Voorvertoning van lijst.csv")).to_be_visible()
    expect(page.locator("#import-preview")).to_contain_text(
        "0 nieuw, 1 gewijzigd, 0 ongewijzigd, 1 met fouten."
    )
    expect(page.locator("#import-rows")).to_contain_text("wist deadline: 31-03-2022")
    expect(page.locator("#import-error-table")).to_contain_text(
        "Onbekende portefeuillehouder 'Wethouder Pietersen'."
    )
    assert_accessible(page)

    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("Vink aan dat deze waarden gewist mogen worden")).to_be_visible()
    assert LtaItem.objects.get(number="M-31").deadline is not None

    page.get_by_label("Ja, wis de gemarkeerde waarde").check()
    page.get_by_role("button", name="Importeren").click()
    expect(
        page.get_by_text("Import klaar: 0 nieuw, 1 gewijzigd, 0 ongewijzigd, 1 rij met fouten overgeslagen.")
    ).to_be_visible()
    assert LtaItem.objects.get(number="M-31").deadline is None
    assert not LtaItem.objects.filter(number="M-99").exists()
