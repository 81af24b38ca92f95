"""Drafts are saved while the user types; what does not validate yet is kept as a draft, apart
from the memo, and offered back. The revision check has no way around it."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from raadsmemo.memos.models import Memo, MemoDraft
from tests.conftest import client_for, make_user, memo_form_data

HTMX = {"HTTP_HX_REQUEST": "true"}


def autosave(client, memo=None, **fields):
    url = reverse("memos:autosave", args=[memo.pk]) if memo else reverse("memos:autosave_new")
    return client.post(url, memo_form_data(**fields), **HTMX)


@pytest.mark.django_db
def test_autosave_stores_the_memo_and_returns_the_new_revision(griffie_client, stapeling_memo):
    response = autosave(griffie_client, stapeling_memo, title="Half getypt", revision="1")
    html = response.content.decode()
    assert "Concept automatisch opgeslagen om" in html
    assertInHTML('<input type="hidden" name="revision" value="2" id="id_revision" hx-swap-oob="true">', html)
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Half getypt" and stapeling_memo.revision == 2


@pytest.mark.django_db
def test_a_save_on_a_stale_revision_is_a_conflict_even_after_an_own_autosave(griffie_client, stapeling_memo):
    autosave(griffie_client, stapeling_memo, title="Tussenstand", revision="1")
    # A Save that left with the old revision (memo-form.js prevents this race) is refused.
    url = reverse("memos:edit", args=[stapeling_memo.pk])
    response = griffie_client.post(url, memo_form_data(title="Eindversie", revision="1"))
    assert response.status_code == 409
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Tussenstand"


@pytest.mark.django_db
@pytest.mark.parametrize("revision", [None, "", "abc"])
def test_leaving_out_the_revision_does_not_skip_the_check(griffie_client, stapeling_memo, revision):
    data = memo_form_data(title="Zonder revisie")
    data.pop("revision")
    if revision is not None:
        data["revision"] = revision
    # The field the old check trusted: a value from another tab changes nothing now.
    data["edit_session"] = "a" * 32
    response = griffie_client.post(reverse("memos:edit", args=[stapeling_memo.pk]), data)
    assert response.status_code in (200, 409)
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Voortgang stapelings- en doorbraakproject"


@pytest.mark.django_db
def test_autosave_from_another_tab_is_a_conflict_and_kept_as_a_draft(griffie_client, stapeling_memo, gerda):
    autosave(griffie_client, stapeling_memo, title="Tab A", revision="1")
    html = autosave(griffie_client, stapeling_memo, title="Tab B", revision="1").content.decode()
    assert "iemand anders heeft deze memo intussen gewijzigd" in html
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Tab A"
    assert MemoDraft.objects.get(memo=stapeling_memo, author=gerda).data["title"] == ["Tab B"]


@pytest.mark.django_db
def test_invalid_input_is_kept_as_a_draft_and_offered_back(griffie_client, stapeling_memo, gerda):
    html = autosave(
        griffie_client, stapeling_memo, title="", datum="2022-02-30", samenvatting="Half af", revision="1"
    ).content.decode()
    assert re.search(
        r"Als concept bewaard om \d\d:\d\d, nog niet in de memo: 2 velden vragen aandacht.", html
    )
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Voortgang stapelings- en doorbraakproject"  # the memo is untouched
    # The editor, opened again, offers the draft; restoring it shows exactly what was typed.
    url = reverse("memos:edit", args=[stapeling_memo.pk])
    page = griffie_client.get(url).content.decode()
    assert "U typte hier eerder iets dat nog niet in de memo staat" in page
    restored = griffie_client.get(url + "?concept=terugzetten").content.decode()
    assert 'value="2022-02-30"' in restored and "Half af</textarea>" in restored
    assert 'name="revision" value="1"' in restored  # it builds on the revision it was typed on
    # A valid save removes the draft.
    griffie_client.post(url, memo_form_data(title="Af", revision="1"))
    assert not MemoDraft.objects.filter(author=gerda).exists()
    assert "U typte hier eerder" not in griffie_client.get(url).content.decode()


@pytest.mark.django_db
def test_a_refused_save_keeps_the_input_when_the_tab_closes(griffie_client, gerda):
    response = griffie_client.post(
        reverse("memos:create"),
        memo_form_data(title="Mijn lange tekst", lta_number="2099-999", on_lta="True"),
    )
    assert response.status_code == 200
    assert "als concept bewaard" in response.content.decode()
    assert Memo.objects.count() == 0
    # The tab closes; later the griffie member opens a new memo and gets the text back.
    page = griffie_client.get(reverse("memos:create")).content.decode()
    assert "U typte hier eerder iets dat nog niet in de memo staat" in page
    restored = griffie_client.get(reverse("memos:create") + "?concept=terugzetten").content.decode()
    assert 'value="Mijn lange tekst"' in restored and 'value="2099-999"' in restored


@pytest.mark.django_db
def test_a_draft_can_be_thrown_away(griffie_client, stapeling_memo, gerda):
    autosave(griffie_client, stapeling_memo, title="", revision="1")
    response = griffie_client.post(reverse("memos:draft_discard", args=[stapeling_memo.pk]))
    assert response["Location"] == reverse("memos:edit", args=[stapeling_memo.pk])
    assert not MemoDraft.objects.exists()


@pytest.mark.django_db
def test_drafts_are_personal(griffie_client, stapeling_memo):
    autosave(griffie_client, stapeling_memo, title="", revision="1")
    colleague = client_for(make_user("greet", "griffie"))
    page = colleague.get(reverse("memos:edit", args=[stapeling_memo.pk])).content.decode()
    assert "U typte hier eerder" not in page


@pytest.mark.django_db
def test_new_memo_is_stored_once_by_autosave_and_then_saved_as_the_same_memo(griffie_client):
    response = autosave(griffie_client, title="Nieuw concept")
    memo = Memo.objects.get()
    assert response["HX-Replace-Url"] == reverse("memos:edit", args=[memo.pk])
    assert re.search(
        rf'name="memo_pk" value="{memo.pk}" id="memo-pk" hx-swap-oob="true"', response.content.decode()
    )
    # The page (still on the create URL) now posts memo_pk along.
    data = memo_form_data(title="Nieuw concept, af", memo_pk=str(memo.pk), revision="1")
    assert griffie_client.post(reverse("memos:create"), data).status_code == 302
    assert Memo.objects.count() == 1
    assert Memo.objects.get().title == "Nieuw concept, af"


@pytest.mark.django_db
def test_memo_pk_of_someone_elses_memo_needs_write_access(client, rik, stapeling_memo):
    data = memo_form_data(title="Overgenomen", memo_pk=str(stapeling_memo.pk))
    assert client_for(rik).post(reverse("memos:create"), data).status_code == 403
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title != "Overgenomen"
