"""The contact directory: griffie only; bad phone and e-mail answered in Dutch."""

import pytest
from django.urls import reverse

from raadsmemo.people.models import Contact
from tests.conftest import client_for


@pytest.mark.django_db
def test_only_griffie_manages_contacts(client, rik, contact):
    assert client.get(reverse("people:contact_list")).status_code == 302
    assert client_for(rik).get(reverse("people:contact_list")).status_code == 403
    assert client_for(rik).post(reverse("people:contact_create"), {"name": "X"}).status_code == 403


@pytest.mark.django_db
def test_search_and_edit_contact(griffie_client, contact):
    page = griffie_client.get(reverse("people:contact_list") + "?q=beleid").content.decode()
    assert "Annet Visser" in page
    url = reverse("people:contact_edit", args=[contact.pk])
    data = {
        "name": "Annet Visser",
        "function": "senior beleidsadviseur",
        "team": "Sociaal",
        "phone": "+31 50 367 7029",
        "email": "a.visser@groningen.nl",
        "revision": contact.revision,
    }
    assert griffie_client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.function == "senior beleidsadviseur" and contact.phone == "+31 50 367 7029"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "0503", "Vul een geldig Nederlands telefoonnummer in"),
        ("phone", "bel maar", "Vul een geldig Nederlands telefoonnummer in"),
        ("email", "annet@@groningen", "Vul een geldig e-mailadres in"),
        ("name", "", "Vul de naam van de contactpersoon in."),
    ],
)
def test_bad_contact_input(griffie_client, field, value, message):
    data = {
        "name": "Joyce Bosman",
        "function": "projectleider",
        "team": "",
        "phone": "050 367 1234",
        "email": "",
    }
    data[field] = value
    page = griffie_client.post(reverse("people:contact_create"), data).content.decode()
    assert message in page
    assert 'value="projectleider"' in page
    assert Contact.objects.count() == 0


def test_phone_numbers_as_the_seeds_write_them_are_valid():
    from raadsmemo.people.validators import validate_phone

    for number in [
        "050 – 367 7029",
        "050 367 5764",
        "(050) 367-4261",
        "+31 50 367 7029",
        "0031503677029",
        "",
    ]:
        validate_phone(number)
