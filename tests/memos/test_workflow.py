"""The memo's workflow through the client: who may take which step, what is refused and why,
and every step recorded on the memo page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from raadsmemo.memos.models import MemoTransition, MemoVersion, Status
from raadsmemo.memos.workflow import STEPS, allowed_steps
from tests.conftest import client_for, memo_form_data, publish_memo


def step(client, memo, name, reason="", revision=None):
    memo.refresh_from_db()
    data = {"revision": memo.revision if revision is None else revision, "reason": reason}
    return client.post(reverse(f"memos:{name}", args=[memo.pk]), data)


@pytest.mark.django_db
def test_concept_to_published_each_step_by_its_role(gerda, age, stapeling_memo):
    griffie, commissie = client_for(gerda), client_for(age)
    memo = stapeling_memo

    response = step(griffie, memo, "aanbieden")
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.status == Status.TER_VASTSTELLING
    page = griffie.get(response["Location"]).content.decode()
    assert "De memo is ter vaststelling aangeboden aan de agendacommissie." in page

    assert step(commissie, memo, "vaststellen").status_code == 302
    memo.refresh_from_db()
    assert memo.status == Status.VASTGESTELD and memo.current_version is None

    response = step(griffie, memo, "publiceren")
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.status == Status.GEPUBLICEERD
    version = memo.current_version
    assert (version.number, version.published_by, version.reason) == (1, gerda, "")

    rows = list(
        MemoTransition.objects.filter(memo=memo).values_list("from_status", "to_status", "by__username")
    )
    assert rows == [
        ("concept", "ter_vaststelling", "gerda"),
        ("ter_vaststelling", "vastgesteld", "age"),
        ("vastgesteld", "gepubliceerd", "gerda"),
    ]
    page = griffie.get(reverse("memos:detail", args=[memo.pk])).content.decode()
    assert "concept → ter vaststelling, door gerda" in page
    assert "ter vaststelling → vastgesteld, door age" in page
    assert "vastgesteld → gepubliceerd, door gerda" in page
    assert version.get_absolute_url() in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("gerda", "vaststellen", Status.TER_VASTSTELLING),  # the griffie does not set its own memos
        ("age", "aanbieden", Status.CONCEPT),
        ("age", "publiceren", Status.VASTGESTELD),  # the agendacommissie does not publish
        ("rik", "aanbieden", Status.CONCEPT),
        ("rik", "vaststellen", Status.TER_VASTSTELLING),
        ("rik", "publiceren", Status.VASTGESTELD),
        ("rik", "terug_naar_concept", Status.VASTGESTELD),
    ],
)
def test_a_role_may_not_take_another_roles_step(request, gerda, stapeling_memo, who, name, status):
    from raadsmemo.memos.models import Memo

    Memo.objects.filter(pk=stapeling_memo.pk).update(status=status)
    client = client_for(request.getfixturevalue(who))
    assert step(client, stapeling_memo, name, reason="Daarom.").status_code == 403
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == status
    assert not MemoTransition.objects.exists() and not MemoVersion.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_for_every_step(client, stapeling_memo):
    for name in STEPS:
        response = step(client, stapeling_memo, name, reason="x")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not MemoTransition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.CONCEPT, Status.TER_VASTSTELLING])
def test_a_memo_that_is_not_vastgesteld_cannot_be_published(griffie_client, stapeling_memo, status):
    from raadsmemo.memos.models import Memo

    Memo.objects.filter(pk=stapeling_memo.pk).update(status=status)
    response = step(griffie_client, stapeling_memo, "publiceren")
    assert response.status_code == 409
    assert "Alleen een vastgestelde memo kan worden gepubliceerd." in response.content.decode()
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == status and stapeling_memo.current_version is None
    assert not MemoVersion.objects.exists()


@pytest.mark.django_db
def test_back_to_concept_needs_a_reason_and_keeps_it(gerda, age, stapeling_memo):
    commissie = client_for(age)
    step(client_for(gerda), stapeling_memo, "aanbieden")
    response = step(commissie, stapeling_memo, "terug_naar_concept", reason="   ")
    assert response.status_code == 409
    assert "Geef een reden op." in response.content.decode()
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == Status.TER_VASTSTELLING

    reason = "De spreektijden ontbreken nog."
    assert step(commissie, stapeling_memo, "terug_naar_concept", reason=reason).status_code == 302
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == Status.CONCEPT
    transition = MemoTransition.objects.get(name="terug_naar_concept")
    assert (transition.reason, transition.by) == (reason, age)
    page = client_for(gerda).get(reverse("memos:detail", args=[stapeling_memo.pk])).content.decode()
    assert f"Reden: {reason}" in page


@pytest.mark.django_db
def test_a_step_from_a_page_that_is_out_of_date_is_refused(gerda, stapeling_memo):
    griffie = client_for(gerda)
    stale = stapeling_memo.revision
    data = memo_form_data(title=stapeling_memo.title, revision=str(stale))
    assert griffie.post(reverse("memos:edit", args=[stapeling_memo.pk]), data).status_code == 302
    response = step(griffie, stapeling_memo, "aanbieden", revision=stale)
    assert response.status_code == 409
    assert "De memo is intussen gewijzigd." in response.content.decode()
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == Status.CONCEPT


@pytest.mark.django_db
def test_nonsense_in_a_step_form_is_answered_in_dutch(griffie_client, stapeling_memo):
    response = step(griffie_client, stapeling_memo, "aanbieden", revision="twee")
    assert response.status_code == 400
    assert (
        "Deze knop hoort bij een pagina die niet klopt. Laad de pagina opnieuw." in response.content.decode()
    )
    response = step(griffie_client, stapeling_memo, "aanbieden", reason="x" * 2001)
    assert response.status_code == 400
    assert "Houd de reden korter dan 2000 tekens." in response.content.decode()
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.status == Status.CONCEPT


@pytest.mark.django_db
def test_only_a_concept_is_edited(griffie_client, stapeling_memo):
    step(griffie_client, stapeling_memo, "aanbieden")
    edit = reverse("memos:edit", args=[stapeling_memo.pk])
    response = griffie_client.get(edit, follow=True)
    assert "Deze memo is ter vaststelling: zet hem eerst terug naar concept" in response.content.decode()
    stapeling_memo.refresh_from_db()
    data = memo_form_data(title="Stiekem gewijzigd", revision=str(stapeling_memo.revision))
    response = griffie_client.post(edit, data)
    assert response.status_code == 409
    assert "Stiekem gewijzigd" in response.content.decode()  # what was typed is kept
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.title == "Voortgang stapelings- en doorbraakproject"
    autosave = griffie_client.post(reverse("memos:autosave", args=[stapeling_memo.pk]), data)
    assert "deze memo is ter vaststelling" in autosave.content.decode()


@pytest.mark.django_db
def test_the_page_offers_each_role_its_own_buttons(gerda, age, rik, stapeling_memo):
    assert [s.name for s in allowed_steps(stapeling_memo, gerda)] == ["aanbieden"]
    assert allowed_steps(stapeling_memo, age) == []
    page = client_for(gerda).get(reverse("memos:detail", args=[stapeling_memo.pk])).content.decode()
    assert reverse("memos:aanbieden", args=[stapeling_memo.pk]) in page
    assert reverse("memos:vaststellen", args=[stapeling_memo.pk]) not in page
    step(client_for(gerda), stapeling_memo, "aanbieden")
    stapeling_memo.refresh_from_db()
    assert [s.name for s in allowed_steps(stapeling_memo, age)] == ["vaststellen", "terug_naar_concept"]
    assert [s.name for s in allowed_steps(stapeling_memo, gerda)] == ["terug_naar_concept"]
    assert allowed_steps(stapeling_memo, rik) == []


@pytest.mark.django_db
def test_bewerken_is_offered_only_while_the_memo_is_a_concept(griffie_client, stapeling_memo):
    """Further on, the way to change it is "Terug naar concept" (with a reason), not the editor."""
    url = reverse("memos:detail", args=[stapeling_memo.pk])
    edit = reverse("memos:edit", args=[stapeling_memo.pk])
    assertContains(griffie_client.get(url), f'href="{edit}"')
    publish_memo(stapeling_memo, until="vastgesteld")
    page = griffie_client.get(url)
    assertNotContains(page, f'href="{edit}"')
    assertContains(page, "Terug naar concept")
