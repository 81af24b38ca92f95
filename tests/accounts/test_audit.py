"""The audit trail: one JSON object per security event on the logger raadsmemo.audit."""

import json
import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from raadsmemo.accounts.roles import GRIFFIE, RAADSLID, ensure_role_groups
from raadsmemo.meetings.services import meeting_publish
from tests.conftest import PASSWORD, client_for, make_meeting


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.events = []

    def emit(self, record):
        self.events.append(json.loads(record.getMessage()))


@pytest.fixture
def events():
    handler = Collect()
    logger = logging.getLogger("raadsmemo.audit")
    logger.addHandler(handler)
    yield handler.events
    logger.removeHandler(handler)


def login(client, username, password):
    return client.post("/inloggen/", {"username": username, "password": password}, REMOTE_ADDR="192.0.2.4")


def test_login_logout_and_failed_login_are_logged(gerda, events):
    client = Client()
    login(client, "gerda", "fout")
    login(client, "gerda", PASSWORD)
    client.post("/uitloggen/")
    assert [(e["event"], e["user"], e.get("username"), e["ip"]) for e in events] == [
        ("login_failed", None, "gerda", "192.0.2.4"),
        ("login", "gerda", None, "192.0.2.4"),
        ("logout", "gerda", None, "127.0.0.1"),
    ]
    assert all("fout" not in json.dumps(e) and PASSWORD not in json.dumps(e) for e in events)


def test_lockout_is_logged(gerda, events):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "gerda", "fout")
    lockouts = [e for e in events if e["event"] == "lockout"]
    assert lockouts and lockouts[0]["username"] == "gerda" and lockouts[0]["ip"] == "192.0.2.4"


def test_role_changes_in_the_admin_are_logged(rik, events):
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    groups = ensure_role_groups()
    response = client_for(root).post(
        f"/beheer/auth/user/{rik.pk}/change/",
        {
            "username": "rik",
            "email": "rik@example.org",
            "is_active": "on",
            "groups": [groups[GRIFFIE].pk, groups[RAADSLID].pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = [e for e in events if e["event"] == "roles_changed"]
    assert changes == [
        {
            **changes[0],
            "user": "root",
            "target": "rik",
            "before": ["raadslid"],
            "after": ["griffie", "raadslid"],
        }
    ]


def test_publication_is_logged_with_who_did_it(gerda, events):
    meeting = make_meeting(published=False)
    meeting_publish(meeting=meeting, by=gerda)
    assert [(e["event"], e["user"], e["meeting"]) for e in events] == [
        ("meeting_published", "gerda", meeting.pk)
    ]


def test_export_of_non_public_data_is_logged_public_export_is_not(gerda, client, events):
    client.get("/lta/export/csv/")
    assert events == []
    client_for(gerda).get("/lta/export/xlsx/")
    exports = [e for e in events if e["event"] == "export"]
    assert [(e["user"], e["kind"], e["format"], e["public"]) for e in exports] == [
        ("gerda", "lta", "xlsx", False)
    ]
