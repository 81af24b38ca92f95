"""As the griffie: every page type she reaches from /, at 1280 and 320 px, has no axe violation at
WCAG 2.2 AA (any impact) and no sideways scrolling (tests/e2e/a11y.py)."""

import pytest

from tests.e2e.a11y import crawl, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_type_of_the_griffie_at_1280_and_320(browser, live_server):
    load_demo()
    problems, checked = crawl(browser, live_server.url, {"griffie": True})
    assert problems == {}
    # The crawl reached the pages that matter (a broken link would silently shrink it).
    for kind in (
        "/memos/N/",
        "/memos/nieuw/",
        "/vergaderingen/N/agenda-bewerken/",
        "/collegevoorstellen/nieuw/",
    ):
        assert kind in checked, sorted(checked)
    assert len(checked) >= 40, sorted(checked)
