"""A griffie employee builds an agenda of three items, reorders and publishes it; an anonymous
visitor reads it and opens a memo in place."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.meetings.models import Meeting
from raadsmemo.memos.demo import STAPELING, load_seed_memo
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.workflow import AANBIEDEN, VASTSTELLEN
from tests.conftest import make_user
from tests.e2e.test_keyboard_only import tab_to
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_reorder_publish_and_read(page, live_server, browser):
    gerda = make_user("gerda", "griffie")
    memo = load_seed_memo(STAPELING, by=gerda)
    # The agendacommissie has set the memo: publishing the agenda publishes it with it.
    memo_take_step(memo=memo, step=AANBIEDEN, by=gerda, based_on_revision=ANY_REVISION)
    memo_take_step(memo=memo, step=VASTSTELLEN, by=None, based_on_revision=ANY_REVISION)
    login(page, live_server, "gerda")

    page.goto(f"{live_server.url}/vergaderingen/nieuw/")
    page.get_by_label("Soort vergadering").select_option("beeldvormend")
    page.get_by_label("Titel").fill("Beeldvormende sessie Sociaal domein")
    page.get_by_label("Datum").fill((dt.date.today() + dt.timedelta(days=3)).isoformat())
    page.get_by_label("Begintijd").fill("10:30")
    page.get_by_label("Eindtijd").fill("12:00")
    page.get_by_label("Locatie (zaal, of: digitaal)").fill("digitaal")
    page.get_by_role("button", name="Aanmaken").click()
    expect(
        page.get_by_role("heading", name="Agenda opstellen: Beeldvormende sessie Sociaal domein")
    ).to_be_visible()
    assert_accessible(page)

    def add(title, minutes, memo_label=None):
        if memo_label:
            page.get_by_label("Uit een bestaande memo (of laat leeg)").select_option(label=memo_label)
        else:
            page.locator("[name=item-title]").fill(title)
        page.get_by_label("Duur (minuten)").fill(str(minutes))
        page.get_by_role("button", name="Toevoegen").click()
        expect(page.locator("#builder-items")).to_contain_text(title)

    add("Opening", 5)
    add(
        "Voortgang stapelings- en doorbraakproject",
        60,
        memo_label="Voortgang stapelings- en doorbraakproject",
    )
    add("Rondvraag", 25)
    items = page.locator(".builder-item .agenda__title")
    expect(items).to_have_text(["Opening", "Voortgang stapelings- en doorbraakproject", "Rondvraag"])
    expect(page.locator(".builder-item .agenda__time").nth(2)).to_have_text("11:35–12:00")

    # Keyboard: move "Rondvraag" up with the button, by Enter.
    page.get_by_role("button", name="Punt 3 omhoog").focus()
    page.keyboard.press("Enter")
    expect(items).to_have_text(["Opening", "Rondvraag", "Voortgang stapelings- en doorbraakproject"])
    # The focus stays on the moved item's button (now "Punt 2 omhoog"), and the order is announced.
    expect(page.get_by_role("button", name="Punt 2 omhoog")).to_be_focused()
    expect(page.locator("#agenda-announcement")).to_have_text("‘Rondvraag’ is nu punt 2 van 3.")
    # Once more: at the top its "omhoog" button is gone, and the focus goes to the item itself.
    page.keyboard.press("Enter")
    expect(items.first).to_have_text("Rondvraag")
    expect(page.locator(".builder-item").first).to_be_focused()
    page.keyboard.press("Tab")  # from the item on: its own buttons, not the top of the page
    expect(page.get_by_role("button", name="Punt 1 omlaag")).to_be_focused()
    page.keyboard.press("Enter")
    expect(items).to_have_text(["Opening", "Rondvraag", "Voortgang stapelings- en doorbraakproject"])
    # The programme of the memo (10:30–12:00) no longer fits its item: the builder says so.
    expect(
        page.get_by_text("Het programma van de memo valt buiten de geplande tijd van dit punt")
    ).to_be_visible()
    page.get_by_role("button", name="Punt 2 omlaag").click()
    expect(items).to_have_text(["Opening", "Voortgang stapelings- en doorbraakproject", "Rondvraag"])

    # Publishing with the keyboard: Tab to the button (it must be reachable in order), Enter.
    page.locator("body").focus()
    tab_to(page, page.get_by_role("button", name="Agenda publiceren"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("De agenda is gepubliceerd")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.is_published and meeting.items.count() == 3

    # An anonymous visitor in a fresh browser context.
    context = browser.new_context(locale="nl-NL")
    visitor = context.new_page()
    visitor.goto(f"{live_server.url}/vergaderingen/")
    expect(visitor.get_by_role("link", name="Beeldvormende sessie Sociaal domein")).to_be_visible()
    visitor.get_by_role("link", name="Beeldvormende sessie Sociaal domein").click()
    expect(visitor.locator(".agenda__title")).to_have_text(
        ["Opening", "Voortgang stapelings- en doorbraakproject", "Rondvraag"]
    )
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Voorbereidingsmemo lezen").click()
    memo = visitor.locator(".agenda__memo .memo")
    expect(memo).to_contain_text("Op de LTA stond oorspronkelijk een toezegging")
    assert visitor.url.endswith(f"/vergaderingen/{meeting.pk}/")  # opened in place, no navigation
    assert_accessible(visitor)
    context.close()
