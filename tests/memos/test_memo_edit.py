"""The memo editor through the client: good input is stored, bad input answered in Dutch."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from raadsmemo.memos.models import STANDARD_TREATMENT_TEXT, LinkSection, Memo
from tests.conftest import memo_form_data, rows

CREATE = reverse("memos:create")


def post(client, data, url=CREATE, **headers):
    return client.post(url, data, **headers)


@pytest.mark.django_db
def test_griffie_creates_a_complete_memo(griffie_client, gerda, contact):
    data = memo_form_data(
        stuk_date="2021-12-20",
        **rows("contacts", [{"contact": str(contact.pk)}]),
        **rows(
            "slots",
            [
                {
                    "start": "10:30",
                    "end": "10:35",
                    "activity": "introductie",
                    "presenter": "wethouders Diks en Jongman",
                },
                {"start": "10:35", "end": "10:55", "activity": "documentaire", "presenter": ""},
            ],
        ),
        **rows(
            "stuklinks",
            [{"label": "Collegebrief", "url": "https://gemeenteraad.groningen.nl/brief.pdf"}],
        ),
        **rows("infolinks", [{"label": "Onderzoek", "url": "http://example.org/onderzoek"}]),
    )
    response = post(griffie_client, data)
    memo = Memo.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("memos:detail", args=[memo.pk])
    assert memo.title == "Voortgang stapelings- en doorbraakproject"
    assert memo.datum == dt.date(2022, 1, 12)
    assert memo.betreft == ["agendaverzoek", "college"]
    assert memo.created_by == gerda and memo.updated_by == gerda
    assert memo.status == "concept"
    # An empty "wijze van behandeling" gets the standard text of the purpose.
    assert memo.treatment_text == STANDARD_TREATMENT_TEXT["beeldvormend"]
    assert [s.activity for s in memo.programme_slots.all()] == ["introductie", "documentaire"]
    assert [mc.contact for mc in memo.memo_contacts.all()] == [contact]
    assert [(lk.section, lk.label) for lk in memo.links.order_by("section")] == [
        (LinkSection.NADERE_INFORMATIE, "Onderzoek"),
        (LinkSection.STUK, "Collegebrief"),
    ]
    page = griffie_client.get(response["Location"]).content.decode()
    assert "De memo is opgeslagen." in page


@pytest.mark.django_db
def test_empty_rows_are_ignored_not_refused(griffie_client):
    data = memo_form_data(**rows("slots", [{"start": "", "end": "", "activity": "", "presenter": ""}]))
    assert post(griffie_client, data).status_code == 302
    assert Memo.objects.get().programme_slots.count() == 0


BAD_INPUT = [
    ({"title": ""}, "Vul de titel van het stuk in."),
    ({"purpose": ""}, "Kies het doel van de memo"),
    ({"purpose": "hamerstuk"}, "Selecteer een geldige keuze"),
    ({"datum": "2022-02-30"}, "Deze datum bestaat niet."),
    ({"datum": "31-02-2022"}, "Deze datum bestaat niet."),
    ({"datum": "gisteren"}, "Deze datum bestaat niet."),
    ({"on_lta": "True", "lta_number": ""}, "Vul het itemnummer op de LTA in"),
    ({"has_deadline": "True", "deadline": ""}, "Vul de datum van de deadline in."),
    ({"betreft": ["anders"], "betreft_other": ""}, "vul in wat de memo betreft"),
    ({"purpose": "meningsvormend", "advice": "anders", "advice_text": ""}, "licht het toe"),
    ({"speaking_time_fractie": "-3"}, "Vul 1 tot 60 minuten in."),
    ({"speaking_time_college": "twaalf"}, "Vul een aantal minuten in, zoals 12."),
    (
        rows("slots", [{"start": "11:00", "end": "10:30", "activity": "x", "presenter": ""}]),
        "De eindtijd moet na de begintijd liggen.",
    ),
    (
        rows(
            "slots",
            [
                {"start": "10:30", "end": "11:00", "activity": "introductie", "presenter": ""},
                {"start": "10:45", "end": "11:15", "activity": "film", "presenter": ""},
            ],
        ),
        "Dit tijdslot overlapt met 10:30–11:00 (introductie).",
    ),
    (
        rows("slots", [{"start": "25:00", "end": "26:00", "activity": "x", "presenter": ""}]),
        "Vul een tijd in als uu:mm",
    ),
    (
        rows("stuklinks", [{"label": "Wachtwoorden", "url": "file:///etc/passwd"}]),
        "begint met http:// of https://",
    ),
    (
        rows("stuklinks", [{"label": "Script", "url": "javascript:alert(1)"}]),
        "begint met http:// of https://",
    ),
    (
        rows("stuklinks", [{"label": "", "url": "https://example.org"}]),
        "Geef de link een omschrijving.",
    ),
    (rows("contacts", [{"contact": "999999"}]), "Deze contactpersoon bestaat niet"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(griffie_client, overrides, message):
    data = memo_form_data(samenvatting="Mijn zorgvuldig getypte samenvatting.", **overrides)
    response = post(griffie_client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert Memo.objects.count() == 0
    assert message in page
    assert "De memo is nog niet opgeslagen." in page
    assert "Mijn zorgvuldig getypte samenvatting." in page
    assert 'aria-invalid="true"' in page


@pytest.mark.django_db
def test_duplicate_contact_is_refused(griffie_client, contact):
    data = memo_form_data(**rows("contacts", [{"contact": str(contact.pk)}, {"contact": str(contact.pk)}]))
    page = post(griffie_client, data).content.decode()
    assert "Deze contactpersoon staat al op de memo." in page


@pytest.mark.django_db
def test_edit_changes_the_memo_and_its_rows(griffie_client, stapeling_memo):
    url = reverse("memos:edit", args=[stapeling_memo.pk])
    data = memo_form_data(
        title="Nieuwe titel",
        revision=str(stapeling_memo.revision),
        **rows(
            "slots",
            [{"start": "10:30", "end": "12:00", "activity": "Alles in één", "presenter": ""}],
        ),
    )
    assert post(griffie_client, data, url).status_code == 302
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Nieuwe titel"
    assert stapeling_memo.revision == 2
    assert [s.activity for s in stapeling_memo.programme_slots.all()] == ["Alles in één"]
    assert stapeling_memo.memo_contacts.count() == 0  # the form posted no contacts


@pytest.mark.django_db
def test_concurrent_edit_is_detected_and_nothing_is_lost(griffie_client, age, stapeling_memo):
    url = reverse("memos:edit", args=[stapeling_memo.pk])
    loaded_revision = stapeling_memo.revision
    # Someone else saves first.
    assert (
        post(
            griffie_client,
            memo_form_data(title="Versie van collega", revision=str(loaded_revision)),
            url,
        ).status_code
        == 302
    )
    # Our save, based on the revision we loaded, is refused; our text is still on the page.
    response = post(griffie_client, memo_form_data(title="Mijn versie", revision=str(loaded_revision)), url)
    page = response.content.decode()
    assert response.status_code == 409
    assert "iemand anders heeft deze memo intussen gewijzigd" in page
    assert 'value="Mijn versie"' in page
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Versie van collega"
    # Having seen the other version, the user may save theirs on purpose.
    # The page now carries the other version's revision: "Mijn versie opslaan" builds on it.
    assert f'name="revision" value="{loaded_revision + 1}"' in page
    data = memo_form_data(title="Mijn versie", revision=str(loaded_revision + 1))
    assert post(griffie_client, data, url).status_code == 302
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Mijn versie"


@pytest.mark.django_db
def test_new_memo_opens_with_defaults_and_the_standard_text_of_its_purpose(griffie_client):
    page = griffie_client.get(CREATE + "?doel=meningsvormend").content.decode()
    assert 'value="Raad"' in page and 'value="Agendacommissie"' in page
    assert STANDARD_TREATMENT_TEXT["meningsvormend"] in page
    assert re.search(r'<input type="radio" name="purpose" value="meningsvormend"[^>]* checked', page)


@pytest.mark.django_db
def test_error_summary_links_to_each_field(griffie_client):
    data = memo_form_data(
        title="",
        datum="2022-02-30",
        **rows("slots", [{"start": "11:00", "end": "10:30", "activity": "x", "presenter": ""}]),
    )
    response = post(griffie_client, data)
    assertContains(response, "Verbeter de 3 gemarkeerde velden")
    for anchor, text in [
        ("id_datum", "Datum: Deze datum bestaat niet. Vul een echte datum in, zoals 12-01-2022."),
        ("id_title", "Titel van het stuk: Vul de titel van het stuk in."),
        ("id_slots-0-end", "Tijdslot 1: Eindtijd: De eindtijd moet na de begintijd liggen."),
    ]:
        assertContains(response, f'<a class="utrecht-link" href="#{anchor}">{text}</a>', html=True)


def test_the_error_summary_links_a_radio_group_to_its_first_option(griffie_client):
    response = post(griffie_client, memo_form_data(purpose=""))
    page = response.content.decode()
    assert 'href="#"' not in page
    assert 'href="#id_purpose_0"' in page and 'id="id_purpose_0"' in page


@pytest.mark.django_db
def test_one_error_is_named_in_the_singular(griffie_client):
    response = post(griffie_client, memo_form_data(title=""))
    assertContains(response, "Verbeter het gemarkeerde veld;")
    assertNotContains(response, "Verbeter de 1 gemarkeerde velden")


@pytest.mark.django_db
def test_a_post_claiming_a_thousand_rows_is_refused_in_dutch(griffie_client, stapeling_memo):
    """A hostile row count builds at most 50 rows, and the editor says why nothing was saved."""
    data = memo_form_data(title="Nieuwe titel", revision=str(stapeling_memo.revision))
    data["infolinks-TOTAL_FORMS"] = "1000"
    response = post(griffie_client, data, url=reverse("memos:edit", args=[stapeling_memo.pk]))
    assertContains(response, "Verstuur maximaal 50 formulieren.")
    assertContains(response, 'value="Nieuwe titel"')
    assertContains(response, 'name="infolinks-49-url"')
    assertNotContains(response, 'name="infolinks-50-url"')
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title != "Nieuwe titel"
