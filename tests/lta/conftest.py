"""LTA fixtures: fracties, bestuurders and items built with the services, as the app builds them."""

import datetime as dt

import pytest

from raadsmemo.lta.models import Kind, LtaItem, StatusUpdate
from raadsmemo.lta.services import lta_item_create
from raadsmemo.people.models import Bestuurder, Fractie


@pytest.fixture
def fracties(db):
    return {
        name: Fractie.objects.create(name=name)
        for name in ["PvdA", "GroenLinks", "D66", "SP", "ChristenUnie"]
    }


@pytest.fixture
def diks(db):
    return Bestuurder.objects.create(
        name="Isabelle Diks", role="wethouder", portefeuille="Werk en participatie"
    )


@pytest.fixture
def schaaf(db):
    return Bestuurder.objects.create(
        name="Roeland van der Schaaf", role="wethouder", portefeuille="Gebiedsgericht werken"
    )


def make_item(number: str, *, kind=Kind.TOEZEGGING, indieners=(), by=None, **fields) -> LtaItem:
    fields.setdefault("title", f"Item {number}")
    return lta_item_create(item=LtaItem(number=number, kind=kind, **fields), indieners=indieners, by=by)


@pytest.fixture
def m31(fracties, schaaf, gerda):
    """Motie M-31 of seed 003, with its four updates (added oldest first, as they happened)."""
    item = make_item(
        "M-31",
        kind=Kind.MOTIE,
        title="Versterking gebiedsgericht werken",
        text="In de nieuwe nota gebiedsgericht werken helder uiteen te zetten hoe het College ...",
        indieners=[fracties["PvdA"], fracties["GroenLinks"], fracties["D66"]],
        portefeuillehouder=schaaf,
        deadline=dt.date(2022, 3, 31),
        by=gerda,
    )
    for date, text in [
        (dt.date(2021, 7, 7), "de herijking van gebiedsgericht werken ... wordt gedeeld."),
        (dt.date(2021, 9, 6), "Er is geen dik beleidsstuk geschreven maar een infographics gemaakt."),
        (dt.date(2021, 11, 10), "De gesprekken met de afdelingen zijn gevoerd."),
        (dt.date(2022, 1, 18), "Op 16 november 2021 is de raad via een informatieve commissie bijgepraat."),
    ]:
        StatusUpdate.objects.create(item=item, date=date, text=text, author=gerda)
    return item


@pytest.fixture
def toezegging(diks, gerda):
    return make_item(
        "2019-300",
        title="Kansen in kaart (KIK): de raad informeren over de nieuwe fase",
        portefeuillehouder=diks,
        planned_month=dt.date(2021, 3, 1),
        deadline=dt.date(2021, 3, 31),
        by=gerda,
    )
