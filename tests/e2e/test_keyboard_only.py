"""With the keyboard only: Tab to each control, type, Enter; no mouse (date and time fields are
filled: headless Chromium takes no typed keys there). A griffie employee
writes a memo with two contacts and two programme rows. After every htmx swap the focus stays where
the work goes on (the new row's first field), so the next Tab goes on from there."""

import pytest
from playwright.sync_api import expect

from raadsmemo.memos.models import Memo
from raadsmemo.people.models import Contact
from tests.conftest import make_user
from tests.e2e.test_memo_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, target, *, limit: int = 150) -> None:
    """Press Tab until the target has the focus (it must be reachable, in order, by Tab)."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} is not reached with Tab")


def type_into(page, target, text: str) -> None:
    tab_to(page, target)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_write_a_memo_with_two_contacts_and_two_programme_rows(page, live_server):
    make_user("gerda", "griffie")
    Contact.objects.create(name="Annet Visser", function="beleidsadviseur", phone="050 367 7029")
    Contact.objects.create(name="Bram de Vries", function="projectleider", phone="050 367 1234")
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/memos/nieuw/?doel=beeldvormend")
    expect(page.get_by_role("heading", name="Nieuwe voorbereidingsmemo")).to_be_visible()
    page.locator("body").focus()

    date = page.get_by_label("Datum", exact=True)
    tab_to(page, date)
    date.fill("2022-01-12")  # a date field, like a time field, takes no typed keys when headless
    type_into(page, page.get_by_label("Titel van het stuk"), "Stapeling met het toetsenbord")
    search = page.get_by_label("Zoek een contactpersoon om toe te voegen")
    for query, name in (("viss", "Annet Visser"), ("vries", "Bram de Vries")):
        type_into(page, search, query)
        page.keyboard.press("Enter")
        pick = page.get_by_role("button", name=f"+ {name}")
        tab_to(page, pick)
        page.keyboard.press("Enter")
        expect(page.locator("#rows-contacts")).to_contain_text(name)

    add_slot = page.get_by_role("button", name="+ Tijdslot toevoegen")
    for start, end, activity in (("10:30", "10:35", "introductie"), ("10:35", "10:55", "documentaire")):
        tab_to(page, add_slot)
        page.keyboard.press("Enter")
        # The new row's first field has the focus, so the work goes on there.
        row = page.locator(".row--slots").last
        expect(row.get_by_label("Begintijd")).to_be_focused()
        # Headless Chromium takes no typed keys in a time field (a known limit of the headless
        # shell, not of the page): the two times are filled; everything else is keyboard.
        row.get_by_label("Begintijd").fill(start)
        row.get_by_label("Eindtijd").fill(end)
        type_into(page, row.get_by_label("Onderdeel"), activity)

    tab_to(page, page.get_by_role("button", name="Opslaan", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_text("De memo is opgeslagen.")).to_be_visible()
    memo = Memo.objects.get()
    assert memo.title == "Stapeling met het toetsenbord"
    assert [mc.contact.name for mc in memo.memo_contacts.all()] == ["Annet Visser", "Bram de Vries"]
    assert [(s.start.strftime("%H:%M"), s.activity) for s in memo.programme_slots.all()] == [
        ("10:30", "introductie"),
        ("10:35", "documentaire"),
    ]
