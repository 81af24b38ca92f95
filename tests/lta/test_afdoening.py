"""Afdoening: the griffie proposes with a reason, the raad's decision sets afgedaan. Status changes
follow the workflow and are logged in the stand van zaken."""

import datetime as dt

import pytest
from django.urls import reverse

from raadsmemo.lta.models import LtaItem, Status, UpdateKind
from raadsmemo.lta.services import (
    LtaWorkflowError,
    lta_item_afdoen,
    lta_item_propose_afdoening,
    lta_item_set_status,
)

URL_NAMES = {"status": "status_set", "propose-afdoening": "afdoening_propose", "afdoen": "afdoen"}


def post(client, item, action, **data):
    return client.post(reverse(f"lta:{URL_NAMES[action]}", args=[item.number]), data)


@pytest.mark.django_db
def test_propose_then_raad_decides_afgedaan(griffie_client, toezegging, gerda):
    response = post(
        griffie_client,
        toezegging,
        "propose-afdoening",
        **{"afdoening-reason": "De collegebrief is besproken."},
    )
    assert response.status_code == 302
    toezegging.refresh_from_db()
    assert toezegging.afdoening_pending and toezegging.status == Status.OPEN
    assert toezegging.afdoening_reason == "De collegebrief is besproken."
    page = griffie_client.get(toezegging.get_absolute_url()).content.decode()
    assert "Voorstel tot afdoening ligt bij de raad" in page
    assert "Besluit vastleggen" in page and "Afdoening voorstellen" not in page

    response = post(
        griffie_client,
        toezegging,
        "afdoen",
        **{
            "besluit-afgedaan": "ja",
            "besluit-meeting": "raadsvergadering van 24 maart 2021",
            "besluit-decided_on": "2021-03-24",
        },
    )
    # The proposal is dated today, so a decision on 24 March 2021 is refused; decide today instead.
    assert response.status_code == 200
    assert "De raad kan niet besluiten vóór het voorstel van" in response.content.decode()
    today = toezegging.afdoening_proposed_on.isoformat()
    response = post(
        griffie_client,
        toezegging,
        "afdoen",
        **{"besluit-afgedaan": "ja", "besluit-meeting": "raadsvergadering", "besluit-decided_on": today},
    )
    assert response.status_code == 302
    toezegging.refresh_from_db()
    assert toezegging.status == Status.AFGEDAAN
    assert toezegging.afgedaan_in == "raadsvergadering"
    assert [u.kind for u in toezegging.updates.all()] == [UpdateKind.AFDOENING, UpdateKind.AFDOENING]
    assert toezegging.updates.first().text == "Afgedaan door de raad in raadsvergadering."
    assert toezegging.updates.first().author == gerda
    page = griffie_client.get(toezegging.get_absolute_url()).content.decode()
    assert "is afgedaan." in page
    assert 'lta-status--afgedaan">Afgedaan' in page
    # Afgedaan is final: no more status changes or proposals offered.
    assert "Status wijzigen" not in page and "Afdoening voorstellen" not in page


@pytest.mark.django_db
def test_raad_may_decide_not_to_afdoen(toezegging, gerda):
    on = dt.date(2022, 2, 1)
    lta_item_propose_afdoening(item=toezegging, reason="Brief verstuurd.", by=gerda, on=on)
    item = lta_item_afdoen(
        item=toezegging, decided_on=on, meeting="raadsvergadering", afgedaan=False, by=gerda
    )
    assert item.status == Status.OPEN and not item.afdoening_pending
    assert "besloten het item niet af te doen" in item.updates.first().text


@pytest.mark.django_db
def test_afdoen_needs_a_proposal_and_afgedaan_is_final(toezegging, gerda):
    with pytest.raises(LtaWorkflowError, match="Er ligt geen voorstel tot afdoening"):
        lta_item_afdoen(item=toezegging, decided_on=dt.date(2022, 1, 1), meeting="raad", by=gerda)
    lta_item_propose_afdoening(item=toezegging, reason="Klaar.", by=gerda)
    with pytest.raises(LtaWorkflowError, match="ligt al een voorstel"):
        lta_item_propose_afdoening(item=toezegging, reason="Nog eens.", by=gerda)
    lta_item_afdoen(item=toezegging, decided_on=dt.date.today(), meeting="raad", by=gerda)
    for status in (Status.OPEN, Status.VERVALLEN, Status.AANGEHOUDEN):
        with pytest.raises(LtaWorkflowError, match="kan niet op"):
            lta_item_set_status(item=toezegging, status=status, reason="Toch niet", by=gerda)
    with pytest.raises(LtaWorkflowError, match="kan niet worden afgedaan"):
        lta_item_propose_afdoening(item=LtaItem.objects.get(pk=toezegging.pk), reason="x", by=gerda)


@pytest.mark.django_db
def test_status_changes_follow_the_workflow_and_are_logged(griffie_client, toezegging):
    response = post(
        griffie_client,
        toezegging,
        "status",
        **{"status-status": "aangehouden", "status-reason": "Wachten op het Rijk."},
    )
    assert response.status_code == 302
    toezegging.refresh_from_db()
    assert toezegging.status == Status.AANGEHOUDEN
    assert (
        toezegging.updates.first().text == "Status gewijzigd van open naar aangehouden: Wachten op het Rijk."
    )
    # Vervallen items stay findable in the register.
    post(
        griffie_client, toezegging, "status", **{"status-status": "vervallen", "status-reason": "Ingehaald."}
    )
    register = griffie_client.get(reverse("lta:register") + "?status=vervallen").content.decode()
    assert "2019-300" in register


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "status",
            {"status-status": "afgedaan", "status-reason": "x"},
            "Deze status kan dit item nu niet krijgen",
        ),
        ("status", {"status-status": "vervallen", "status-reason": ""}, "Vul de reden in"),
        (
            "propose-afdoening",
            {"afdoening-reason": ""},
            "Vul de reden in waarom het item kan worden afgedaan.",
        ),
        (
            "afdoen",
            {"besluit-afgedaan": "ja", "besluit-meeting": "raad", "besluit-decided_on": "2022-01-01"},
            "Er ligt geen voorstel tot afdoening",
        ),
    ],
)
def test_bad_workflow_input_is_answered_in_dutch(griffie_client, toezegging, action, data, message):
    response = post(griffie_client, toezegging, action, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    toezegging.refresh_from_db()
    assert toezegging.status == Status.OPEN and toezegging.updates.count() == 0


@pytest.mark.django_db
def test_the_item_page_takes_no_posts_and_workflow_urls_no_gets(griffie_client, toezegging):
    assert griffie_client.post(reverse("lta:detail", args=[toezegging.number]), {}).status_code == 405
    for name in URL_NAMES.values():
        assert griffie_client.get(reverse(f"lta:{name}", args=[toezegging.number])).status_code == 405
