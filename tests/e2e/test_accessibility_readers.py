"""As a visitor, a raadslid, the agendacommissie and a beheerder: every page type they reach from /, at 1280 and
320 px, has no axe violation at WCAG 2.2 AA (any impact) and no sideways scrolling
(tests/e2e/a11y.py). The visitor's pages are all checked; the others' where they differ."""

import pytest
from django.contrib.auth import get_user_model

from raadsmemo.accounts.roles import BEHEERDER, ensure_role_groups
from raadsmemo.memos.demo import DEMO_PASSWORD
from tests.e2e.a11y import crawl, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_type_of_visitors_and_readers_at_1280_and_320(browser, live_server):
    load_demo()
    beheerder = get_user_model().objects.create_user("beheer", password=DEMO_PASSWORD)
    beheerder.groups.add(ensure_role_groups()[BEHEERDER])
    roles = {"": True, "raadslid": False, "commissie": False, "beheer": False}
    problems, checked = crawl(browser, live_server.url, roles)
    assert problems == {}
    for kind in ("/vergaderingen/N/", "/lta/", "/toegankelijkheid/", "/memos/N/", "/collegevoorstellen/N/"):
        assert kind in checked, sorted(checked)
    assert len(checked) >= 20, sorted(checked)
