"""Nothing typed in a collegevoorstel is lost: autosave keeps it as a draft (valid or not), a
refused save keeps it too, and the form offers it back until a valid save or "Weggooien"."""

import pytest
from django.urls import reverse

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelDraft
from tests.collegevoorstellen.test_collegevoorstellen import form_data
from tests.conftest import client_for


@pytest.fixture
def cv(db):
    return load_collegevoorstel_demo()


def test_autosave_keeps_what_was_typed_and_the_form_offers_it_back(griffie_client, gerda, cv):
    typed = form_data(aanleiding="Half af: de wijkmakelaars van Ærøskøbing en", datum="31-02-2021")
    saved = griffie_client.post(reverse("collegevoorstellen:draft_save", args=[cv.pk]), typed)
    assert saved.status_code == 200 and "Als concept bewaard om" in saved.content.decode()
    cv.refresh_from_db()
    assert "Ærøskøbing" not in cv.aanleiding  # the collegevoorstel itself is untouched
    edit = reverse("collegevoorstellen:edit", args=[cv.pk])
    offer = griffie_client.get(edit).content.decode()
    assert "U typte hier eerder iets dat nog niet is opgeslagen" in offer and "Ærøskøbing" not in offer
    restored = griffie_client.get(edit, {"concept": "terugzetten"}).content.decode()
    assert "precies zoals u het typte" in restored and "Ærøskøbing" in restored and "31-02-2021" in restored
    # A valid save takes it in, and the draft is gone.
    response = griffie_client.post(edit, form_data(aanleiding="Af.", revision=cv.revision))
    assert response.status_code == 302
    assert not CollegevoorstelDraft.objects.exists()


def test_a_refused_save_of_a_new_one_is_kept_and_can_be_thrown_away(griffie_client, gerda):
    create = reverse("collegevoorstellen:create")
    refused = griffie_client.post(create, form_data(onderwerp="", aanleiding="Mijn lange verhaal"))
    assert refused.status_code == 200 and not Collegevoorstel.objects.exists()
    draft = CollegevoorstelDraft.objects.get(author=gerda, collegevoorstel=None)
    assert draft.data["aanleiding"] == ["Mijn lange verhaal"]
    assert "U typte hier eerder iets" in griffie_client.get(create).content.decode()
    discard = griffie_client.post(reverse("collegevoorstellen:draft_discard_new"), follow=True)
    assert "Het niet-opgeslagen concept is weggegooid." in discard.content.decode()
    assert not CollegevoorstelDraft.objects.exists()


def test_one_draft_per_user_only_the_griffie_and_nul_is_refused(griffie_client, gerda, rik, cv):
    url = reverse("collegevoorstellen:draft_save_new")
    assert client_for(rik).post(url, {"zaak": "x"}).status_code == 403
    griffie_client.post(url, {"zaak": "AB", "onderwerp": "één"})
    griffie_client.post(url, {"zaak": "AB2", "onderwerp": "twee"})
    draft = CollegevoorstelDraft.objects.get()
    assert draft.data["zaak"] == ["AB2"] and draft.collegevoorstel is None
    # NUL is never typed: the post is refused and the draft stays as it was.
    assert griffie_client.post(url, {"zaak": "A\x00B"}).status_code == 400
    assert CollegevoorstelDraft.objects.get().data["zaak"] == ["AB2"]


def test_an_edit_that_lost_a_race_is_kept_as_a_draft(griffie_client, gerda, cv):
    edit = reverse("collegevoorstellen:edit", args=[cv.pk])
    griffie_client.post(edit, form_data(onderwerp="Eerste", revision=cv.revision))
    lost = griffie_client.post(edit, form_data(onderwerp="Tweede", revision=cv.revision))
    assert lost.status_code == 409
    assert CollegevoorstelDraft.objects.get(collegevoorstel=cv).data["onderwerp"] == ["Tweede"]
