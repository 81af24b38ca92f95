"""The beheerder manages accounts and their roles in /beheer/, without becoming a superuser."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from raadsmemo.accounts.roles import BEHEERDER, GRIFFIE, RAADSLID, ensure_role_groups
from tests.conftest import client_for, make_user


@pytest.mark.django_db
def test_a_beheerder_gives_a_role_but_cannot_make_anyone_superuser(rik):
    bea = make_user("bea", BEHEERDER)
    groups = ensure_role_groups()
    client = client_for(bea)
    url = reverse("admin:auth_user_change", args=[rik.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "username": "rik",
        "first_name": "Rik",
        "last_name": "",
        "email": "rik@example.org",
        "is_active": "on",
        "is_superuser": "on",  # ignored: read-only for a beheerder
        "groups": [str(groups[RAADSLID].pk), str(groups[GRIFFIE].pk)],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rik.refresh_from_db()
    assert sorted(rik.groups.values_list("name", flat=True)) == [GRIFFIE, RAADSLID]
    assert not rik.is_superuser
    # The roles themselves are fixed: a beheerder sees them and changes none.
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
    griffie = Group.objects.get(name=GRIFFIE)
    assert (
        client.post(reverse("admin:auth_group_change", args=[griffie.pk]), {"name": "x"}).status_code == 403
    )
    assert client.post(reverse("admin:auth_user_delete", args=[rik.pk]), {"post": "yes"}).status_code == 403
