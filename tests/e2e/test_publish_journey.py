"""The memo's workflow in the browser: the griffie offers a memo, the agendacommissie sets it, the
griffie publishes; then changes it, and a visitor reads version 2 and compares it with version 1.
Every page on the way passes axe."""

import pytest
from playwright.sync_api import expect

from raadsmemo.memos.demo import STAPELING, load_seed_memo
from raadsmemo.memos.models import Memo, Status
from tests.conftest import add_item, make_meeting, make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Het programma begint een kwartier later."


def logout(page):
    page.context.clear_cookies()


def test_offer_set_publish_change_and_compare(page, live_server, browser):
    gerda = make_user("gerda", "griffie")
    make_user("age", "agendacommissie")
    memo = load_seed_memo(STAPELING, by=gerda)
    add_item(make_meeting(title="Beeldvormende sessie Stapeling"), "Stapeling", 90, memo=memo)
    memo_url = f"{live_server.url}/memos/{memo.pk}/"

    login(page, live_server, "gerda")
    page.goto(memo_url)
    expect(page.get_by_role("note")).to_contain_text("Er is nog geen gepubliceerde versie.")
    assert_accessible(page)
    page.get_by_role("button", name="Ter vaststelling aanbieden").click()
    expect(page.get_by_text("De memo is ter vaststelling aangeboden aan de agendacommissie.")).to_be_visible()

    logout(page)
    login(page, live_server, "age")
    page.goto(memo_url)
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.get_by_text("De memo is vastgesteld.")).to_be_visible()

    logout(page)
    login(page, live_server, "gerda")
    page.goto(memo_url)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De memo is gepubliceerd")).to_be_visible()
    assert Memo.objects.get().status == Status.GEPUBLICEERD

    # Changing it: back to concept with a reason, edit, and through the workflow again.
    page.get_by_label("Reden om terug te zetten naar concept").fill(REASON)
    page.get_by_role("button", name="Terug naar concept").click()
    expect(page.get_by_text("Reden: " + REASON)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Titel van het stuk").fill("Stapelingsproject: resultaten en borging")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De memo is opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Ter vaststelling aanbieden").click()
    logout(page)
    login(page, live_server, "age")
    page.goto(memo_url)
    page.get_by_role("button", name="Vaststellen").click()
    logout(page)
    login(page, live_server, "gerda")
    page.goto(memo_url)
    expect(page.get_by_label("Wat is er gewijzigd?", exact=False)).to_have_value(REASON)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De memo is gepubliceerd")).to_be_visible()

    # A visitor reads version 2 and compares it with version 1.
    context = browser.new_context(locale="nl-NL")
    visitor = context.new_page()
    visitor.goto(memo_url)
    assert visitor.url.endswith(f"/memos/{memo.pk}/versie/2/")
    expect(visitor.get_by_role("note")).to_contain_text("Gewijzigd op")
    expect(visitor.get_by_role("note")).to_contain_text(REASON)
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Versies vergelijken").click()
    row = visitor.get_by_role("row", name="Titel van het stuk", exact=False)
    expect(row.locator("del").first).to_have_text("Voortgang stapelings-")
    expect(row.locator("ins").first).to_have_text("Stapelingsproject: resultaten")
    assert_accessible(visitor)
    context.close()
