"""The malformed inputs the audit found: each gets a 400 or 404, or a Dutch message; never a 500."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from raadsmemo.memos.models import MemoDraft
from raadsmemo.memos.services import memo_draft_store
from raadsmemo.people.models import Contact
from tests.conftest import add_item, client_for, make_meeting, memo_form_data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/lta/lijst/?vergadering=²", 404),
        ("/lta/lijst/?vergadering=①", 404),
        ("/lta/lijst/?vergadering=99999999999999999999999", 404),
        ("/vergaderingen/archief/0/", 404),
        ("/vergaderingen/archief/0000/", 404),
        ("/vergaderingen/archief/10000/", 404),
        ("/vergaderingen/archief/99999999999999999999/", 404),
        ("/lta/?q=%00", 400),
        ("/lta/lijst/?datum=%00", 400),
        ("/vergaderingen/?page=%00", 400),
        ("/lta/import/%00/", 400),
        ("/vergaderingen/%00.ics", 400),
    ],
)
def test_anonymous_malformed_urls(client, url, status):
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_archive_years_in_range_still_work(client):
    assert client.get("/vergaderingen/archief/2022/").status_code == 200
    assert client.get("/vergaderingen/archief/9999/").status_code == 200
    assert reverse("meetings:archive_year", args=[2022]) == "/vergaderingen/archief/2022/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/contactpersonen/?q=%00", "/lta/kiezen/?kies=%00", "/lta/kiezen/?lta_number=a%00b"]
)
def test_nul_in_a_query_string_is_a_dutch_400(griffie_client, url):
    response = griffie_client.get(url)
    assert response.status_code == 400
    assert "teken dat niet kan worden verwerkt" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_nul_in_a_posted_form_is_a_400_and_stores_nothing(griffie_client, encoding):
    """However the browser encodes the form (a file field makes it multipart): a Dutch 400."""
    data = {"name": "Annet\x00Visser", "function": ""}
    if encoding == "urlencoded":
        urlencoded = "application/x-www-form-urlencoded"
        response = griffie_client.post("/contactpersonen/nieuw/", urlencode(data), content_type=urlencoded)
    else:
        response = griffie_client.post("/contactpersonen/nieuw/", data)
    assert response.status_code == 400
    assert "teken dat niet kan worden verwerkt" in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_nul_in_a_multipart_autosave_is_a_400_and_stores_no_draft(griffie_client, stapeling_memo):
    """The fuzzer's find: a NUL in a formset's management field once reached PostgreSQL's JSON."""
    url = reverse("memos:autosave", args=[stapeling_memo.pk])
    data = {**memo_form_data(), "infolinks-MIN_NUM_FORMS": "\x00"}
    response = griffie_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert not MemoDraft.objects.exists()


@pytest.mark.django_db
def test_a_draft_never_holds_nul(gerda, stapeling_memo):
    """Any other way in (a service call, a future JSON endpoint) leaves NUL out of the draft."""
    data = QueryDict(mutable=True)
    data.setlist("samenvatting", ["Een\x00 tekst"])
    data.setlist("in\x00links", ["a"])
    draft = memo_draft_store(memo=stapeling_memo, by=gerda, data=data)
    draft.refresh_from_db()
    assert draft.data == {"samenvatting": ["Een tekst"], "inlinks": ["a"]}


@pytest.mark.django_db
def test_unicode_digits_in_editor_actions(gerda, stapeling_memo):
    client = client_for(gerda)

    rows_url = reverse("memos:rows", args=[stapeling_memo.pk])
    for action in ["remove:slots:²", "up:contacts:①", "pick-contact:²", "remove:slots:" + "9" * 40]:
        response = client.post(rows_url, memo_form_data(action=action))
        assert response.status_code in (200, 400), action
    assert client.post(reverse("memos:autosave_new"), memo_form_data(memo_pk="²")).status_code == 200
    data = memo_form_data(**{"slots-TOTAL_FORMS": "²", "action": "add:slots"})
    assert client.post(reverse("memos:rows_new"), data).status_code == 200


@pytest.mark.django_db
def test_unicode_digits_in_agenda_actions(gerda):
    meeting = make_meeting()
    item = add_item(meeting, "Opening")
    client = client_for(gerda)
    url = reverse("meetings:reorder", args=[meeting.pk])
    assert client.post(url, {"order": f"{item.pk},²"}).status_code == 400
    assert client.post(url, {"order": "9" * 30}).status_code == 400
    # Item ids are in the path now: digits that are no ASCII digits match no URL.
    assert client.post(f"/vergaderingen/{meeting.pk}/punten/²/omhoog/").status_code == 404


@pytest.mark.django_db
def test_a_choice_beyond_a_bigint_is_an_invalid_choice(gerda, contact):
    from raadsmemo.memos.forms import ContactRowForm

    form = ContactRowForm({"contact": "9" * 30})
    assert not form.is_valid()
    assert form.errors["contact"] == ["Deze contactpersoon bestaat niet (meer). Kies een andere."]


@pytest.mark.django_db
def test_a_path_id_beyond_a_bigint_is_404(griffie_client):
    assert griffie_client.get("/memos/" + "9" * 30 + "/").status_code == 404
    assert griffie_client.get("/vergaderingen/1/punten/" + "9" * 30 + "/bewerken/").status_code == 404
