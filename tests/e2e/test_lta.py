"""A griffie employee adds a stand-van-zaken update to motie M-31 and sees it on top of the timeline."""

import pytest
from playwright.sync_api import expect

from raadsmemo.lta.demo import load_lta_demo
from raadsmemo.lta.models import LtaItem
from tests.conftest import make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_an_update_and_see_it_on_top(page, live_server):
    make_user("gerda", "griffie")
    load_lta_demo()
    login(page, live_server, "gerda")

    page.goto(f"{live_server.url}/lta/")
    expect(page.get_by_role("heading", name="Lange-termijnagenda")).to_be_visible()
    assert_accessible(page)
    # Filtering by kind refreshes the results in place.
    page.get_by_label("Soort").select_option("motie")
    expect(page.locator("#lta-results")).to_contain_text("2 items gevonden")
    page.get_by_role("link", name="M-31").click()

    expect(page.get_by_role("heading", name="Versterking gebiedsgericht werken (PvdA e.a.)")).to_be_visible()
    timeline = page.locator(".lta-timeline__item")
    expect(timeline.first).to_contain_text("Update 18-01-2022:")
    assert_accessible(page)

    page.get_by_label("Datum", exact=True).fill("2022-03-02")
    page.get_by_label("Tekst van de update").fill("De nota gebiedsgericht werken ligt bij het college.")
    page.get_by_role("button", name="Update toevoegen").focus()
    page.keyboard.press("Enter")

    saved = "De update van 02-03-2022 staat bovenaan de stand van zaken."
    expect(page.locator("#stand-van-zaken").get_by_text(saved)).to_be_visible()
    expect(timeline.first).to_contain_text(
        "Update 02-03-2022: De nota gebiedsgericht werken ligt bij het college."
    )
    # The focus goes to the new update, and the live region that stayed in the page says it.
    expect(timeline.first).to_be_focused()
    expect(page.locator("#svz-announcement")).to_have_text(
        "De update van 02-03-2022 staat bovenaan de stand van zaken."
    )
    expect(timeline.nth(1)).to_contain_text("Update 18-01-2022:")
    # htmx swapped only the timeline: the form is empty again and the address is the same.
    expect(page.get_by_label("Tekst van de update")).to_have_value("")
    expect(page).to_have_url(f"{live_server.url}/lta/M-31/")
    assert LtaItem.objects.get(number="M-31").updates.count() == 5
    assert_accessible(page)

    # An empty update is refused at the field, in Dutch.
    page.get_by_role("button", name="Update toevoegen").click()
    expect(page.get_by_text("Vul de stand van zaken in.")).to_be_visible()
    assert LtaItem.objects.get(number="M-31").updates.count() == 5
