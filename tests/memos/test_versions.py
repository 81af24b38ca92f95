"""Published versions: frozen files with their checksums, byte-identical downloads, a second
version with its reason, every version at its own address, and the compare page."""

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from raadsmemo.memos.models import MemoVersion, Status
from raadsmemo.people.models import Contact
from tests.conftest import add_item, client_for, make_meeting, memo_form_data, publish_memo

PUBLISHED_ON = dt.datetime(2022, 1, 5, 9, 0, tzinfo=dt.UTC)
CHANGED_ON = dt.datetime(2022, 1, 10, 14, 0, tzinfo=dt.UTC)
REASON = "De spreektijd van het college is aangepast."


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as f:
        return f.read()


@pytest.fixture
def on_agenda(stapeling_memo, gerda):
    meeting = make_meeting(title="Beeldvormende sessie Stapeling")
    item = add_item(meeting, "Stapeling", 60, memo=stapeling_memo)
    with time_machine.travel(PUBLISHED_ON, tick=False):
        publish_memo(stapeling_memo, by=gerda)
    return meeting, item, stapeling_memo


def change_and_republish(client, memo, *, title: str, reason: str = REASON):
    """As the griffie does it: back to concept with a reason, edit, offer, set, publish."""
    memo.refresh_from_db()
    client.post(
        reverse("memos:terug_naar_concept", args=[memo.pk]), {"reason": reason, "revision": memo.revision}
    )
    memo.refresh_from_db()
    data = memo_form_data(title=title, revision=str(memo.revision))
    assert client.post(reverse("memos:edit", args=[memo.pk]), data).status_code == 302
    memo.refresh_from_db()
    return memo


@pytest.mark.django_db
def test_publishing_freezes_html_pdf_and_snapshot_with_their_checksums(on_agenda, gerda):
    _, _, memo = on_agenda
    version = memo.current_version
    assert (version.number, version.published_by, version.published_at) == (1, gerda, PUBLISHED_ON)
    for name, checksum in [
        (version.html_name, version.html_sha256),
        (version.pdf_name, version.pdf_sha256),
        (version.json_name, version.json_sha256),
    ]:
        assert name.startswith(f"memos/{memo.pk}/versie-1/")
        assert hashlib.sha256(stored_bytes(name)).hexdigest() == checksum
    assert version.pdf_name.endswith(
        "2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf"
    )
    snapshot = json.loads(stored_bytes(version.json_name))
    assert snapshot["fields"]["title"] == "Voortgang stapelings- en doorbraakproject"
    assert snapshot["contacts"][0] == {
        "name": "Annet Visser",
        "function": "beleidsadviseur",
        "team": "",
        "phone": "050 – 367 7029",
        "email": "annet.visser@groningen.nl",
    }
    assert "Op de LTA stond oorspronkelijk een toezegging" in stored_bytes(version.html_name).decode()


@pytest.mark.django_db
def test_a_version_keeps_the_contact_details_it_was_published_with(client, on_agenda):
    _, _, memo = on_agenda
    version = memo.current_version
    before = [stored_bytes(n) for n in (version.html_name, version.pdf_name, version.json_name)]
    Contact.objects.filter(name="Annet Visser").update(phone="06 1234 5678")
    page = client.get(version.get_absolute_url()).content.decode()
    assert "050 – 367 7029" in page and "06 1234 5678" not in page
    assert [stored_bytes(n) for n in (version.html_name, version.pdf_name, version.json_name)] == before


@pytest.mark.django_db
def test_every_download_is_the_stored_file_byte_for_byte(client, on_agenda):
    meeting, item, memo = on_agenda
    version = memo.current_version
    url = version.get_pdf_url()
    first, second = client.get(url), client.get(url)
    body = b"".join(first.streaming_content)
    assert body == b"".join(second.streaming_content) == stored_bytes(version.pdf_name)
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256
    assert first["ETag"] == f'"{version.pdf_sha256}"'
    assert first["Content-Length"] == str(len(body)) == str(version.pdf_size)
    assert first["Content-Type"] == "application/pdf"
    assert (
        'filename="2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf"'
        in (first["Content-Disposition"])
    )
    assert "immutable" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The meeting page's memo PDF is the same stored file (its address shows the next version later).
    from_meeting = client.get(reverse("meetings:item_memo_pdf", args=[meeting.pk, item.pk]))
    assert b"".join(from_meeting.streaming_content) == body
    assert "immutable" not in from_meeting["Cache-Control"]


