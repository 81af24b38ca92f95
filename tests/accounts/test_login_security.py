"""Logging in: lockout per account and per address, the admin for beheerders only, session length."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from raadsmemo.accounts.roles import BEHEERDER
from tests.conftest import PASSWORD, client_for, make_user

LOGIN = reverse("login")


def attempt(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_refused_too(gerda):
    client = Client()
    for _ in range(30):
        attempt(client, "gerda", "fout-wachtwoord")
    response = attempt(client, "gerda", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Inloggen is tijdelijk geblokkeerd" in response.content.decode()
    assert f"de komende {settings.AXES_COOLOFF_TIME.seconds // 60} minuten" in response.content.decode()


def test_the_account_is_locked_from_every_address(gerda):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "gerda", "fout", REMOTE_ADDR=f"192.0.2.{n + 1}")
    response = attempt(Client(), "gerda", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked(gerda):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"naam{n}", "fout")
    assert attempt(client, "gerda", PASSWORD).status_code == 429
    # Gerda herself, from her own desk, is not locked out by that.
    assert attempt(Client(REMOTE_ADDR="192.0.2.50"), "gerda", PASSWORD).status_code == 302


def test_a_few_typos_then_the_right_password_logs_in_and_start_afresh(gerda):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "gerda", "fout").status_code == 200
    response = attempt(client, "gerda", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(gerda.pk)


def test_the_admin_login_is_our_login_with_its_lockout(gerda):
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    client = Client()
    for _ in range(30):
        client.post("/beheer/login/", {"username": "gerda", "password": "fout"})
        attempt(client, "gerda", "fout")
    assert attempt(client, "gerda", PASSWORD).status_code == 429


def test_admin_is_for_beheerders_and_superusers_only(gerda, rik):
    assert client_for(gerda).get("/beheer/", follow=True).status_code == 403
    assert client_for(rik).get("/beheer/auth/user/", follow=True).status_code == 403
    beheerder = make_user("bea", BEHEERDER)
    assert client_for(beheerder).get("/beheer/").status_code == 200
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    assert client_for(superuser).get("/beheer/auth/user/").status_code == 200


def test_403_page_is_dutch(gerda):
    response = client_for(gerda).get("/beheer/", follow=True)
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert "Het beheer is alleen voor beheerders." in response.content.decode()


def test_a_session_lasts_a_working_day(gerda):
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
    client = Client()
    attempt(client, "gerda", PASSWORD)
    assert client.cookies["sessionid"]["max-age"] == 9 * 60 * 60


def test_login_page_offers_password_reset(db):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert 'href="/wachtwoord/vergeten/"' in response.content.decode()
