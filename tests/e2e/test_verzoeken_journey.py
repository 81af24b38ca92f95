"""A resident files an agendaverzoek with a list of signatures; the griffie takes it in; the
agendacommissie plans it into a coming meeting; the resident gets both e-mails."""

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect

from raadsmemo.verzoeken.models import Agendaverzoek
from tests.conftest import make_meeting, make_user
from tests.e2e.test_memo_journey import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_files_griffie_takes_in_agendacommissie_plans(page, live_server, browser):
    make_user("gerda", "griffie")
    make_user("age", "agendacommissie")
    coming = make_meeting(
        title="Meningsvormende sessie Verkeer", date=dt.date.today() + dt.timedelta(days=10)
    )

    # The resident finds the form from the meetings page.
    page.goto(f"{live_server.url}/vergaderingen/")
    page.get_by_role("link", name="Agendaverzoek", exact=True).click()
    expect(page.get_by_role("heading", name="Agendaverzoek indienen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Inwoner(s)").check()
    page.get_by_label("Onderwerp").fill("Veilige oversteekplaatsen bij de scholen")
    page.get_by_label("Toelichting").fill("Sinds de nieuwe busroute is het 's ochtends gevaarlijk.")
    page.get_by_label("Aantal handtekeningen").fill("12")
    csv = "naam;adres\n" + "".join(f"Inwoner {i};Straat {i}\n" for i in range(64))
    page.get_by_label("Lijst met handtekeningen").set_input_files(
        files=[{"name": "handtekeningen.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_label("Uw naam").fill("Fatima el Amrani")
    page.get_by_label("Uw e-mailadres").fill("fatima@example.org")
    page.get_by_role("button", name="Agendaverzoek versturen").click()
    # Too few signatures: a Dutch error; what was typed stays, the file must be chosen again.
    expect(page.get_by_text("u noemt er 12. Verzamel er nog 38")).to_be_visible()
    expect(page.get_by_label("Onderwerp")).to_have_value("Veilige oversteekplaatsen bij de scholen")
    assert_accessible(page)
    page.get_by_label("Aantal handtekeningen").fill("64")
    page.get_by_label("Lijst met handtekeningen").set_input_files(
        files=[{"name": "handtekeningen.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Agendaverzoek versturen").click()
    expect(page.get_by_role("heading", name="Uw agendaverzoek is verstuurd")).to_be_visible()
    assert [m.subject for m in mail.outbox] == ["Wij hebben uw agendaverzoek ontvangen"]

    # The griffie takes it in.
    griffie_context = browser.new_context(locale="nl-NL")
    griffie = griffie_context.new_page()
    login(griffie, live_server, "gerda")
    griffie.get_by_role("link", name="Verzoeken").click()
    expect(griffie.get_by_role("heading", name="Agendaverzoeken")).to_be_visible()
    assert_accessible(griffie)
    griffie.get_by_role("link", name="Veilige oversteekplaatsen bij de scholen").click()
    griffie.get_by_role("button", name="In behandeling nemen").click()
    expect(griffie.get_by_text("Het verzoek ligt nu bij de agendacommissie.")).to_be_visible()
    griffie_context.close()

    # The agendacommissie plans it.
    commissie_context = browser.new_context(locale="nl-NL")
    commissie = commissie_context.new_page()
    login(commissie, live_server, "age")
    commissie.get_by_role("link", name="Verzoeken").click()
    commissie.get_by_role("link", name="Veilige oversteekplaatsen bij de scholen").click()
    assert_accessible(commissie)
    commissie.get_by_label("Plannen in de vergadering").select_option(str(coming.pk))
    commissie.get_by_role("button", name="Toekennen").click()
    expect(commissie.get_by_text("Het verzoek is toegekend en ingepland")).to_be_visible()
    expect(commissie.get_by_role("link", name="Meningsvormende sessie Verkeer")).to_be_visible()
    commissie_context.close()

    verzoek = Agendaverzoek.objects.get()
    assert (verzoek.status, verzoek.meeting_id, verzoek.signature_count) == ("toegekend", coming.pk, 64)
    assert [m.subject for m in mail.outbox] == [
        "Wij hebben uw agendaverzoek ontvangen",
        "Uw agendaverzoek is toegekend",
    ]
    assert all(m.to == ["fatima@example.org"] for m in mail.outbox)
    assert "Meningsvormende sessie Verkeer" in mail.outbox[1].body


def test_resident_asks_to_speak_and_the_griffie_confirms(page, live_server, browser):
    from tests.conftest import add_item

    make_user("gerda", "griffie")
    coming = make_meeting(title="Meningsvormende sessie Wonen", date=dt.date.today() + dt.timedelta(days=10))
    add_item(coming, "Woonvisie")

    page.goto(f"{live_server.url}{coming.get_absolute_url()}")
    page.get_by_role("link", name="Inspreken aanvragen bij Woonvisie").click()
    expect(page.get_by_role("heading", name="Inspreken aanvragen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uw naam").fill("Anna Smit")
    page.get_by_label("Uw e-mailadres").fill("anna@example.org")
    page.get_by_label("Waarover wilt u inspreken?").fill("Wat de woonvisie voor onze wijk betekent.")
    page.get_by_label("Mijn naam mag op de openbare agenda staan").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", name="Uw aanmelding om in te spreken is verstuurd")).to_be_visible()

    griffie_context = browser.new_context(locale="nl-NL")
    griffie = griffie_context.new_page()
    login(griffie, live_server, "gerda")
    griffie.goto(f"{live_server.url}/verzoeken/inspreekverzoeken/")
    assert_accessible(griffie)
    griffie.get_by_role("button", name="Bevestigen").click()
    expect(griffie.get_by_text("Bevestigd; de inspreker krijgt een e-mail.")).to_be_visible()
    griffie_context.close()

    page.goto(f"{live_server.url}{coming.get_absolute_url()}")
    expect(page.get_by_text("Insprekers: Anna Smit")).to_be_visible()
    assert [m.subject for m in mail.outbox] == [
        "Wij hebben uw verzoek om in te spreken ontvangen",
        "U kunt inspreken",
    ]
