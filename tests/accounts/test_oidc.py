"""Single sign-on against a real OpenID Connect provider that the test starts: django-oidc-provider
plays the municipality's IdP in a subprocess (tests/oidc_idp), the whole code flow runs over HTTP."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from raadsmemo.accounts.roles import AGENDACOMMISSIE, GRIFFIE, RAADSLID
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "raadsmemo-test", "geheim-van-de-test"
CALLBACK = "http://testserver/sso/terug/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """The IdP: migrated, with users, a signing key and our client, serving on a free port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_idp.settings",
        "IDP_DATABASE": str(tmp_path_factory.mktemp("idp") / "idp.sqlite3"),
        "IDP_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "tests/oidc_idp/setup_idp.py", CLIENT_ID, CLIENT_SECRET, CALLBACK],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        discovery = requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=5).json()
        yield discovery
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def sso(idp):
    with override_settings(
        OIDC_ENABLED=True,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT=idp["authorization_endpoint"],
        OIDC_OP_TOKEN_ENDPOINT=idp["token_endpoint"],
        OIDC_OP_USER_ENDPOINT=idp["userinfo_endpoint"],
        OIDC_OP_JWKS_ENDPOINT=idp["jwks_uri"],
        OIDC_ROLE_GROUPS={GRIFFIE: "raadsmemo-griffie", AGENDACOMMISSIE: "raadsmemo-agendacommissie"},
    ):
        yield


def log_in_at_idp(authorize_url: str, username: str) -> str:
    """What the browser does at the IdP: follow to its login form, log in, come back with a code."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    while response.is_redirect:
        location = urljoin(response.url, response.headers["Location"])
        if location.startswith("http://testserver/"):
            return location.removeprefix("http://testserver")
        response = browser.get(location, allow_redirects=False, timeout=10)
        if "/login/" in response.url and response.status_code == 200:
            response = browser.post(
                response.url,
                {
                    "username": username,
                    "password": "idp-wachtwoord",
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "next": parse_qs(urlsplit(response.url).query)["next"][0],
                },
                headers={"Referer": response.url},
                allow_redirects=False,
                timeout=10,
            )
    raise AssertionError(f"the IdP did not send us back: {response.status_code} {response.text[:300]}")


def sso_login(client: Client, username: str):
    start = client.get("/sso/start/?next=/memos/")
    assert start.status_code == 302 and start["Location"].startswith("http://127.0.0.1:")
    callback = log_in_at_idp(start["Location"], username)
    assert callback.startswith("/sso/terug/?code=")
    return client.get(callback)


@pytest.mark.django_db
def test_sso_is_off_without_settings(client):
    assert client.get("/sso/start/").status_code == 404
    assert "organisatieaccount" not in client.get("/inloggen/").content.decode()


@pytest.mark.django_db
def test_griffie_member_logs_in_through_the_idp_and_gets_the_role(sso, client, caplog):
    assert "Inloggen met uw organisatieaccount" in client.get("/inloggen/").content.decode()
    with caplog.at_level(logging.INFO, logger="raadsmemo.audit"):
        response = sso_login(client, "gerda.idp")
    assert response.status_code == 302 and response["Location"] == "/memos/"
    user = get_user_model().objects.get(username="gerda.idp")
    assert user.email == "gerda@gemeente.example" and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [GRIFFIE]
    assert client.get("/memos/").status_code == 200  # the griffie's page, as the griffie
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "raadsmemo.audit"]
    assert ("roles_changed", "gerda.idp", [], [GRIFFIE]) in [
        (e["event"], e.get("target"), e.get("before"), e.get("after")) for e in events
    ]
    assert any(e["event"] == "login" and e["user"] == "gerda.idp" for e in events)


@pytest.mark.django_db
def test_roles_follow_the_idp_at_every_login(sso, client):
    existing = make_user("age.idp", RAADSLID)
    existing.email = "age@gemeente.example"
    existing.save(update_fields=["email"])
    assert sso_login(client, "age.idp").status_code == 302
    assert list(existing.groups.values_list("name", flat=True)) == [AGENDACOMMISSIE]
    assert get_user_model().objects.filter(email="age@gemeente.example").count() == 1


@pytest.mark.django_db
def test_someone_without_a_mapped_group_gets_no_account(sso, client):
    response = sso_login(client, "piet.idp")
    assert response.status_code == 302 and response["Location"] == "/inloggen/?sso=mislukt"
    assert not get_user_model().objects.filter(email="piet@gemeente.example").exists()
    page = client.get(response["Location"])
    assert "Inloggen met uw organisatieaccount is niet gelukt" in page.content.decode()
