"""The collegevoorstel in the browser: the griffie types one with a live preview and autosave,
saves it, walks it through the workflow, and a visitor reads the published version. Every page
on the way passes axe."""

import pytest
from playwright.sync_api import expect

from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelDraft
from tests.conftest import make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_preview_save_publish_and_read(page, live_server):
    make_user("gerda", "griffie")
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/collegevoorstellen/nieuw/")
    assert_accessible(page)
    page.get_by_label("Zaak", exact=True).fill("Wijkaanpak")
    page.get_by_label("Onderwerp", exact=True).fill("Wijkaanpak Ærøskøbing en Łódź")
    # The preview follows the typing; autosave keeps it as a draft.
    expect(page.locator("#preview")).to_contain_text("Wijkaanpak Ærøskøbing en Łódź")
    expect(page.locator("#draft-status")).to_contain_text("Als concept bewaard om")
    assert CollegevoorstelDraft.objects.get().data["onderwerp"] == ["Wijkaanpak Ærøskøbing en Łódź"]
    page.get_by_label("Datum", exact=True).fill("2021-03-30")
    page.get_by_label("Auteur").fill("Ferdy Naafs")
    page.get_by_label("Voorstel", exact=True).fill("De raad te informeren.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("is opgeslagen")).to_be_visible()
    assert not CollegevoorstelDraft.objects.exists()
    for button in ("Aan het college aanbieden", "Vastgesteld door het college", "Publiceren"):
        page.get_by_role("button", name=button).click()
    expect(page.get_by_text("Het collegevoorstel is gepubliceerd")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    cv = Collegevoorstel.objects.get()
    page.goto(f"{live_server.url}/collegevoorstellen/{cv.pk}/")
    expect(page).to_have_url(f"{live_server.url}/collegevoorstellen/{cv.pk}/versie/1/")
    expect(page.get_by_role("note")).to_contain_text("Versie 1")
    expect(page.locator(".memo-paper")).to_contain_text("Wijkaanpak Ærøskøbing en Łódź")
    assert_accessible(page)
