"""A griffie employee fills in a memo as a person would, watches the preview, saves, downloads the PDF."""

import io

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from raadsmemo.memos.models import Memo
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    """axe finds no serious or critical violations on the page as it is now."""
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_fill_in_preview_save_and_download(page, live_server):
    make_user("gerda", "griffie")
    from raadsmemo.people.models import Contact

    Contact.objects.create(name="Annet Visser", function="beleidsadviseur", phone="050 367 7029")
    login(page, live_server, "gerda")
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voorbereidingsmemo's").click()
    expect(page.get_by_role("heading", name="Voorbereidingsmemo's")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe memo: beeldvormend").click()
    expect(page.get_by_role("heading", name="Nieuwe voorbereidingsmemo")).to_be_visible()
    assert_accessible(page)
    preview = page.locator("#preview")
    # The programme section shows for beeldvormend, the advice section does not.
    expect(page.get_by_role("group", name="Programma (bij beeldvormend)")).to_be_visible()
    expect(page.get_by_role("group", name="Advies + argumentatie (bij meningsvormend)")).to_be_hidden()

    page.get_by_label("Datum", exact=True).fill("2022-01-12")
    page.get_by_label("Agendaverzoek").check()
    page.get_by_label("Titel van het stuk").fill("Voortgang stapelings- en doorbraakproject")
    summary = page.get_by_label("Korte samenvatting")
    summary.fill("Het college praat u ")
    # The formatting toolbar wraps the placeholder (or the selection) in Markdown.
    page.get_by_role("toolbar", name="Opmaak").first.get_by_role("button", name="Vet").click()
    expect(summary).to_have_value("Het college praat u **vette tekst**")
    summary.fill("Het college praat u **bij** over het project.")
    # The preview follows the typing.
    expect(preview).to_contain_text("Voortgang stapelings- en doorbraakproject")
    expect(preview.locator("strong")).to_have_text("bij")
    expect(preview).to_contain_text("12 januari 2022")
    # The draft is saved without pressing Save, and the address bar points at it.
    expect(page.locator("#autosave-status")).to_contain_text("Concept automatisch opgeslagen om")
    assert Memo.objects.get().title == "Voortgang stapelings- en doorbraakproject"
    expect(page).to_have_url(f"{live_server.url}/memos/{Memo.objects.get().pk}/bewerken/")

    # Pick a contact by searching as you type.
    page.get_by_label("Zoek een contactpersoon om toe te voegen").fill("viss")
    # Enter searches; it does not submit (and save) the memo form.
    page.get_by_label("Zoek een contactpersoon om toe te voegen").press("Enter")
    expect(page.get_by_role("heading", name="Nieuwe voorbereidingsmemo")).to_be_visible()
    page.get_by_role("button", name="+ Annet Visser (beleidsadviseur) / 050 367 7029").click()
    # The chosen contact is a row that names them, carrying only the contact's id.
    expect(page.locator("#rows-contacts")).to_contain_text("Annet Visser")
    expect(page.locator('#rows-contacts input[type="hidden"][name$="-contact"]')).to_have_value(
        str(Contact.objects.get().pk)
    )
    expect(preview).to_contain_text("Annet Visser (beleidsadviseur) / 050 367 7029")

    # Two programme slots, in place; then swap them.
    page.get_by_role("button", name="+ Tijdslot toevoegen").click()
    page.locator("[name=slots-0-start]").fill("10:30")
    page.locator("[name=slots-0-end]").fill("10:35")
    page.locator("[name=slots-0-activity]").fill("introductie")
    page.get_by_role("button", name="+ Tijdslot toevoegen").click()
    expect(page.locator("[name=slots-1-start]")).to_be_focused()
    page.locator("[name=slots-1-start]").fill("10:35")
    page.locator("[name=slots-1-end]").fill("10:55")
    page.locator("[name=slots-1-activity]").fill("documentaire")
    expect(preview).to_contain_text("10:35 – 10:55 documentaire")
    page.get_by_role("button", name="Tijdslot 2 omhoog").click()
    expect(page.locator("[name=slots-0-activity]")).to_have_value("documentaire")
    # Typed text in other sections survived the in-place row changes.
    expect(page.get_by_label("Titel van het stuk")).to_have_value("Voortgang stapelings- en doorbraakproject")

    # Switching the purpose hides the programme, shows the advice, and the standard text follows.
    page.get_by_label("Meningsvormend").check()
    expect(page.get_by_role("group", name="Programma (bij beeldvormend)")).to_be_hidden()
    expect(page.get_by_label("Tekst")).to_have_value(
        "De sessie is bedoeld voor het uitwisselen en met elkaar confronteren van meningen van de verschillende "
        "raadsfracties m.b.t. het genoemd onderwerp. Tijdens de meningsvormende sessie stellen raadsleden alleen "
        "politieke vragen aan elkaar of aan het college en geven vooral aan waarom ze het wel of niet eens zijn met "
        "de uitgezette of voorgestelde lijn."
    )
    page.get_by_label("Beeldvormend").check()

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De memo is opgeslagen.")).to_be_visible()
    memo = Memo.objects.get()
    assert [s.activity for s in memo.programme_slots.all()] == ["documentaire", "introductie"]
    assert memo.memo_contacts.get().contact.name == "Annet Visser"
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert (
        download.suggested_filename
        == "2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf"
    )
    data = download.path().read_bytes()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Voortgang stapelings- en doorbraakproject" in text
    assert "10:35 – 10:55 documentaire" in " ".join(text.split())


def test_bad_input_in_the_browser_keeps_everything(page, live_server):
    make_user("gerda", "griffie")
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/memos/nieuw/?doel=beeldvormend")
    page.get_by_label("Korte samenvatting").fill("Niet kwijtraken alstublieft.")
    page.get_by_role("button", name="+ Link toevoegen").first.click()
    page.locator("[name=stuklinks-0-label]").fill("Wachtwoorden")
    page.locator("[name=stuklinks-0-url]").fill("file:///etc/passwd")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De memo is nog niet opgeslagen.")).to_be_visible()
    # The summary takes the focus and links to each field; the message also stands at the field.
    expect(page.locator("#form-errors")).to_be_focused()
    page.get_by_role("link", name="Titel van het stuk: Vul de titel van het stuk in.").click()
    expect(page.get_by_label("Titel van het stuk")).to_be_focused()
    expect(page.get_by_text("Vul de titel van het stuk in.", exact=True)).to_be_visible()
    expect(page.get_by_text("begint met http:// of https://").last).to_be_visible()
    expect(page.get_by_label("Korte samenvatting")).to_have_value("Niet kwijtraken alstublieft.")
    assert Memo.objects.count() == 0
    assert_accessible(page)


def test_autosave_without_connection_says_so_and_leaving_asks_first(page, live_server):
    gerda = make_user("gerda", "griffie")
    from raadsmemo.memos.demo import STAPELING, load_seed_memo

    memo = load_seed_memo(STAPELING, by=gerda)
    login(page, live_server, "gerda")
    page.goto(f"{live_server.url}/memos/{memo.pk}/bewerken/")
    page.context.set_offline(True)
    page.get_by_label("Titel van het stuk").fill("Getypt zonder verbinding")
    expect(page.locator("#autosave-status")).to_contain_text("geen verbinding met de server")
    page.context.set_offline(False)
    # Leaving now would lose the title: the browser asks first; we stay.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_label("Titel van het stuk")).to_have_value("Getypt zonder verbinding")
    assert dialogs == ["beforeunload"]
    # Once autosave has stored it, leaving is quiet.
    page.get_by_label("Titel van het stuk").fill("Getypt met verbinding")
    expect(page.locator("#autosave-status")).to_contain_text("Concept automatisch opgeslagen om")
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_role("heading", name="Voorbereidingsmemo", exact=True)).to_be_visible()
    assert dialogs == ["beforeunload"]
    memo.refresh_from_db()
    assert memo.title == "Getypt met verbinding"