@pytest.mark.django_db
def test_editing_a_published_memo_leaves_readers_the_published_version(client, griffie_client, on_agenda):
    meeting, item, memo = on_agenda
    memo_page = reverse("meetings:item_memo", args=[meeting.pk, item.pk])
    pdf = reverse("meetings:item_memo_pdf", args=[meeting.pk, item.pk])
    published_pdf = b"".join(client.get(pdf).streaming_content)

    memo = change_and_republish(griffie_client, memo, title="Stapeling: de nieuwe aanpak")
    assert memo.status == Status.CONCEPT and memo.current_version.number == 1
    page = client.get(memo_page).content.decode()
    assert "Voortgang stapelings- en doorbraakproject" in page and "de nieuwe aanpak" not in page
    assert b"".join(client.get(pdf).streaming_content) == published_pdf
    assert (
        "de nieuwe aanpak" not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    # The griffie sees the concept, marked as one, and which version readers have.
    concept = griffie_client.get(reverse("memos:detail", args=[memo.pk])).content.decode()
    assert "Stapeling: de nieuwe aanpak" in concept and "Concept: niet gepubliceerd" in concept
    assert "Zij lezen" in concept and memo.current_version.get_absolute_url() in concept


@pytest.mark.django_db
def test_version_two_says_when_and_why_it_changed(client, gerda, age, on_agenda):
    meeting, item, memo = on_agenda
    griffie = client_for(gerda)
    memo = change_and_republish(griffie, memo, title="Stapeling: de nieuwe aanpak")
    griffie.post(reverse("memos:aanbieden", args=[memo.pk]), {"revision": memo.revision})
    memo.refresh_from_db()
    client_for(age).post(reverse("memos:vaststellen", args=[memo.pk]), {"revision": memo.revision})
    memo.refresh_from_db()
    # The reason for going back to concept is offered as the reason of the new version.
    page = griffie.get(reverse("memos:detail", args=[memo.pk])).content.decode()
    assert f">{REASON}</textarea>" in page
    response = griffie.post(
        reverse("memos:publiceren", args=[memo.pk]), {"revision": memo.revision, "reason": ""}
    )
    assert response.status_code == 409
    assert "Geef aan wat er is gewijzigd" in response.content.decode()
    with time_machine.travel(CHANGED_ON, tick=False):
        response = griffie.post(
            reverse("memos:publiceren", args=[memo.pk]), {"revision": memo.revision, "reason": REASON}
        )
    assert response.status_code == 302
    memo.refresh_from_db()
    second = memo.current_version
    assert (second.number, second.reason) == (2, REASON)

    fragment = client.get(reverse("meetings:item_memo", args=[meeting.pk, item.pk])).content.decode()
    assert f"Gewijzigd op 10 januari 2022: {REASON}" in fragment
    assert "Stapeling: de nieuwe aanpak" in fragment
    version_page = client.get(second.get_absolute_url()).content.decode()
    assert f"Gewijzigd op 10 januari 2022: {REASON}" in version_page
    # Version 1 keeps its address and its text.
    first = MemoVersion.objects.get(memo=memo, number=1)
    old_page = client.get(first.get_absolute_url()).content.decode()
    assert "Voortgang stapelings- en doorbraakproject" in old_page and "Er is een nieuwere versie" in old_page
    assert client.get(first.get_pdf_url()).status_code == 200


@pytest.mark.django_db
def test_compare_page_marks_what_changed_field_by_field(
    client, gerda, age, on_agenda, django_assert_num_queries
):
    _, _, memo = on_agenda
    griffie = client_for(gerda)
    memo = change_and_republish(griffie, memo, title="Stapeling: de nieuwe aanpak")
    publish_memo(memo, by=gerda, reason=REASON)
    url = reverse("memos:compare", args=[memo.pk])
    with django_assert_num_queries(2):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>Voortgang</del>" in page and "<ins>Stapeling:</ins>" in page
    assert '<tr class="is-changed"><th scope="row">Titel van het stuk' in page
    assert "Versie 2, gewijzigd op" in page and REASON in page
    # Nonsense in the choice: a Dutch message, not a 500.
    bad = client.get(url, {"van": "9", "naar": "x"})
    assert bad.status_code == 400 and "Selecteer een geldige keuze" in bad.content.decode()


@pytest.mark.django_db
def test_version_pages_take_a_fixed_number_of_queries(
    client, griffie_client, on_agenda, django_assert_num_queries
):
    _, _, memo = on_agenda
    version = memo.current_version
    with django_assert_num_queries(2):
        assert client.get(version.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(version.get_pdf_url()).status_code == 200
    with django_assert_num_queries(5):
        assert griffie_client.get(version.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_readers_are_sent_from_the_memo_address_to_the_published_version(client, rik, on_agenda):
    _, _, memo = on_agenda
    version = memo.current_version
    response = client.get(reverse("memos:detail", args=[memo.pk]))
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert client_for(rik).get(reverse("memos:pdf", args=[memo.pk]))["Location"] == version.get_pdf_url()


@pytest.mark.django_db
def test_a_version_of_a_memo_readers_may_not_see_is_404(client, rik, stapeling_memo, gerda):
    version = publish_memo(stapeling_memo, by=gerda).current_version  # on no public agenda
    for who in (client, client_for(rik)):
        assert who.get(version.get_absolute_url()).status_code == 404
        assert who.get(version.get_pdf_url()).status_code == 404
    assert client.get(reverse("memos:version", args=[stapeling_memo.pk, 7])).status_code == 404


@pytest.mark.django_db
def test_a_published_memo_is_never_deleted(griffie_client, on_agenda):
    _, _, memo = on_agenda
    memo = change_and_republish(griffie_client, memo, title="Iets anders")
    response = griffie_client.post(reverse("memos:delete", args=[memo.pk]), follow=True)
    assert "Alleen een concept dat nooit is gepubliceerd kan worden verwijderd" in response.content.decode()
    assert MemoVersion.objects.filter(memo=memo).count() == 1


@pytest.mark.django_db
def test_a_version_published_outside_a_request_has_dutch_dates(stapeling_memo, gerda):
    """load_demo and the task worker publish without a request that activates Dutch."""
    from django.utils import translation

    with translation.override("en"), time_machine.travel(PUBLISHED_ON, tick=False):
        version = publish_memo(stapeling_memo, by=gerda).current_version
    html = stored_bytes(version.html_name).decode()
    assert "12 januari 2022" in html and "January" not in html
