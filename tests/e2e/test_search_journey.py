"""A visitor types in the header's search box and sees results appear; Enter opens the results page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from raadsmemo.meetings.services import memo_create_for_item
from tests.conftest import add_item, make_item, make_meeting, make_user
from tests.e2e.test_memo_journey import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_appear_while_typing(page, live_server):
    gerda = make_user("gerda", "griffie")
    meeting = make_meeting(title="Beeldvormende sessie volkshuisvesting", date=dt.date(2022, 1, 12))
    item = add_item(meeting, "Bouwen van sociale woningen")
    concept = memo_create_for_item(item=item, by=gerda)  # never published: not for the visitor
    make_item("2019-300", title="Woningbouw in de wijken", by=gerda)

    page.goto(f"{live_server.url}/vergaderingen/")
    box = page.get_by_role("searchbox", name="Zoeken naar memo's")
    box.press_sequentially("woningen", delay=20)
    suggestions = page.locator("#zoek-suggesties")
    expect(suggestions).to_contain_text("2 resultaten voor „woningen”")
    expect(suggestions.get_by_role("link", name="Woningbouw in de wijken")).to_be_visible()
    expect(suggestions).not_to_contain_text("Voorbereidingsmemo")  # the concept memo of that item
    assert concept.title == "Bouwen van sociale woningen"
    assert_accessible(page)

    box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/zoeken/?q=woningen")
    expect(page.get_by_role("heading", name="Zoeken", exact=True)).to_be_visible()
    # SQLite marks the stem ("woning"), PostgreSQL the whole word ("woningen", "Woningbouw").
    expect(page.locator("#zoekresultaten mark").first).to_have_text(re.compile(r"^[Ww]oning"))
    assert_accessible(page)
