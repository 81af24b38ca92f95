"""Password change and password reset by e-mail, in Dutch."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, client_for

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-2026"


def test_password_change_in_dutch(gerda):
    client = client_for(gerda)
    page = client.get("/wachtwoord/wijzigen/")
    assert page.status_code == 200
    assert "Huidig wachtwoord" in page.content.decode()
    wrong = client.post(
        "/wachtwoord/wijzigen/",
        {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "Het wachtwoord is niet gewijzigd" in wrong.content.decode()
    assert "Uw oude wachtwoord is niet juist ingevoerd" in wrong.content.decode()  # Django in Dutch
    response = client.post(
        "/wachtwoord/wijzigen/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Wachtwoord gewijzigd" in response.content.decode()
    gerda.refresh_from_db()
    assert gerda.check_password(NEW_PASSWORD)


def test_password_change_needs_a_login(db):
    response = Client().get("/wachtwoord/wijzigen/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_password_reset_by_email(gerda):
    client = Client()
    response = client.post("/wachtwoord/vergeten/", {"email": "gerda@example.org"}, follow=True)
    assert "Kijk in uw e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor raadsmemo"
    assert "Kies een nieuw wachtwoord via deze link" in message.body
    link = re.search(r"http://testserver(/wachtwoord/nieuw/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Wachtwoord ingesteld" in done.content.decode()
    assert get_user_model().objects.get(username="gerda").check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True)
    assert "Deze link werkt niet meer" in again.content.decode()


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db):
    response = Client().post("/wachtwoord/vergeten/", {"email": "onbekend@example.org"}, follow=True)
    assert "Kijk in uw e-mail" in response.content.decode()
    assert mail.outbox == []


def test_a_password_reset_lifts_the_lockout_of_the_account(gerda):
    for _ in range(30):
        Client().post("/inloggen/", {"username": "gerda", "password": "fout-wachtwoord"})
    locked = Client().post("/inloggen/", {"username": "gerda", "password": PASSWORD})
    assert locked.status_code == 429
    assert "daarmee kunt u meteen weer inloggen" in locked.content.decode()
    client = Client()
    client.post("/wachtwoord/vergeten/", {"email": "gerda@example.org"})
    link = re.search(r"http://testserver(/wachtwoord/nieuw/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = Client().post("/inloggen/", {"username": "gerda", "password": NEW_PASSWORD})
    assert response.status_code == 302
