"""A very long unbroken word (a pasted URL, a kenmerk) wraps inside the page in the browser too:
no page scrolls sideways, on a desktop or a phone."""

import datetime as dt

import pytest

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.memos.demo import STAPELING, load_seed_memo
from tests.conftest import make_user
from tests.e2e.test_memo_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "https://gemeenteraad.groningen.nl/Documenten/" + "Raadsvoorstel-Oosterpoort-" * 12 + "bijlage.pdf"
KENMERK = "Kenmerk" + "7" * 160


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [1400, 320])
def test_long_words_wrap_on_the_memo_and_lta_pages(page, live_server, width):
    gerda = make_user("gerda", "griffie")
    memo = load_seed_memo({**STAPELING, "title": KENMERK, "samenvatting": f"Zie {LONG_URL}."}, by=gerda)
    item = LtaItem(number="2026-1", kind=Kind.TOEZEGGING, title=KENMERK, text=LONG_URL)
    item.deadline = dt.date(2026, 12, 1)
    item.save()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "gerda")
    paths = [f"/memos/{memo.pk}/", f"/memos/{memo.pk}/bewerken/", "/lta/2026-1/", "/memos/", "/lta/"]
    for path in paths:
        page.goto(live_server.url + path)
        assert sideways_overflow(page) <= 1, path
        if path in ("/memos/", "/lta/") and width < 400:
            # The list table is wider than a phone: it scrolls inside its own region, which the
            # keyboard reaches, and the columns keep a readable width.
            region = page.locator(".table-scroll")
            assert region.get_attribute("tabindex") == "0"
            assert region.evaluate("el => el.scrollWidth > el.clientWidth")
            assert page.locator(".table-scroll th").first.evaluate("th => th.clientWidth") > 60
