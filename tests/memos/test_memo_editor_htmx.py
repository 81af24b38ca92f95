"""Rows are added, moved and removed in place; the same buttons work without JavaScript."""

import json
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertInHTML

from raadsmemo.memos.models import Memo
from raadsmemo.people.models import Contact
from tests.conftest import memo_form_data, rows

ROWS = reverse("memos:rows_new")
NEW_CONTACT = reverse("memos:contact_create_new")
HTMX = {"HTTP_HX_REQUEST": "true"}


def total_forms(prefix: str, n: int) -> str:
    """The management form's row count as the page renders it."""
    return f'<input type="hidden" name="{prefix}-TOTAL_FORMS" value="{n}" id="id_{prefix}-TOTAL_FORMS">'


SLOTS = [
    {"start": "10:30", "end": "10:35", "activity": "introductie", "presenter": "wethouders"},
    {"start": "10:35", "end": "10:55", "activity": "documentaire", "presenter": ""},
]


@pytest.mark.django_db
def test_add_slot_with_htmx_returns_only_the_programme_rows(griffie_client):
    data = memo_form_data(action="add:slots", **rows("slots", SLOTS))
    response = griffie_client.post(ROWS, data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rows-changed": {}}
    assert html.lstrip().startswith('<div class="row-section" id="rows-slots"')
    assert "<html" not in html
    assertInHTML(total_forms("slots", 3), html)
    assert 'value="introductie"' in html and 'value="documentaire"' in html
    assert 'name="slots-2-start"' in html and "autofocus" in html
    assert "Dit veld is verplicht" not in html  # the new empty row is not an error
    assert Memo.objects.count() == 0  # nothing saved


@pytest.mark.django_db
def test_move_and_remove_slots(griffie_client):
    data = memo_form_data(action="down:slots:0", **rows("slots", SLOTS))
    html = griffie_client.post(ROWS, data, **HTMX).content.decode()
    assert html.index('value="documentaire"') < html.index('value="introductie"')
    data = memo_form_data(action="remove:slots:0", **rows("slots", SLOTS))
    html = griffie_client.post(ROWS, data, **HTMX).content.decode()
    assertInHTML(total_forms("slots", 1), html)
    assert 'value="documentaire"' in html and 'value="introductie"' not in html


@pytest.mark.django_db
def test_without_javascript_the_whole_page_comes_back_with_everything_typed(griffie_client):
    data = memo_form_data(
        action="add:stuklinks",
        title="Mijn titel",
        samenvatting="Mijn tekst",
        **rows("slots", SLOTS),
    )
    response = griffie_client.post(ROWS, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert 'value="Mijn titel"' in page and "Mijn tekst" in page and 'value="documentaire"' in page
    assertInHTML(total_forms("stuklinks", 1), page)
    assert "De memo is nog niet opgeslagen" not in page  # a row action is not a failed save
    assert Memo.objects.count() == 0


def slot_rows(html: str) -> list[tuple[str, str]]:
    """The programme rows the fragment shows, in order: (start, activity)."""
    starts = re.findall(r'name="slots-\d+-start" value="([^"]*)"', html)
    activities = re.findall(r'name="slots-\d+-activity" value="([^"]*)"', html)
    return list(zip(starts, activities, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action",
    ["remove:slots:99", "up:slots:0", "down:slots:1", "remove:unknown:0", "up:slots:x", "nonsense", ""],
)
def test_nonsense_row_actions_change_nothing(griffie_client, action):
    response = griffie_client.post(ROWS, memo_form_data(action=action, **rows("slots", SLOTS)), **HTMX)
    assert response.status_code in (200, 400)
    # The rows come back exactly as they were posted: none lost, none moved, none added.
    assert slot_rows(response.content.decode()) == [("10:30", "introductie"), ("10:35", "documentaire")]
    assert Memo.objects.count() == 0


@pytest.mark.django_db
def test_contact_search_as_you_type_and_pick(griffie_client, contact):
    data = memo_form_data(action="search-contacts", contact_query="visser")
    html = griffie_client.post(ROWS, data, **HTMX).content.decode()
    # Only what goes into the live region, which stays in the page (swapped innerHTML).
    assert 'id="contact-results"' not in html and html.lstrip().startswith('<ul class="contact-results">')
    assert "Annet Visser (beleidsadviseur) / 050 – 367 7029 / annet.visser@groningen.nl" in html
    assert f'value="pick-contact:{contact.pk}"' in html
    html = griffie_client.post(
        ROWS, memo_form_data(action="search-contacts", contact_query="niemand"), **HTMX
    ).content.decode()
    assert "Geen contactpersoon gevonden" in html
    html = griffie_client.post(
        ROWS, memo_form_data(action=f"pick-contact:{contact.pk}"), **HTMX
    ).content.decode()
    assertInHTML(total_forms("contacts", 1), html)
    assertInHTML(f'<option value="{contact.pk}" selected>{contact}</option>', html)


@pytest.mark.django_db
def test_create_contact_on_the_spot(griffie_client):
    data = memo_form_data(
        **{
            "newcontact-name": "Joyce Bosman",
            "newcontact-function": "projectleider",
            "newcontact-phone": "050 367 1234",
            "newcontact-email": "joyce.bosman@groningen.nl",
        },
    )
    html = griffie_client.post(NEW_CONTACT, data, **HTMX).content.decode()
    created = Contact.objects.get(name="Joyce Bosman")
    assertInHTML(f'<option value="{created.pk}" selected>{created}</option>', html)
    assertInHTML(total_forms("contacts", 1), html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("newcontact-email", "joyce@", "Vul een geldig e-mailadres in"),
        ("newcontact-phone", "12345", "Vul een geldig Nederlands telefoonnummer in"),
        ("newcontact-phone", "050 367 12345 6", "Vul een geldig Nederlands telefoonnummer in"),
        ("newcontact-name", "", "Vul de naam van de contactpersoon in."),
    ],
)
def test_bad_new_contact_is_refused_with_a_dutch_message(griffie_client, field, value, message):
    fields = {
        "newcontact-name": "Joyce",
        "newcontact-function": "",
        "newcontact-phone": "",
        "newcontact-email": "",
    }
    fields[field] = value
    html = griffie_client.post(NEW_CONTACT, memo_form_data(**fields), **HTMX).content.decode()
    assert message in html
    if value:
        assert f'value="{value}"' in html
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_live_preview_renders_the_memo_as_typed(griffie_client):
    data = memo_form_data(
        purpose="meningsvormend",
        title="Preview-titel",
        advice="discussie",
        speaking_rounds="2",
        speaking_time_fractie="4",
        datum="2022-02-30",
        **rows("slots", SLOTS),
    )
    html = griffie_client.post(reverse("memos:preview"), data, **HTMX).content.decode()
    assert "Preview-titel" in html
    assert "meningsvormend" in html
    assert "Bespreking in twee rondes. In geval van spreektijden, maximaal 4 minuten per fractie." in html
    assert "nog geen datum" in html  # the impossible date is left out, not guessed
    assert "documentaire" not in html  # a programme belongs to beeldvormend memos
    assert Memo.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        {"newcontact-name": "annet visser", "newcontact-email": ""},
        {"newcontact-name": "A. Visser", "newcontact-email": "Annet.Visser@groningen.nl"},
    ],
)
def test_aanmaken_en_toevoegen_offers_the_contact_that_exists(griffie_client, contact, typed):
    fields = {"newcontact-function": "", "newcontact-phone": "", **typed}
    response = griffie_client.post(
        NEW_CONTACT, memo_form_data(**fields), HTTP_HX_TARGET="contact-section", **HTMX
    )
    html = response.content.decode()
    assert "Deze contactpersoon staat al in de lijst." in html
    assert f'value="pick-contact:{contact.pk}"' in html
    assert Contact.objects.count() == 1  # nothing made twice
    # Picking the one that exists adds it as a row; the warning and the typed fields go.
    picked = griffie_client.post(
        ROWS,
        memo_form_data(action=f"pick-contact:{contact.pk}", **fields),
        HTTP_HX_TARGET="contact-section",
        **HTMX,
    ).content.decode()
    assert picked.lstrip().startswith(
        '<fieldset class="utrecht-form-fieldset editor-block" id="contact-section">'
    )
    assertInHTML(f'<option value="{contact.pk}" selected>{contact}</option>', picked)
    assert "staat al in de lijst" not in picked
    # Or the user confirms that this is someone else.
    created = griffie_client.post(
        NEW_CONTACT, memo_form_data(**fields, **{"newcontact-also_if_known": "on"}), **HTMX
    ).content.decode()
    assert Contact.objects.count() == 2
    new = Contact.objects.exclude(pk=contact.pk).get()
    assertInHTML(f'<option value="{new.pk}" selected>{new}</option>', created)


@pytest.mark.django_db
def test_empty_row_sections_say_so_in_dutch(griffie_client):
    page = griffie_client.get(reverse("memos:create"))
    for text in ("Nog geen contactpersonen.", "Nog geen tijdsloten.", "Nog geen links."):
        assertContains(page, f'<p class="utrecht-paragraph empty-rows">{text}</p>', html=True)
    assert "contactpersoons" not in page.content.decode()
