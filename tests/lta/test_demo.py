"""The LTA demo data: M-31 as in seed 003, every status shown, and loading twice changes nothing."""

import pytest

from raadsmemo.lta.demo import load_lta_demo
from raadsmemo.lta.models import DISPLAY_STATUSES, LtaItem, StatusUpdate
from raadsmemo.people.models import Bestuurder, Fractie


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent(client):
    load_lta_demo()
    counts = (
        LtaItem.objects.count(),
        StatusUpdate.objects.count(),
        Fractie.objects.count(),
        Bestuurder.objects.count(),
    )
    load_lta_demo()
    assert (
        LtaItem.objects.count(),
        StatusUpdate.objects.count(),
        Fractie.objects.count(),
        Bestuurder.objects.count(),
    ) == counts
    m31 = LtaItem.objects.get(number="M-31")
    assert m31.indieners_short == "PvdA e.a."
    assert [u.date.strftime("%d-%m-%Y") for u in m31.updates.all()] == [
        "18-01-2022",
        "10-11-2021",
        "06-09-2021",
        "07-07-2021",
    ]
    assert m31.updates.first().text.startswith(
        "Op 16 november 2021 is de raad via een informatieve commissie"
    )
    shown = {item.display_status for item in LtaItem.objects.all()}
    assert shown == {value for value, _ in DISPLAY_STATUSES}
    page = client.get("/lta/M-31/").content.decode()
    assert "Update 10-11-2021:" in page
