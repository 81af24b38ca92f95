"""Nothing typed is lost: a draft that does not validate comes back, a conflict shows both
versions, and a concept nobody wants goes after a confirmation. axe checks each new page."""

import pytest
from playwright.sync_api import expect

from raadsmemo.lta.models import LtaItem
from raadsmemo.lta.services import lta_item_update
from raadsmemo.memos.demo import STAPELING, load_seed_memo
from raadsmemo.memos.models import Memo
from tests.conftest import make_item, make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_draft_that_does_not_validate_comes_back(page, live_server):
    make_user("gerda", "griffie")
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/memos/nieuw/?doel=beeldvormend")
    page.get_by_label("Datum", exact=True).fill("2022-01-12")
    page.get_by_label("Korte samenvatting").fill("Een lange tekst die niet verloren mag gaan.")
    # No title yet: autosave keeps it as a draft, apart from any memo.
    expect(page.locator("#autosave-status")).to_contain_text("Als concept bewaard om", timeout=10_000)
    assert Memo.objects.count() == 0
    # The tab closes (no question asked: the draft is stored); later the editor offers it back.
    page.goto(f"{live_server.url}/memos/nieuw/")
    expect(page.get_by_text("U typte hier eerder iets dat nog niet in de memo staat")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Concept terugzetten").click()
    expect(page.get_by_label("Korte samenvatting")).to_have_value(
        "Een lange tekst die niet verloren mag gaan."
    )
    assert_accessible(page)


def test_a_conflict_shows_both_versions_and_a_concept_can_be_removed(page, live_server):
    gerda = make_user("gerda", "griffie")
    item = make_item("2022-1", title="Toezegging zoals geladen", by=gerda)
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/lta/2022-1/bewerken/")
    # A colleague saves first.
    item.title = "Titel van de collega"
    lta_item_update(item=item, fields=["title"])
    page.get_by_label("Titel", exact=True).fill("Mijn titel")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Niet opgeslagen: iemand anders heeft dit intussen gewijzigd")).to_be_visible()
    expect(page.get_by_role("table", name="Wat verschilt")).to_contain_text("Titel van de collega")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Mijn titel")).to_be_visible()
    assert LtaItem.objects.get().title == "Mijn titel"

    memo = load_seed_memo(STAPELING, by=gerda)
    page.goto(f"{live_server.url}/memos/{memo.pk}/")
    page.get_by_role("link", name="Concept verwijderen").click()
    expect(page.get_by_role("heading", name="Conceptmemo verwijderen?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page.get_by_text("is verwijderd")).to_be_visible()
    assert not Memo.objects.exists()
