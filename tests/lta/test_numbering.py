"""Numbers: "2019-300" per year for toezeggingen and other items, "M-31" for moties; proposed,
checked and never taken twice."""

import pytest
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.lta.numbering import normalise_number, number_error, number_parts, propose_number
from tests.conftest import make_item


@pytest.mark.django_db
def test_first_numbers_in_an_empty_register():
    assert propose_number(Kind.TOEZEGGING, year=2022) == "2022-1"
    assert propose_number(Kind.MOTIE, year=2022) == "M-1"


@pytest.mark.django_db
def test_next_number_per_year_and_for_moties():
    for number, kind in [
        ("2019-300", Kind.TOEZEGGING),
        ("2019-31", Kind.VERWACHT_STUK),  # 31 < 300 as numbers, though "31" > "300" as text
        ("2021-7", Kind.INITIATIEFVOORSTEL),
        ("M-31", Kind.MOTIE),
        ("M-9", Kind.MOTIE),
    ]:
        make_item(number, kind=kind)
    assert propose_number(Kind.TOEZEGGING, year=2019) == "2019-301"
    assert propose_number(Kind.VERWACHT_STUK, year=2019) == "2019-301"  # one series per year
    assert propose_number(Kind.TOEZEGGING, year=2021) == "2021-8"
    assert propose_number(Kind.TOEZEGGING, year=2022) == "2022-1"
    assert propose_number(Kind.MOTIE, year=2022) == "M-32"  # moties carry no year; the series runs on


def test_number_parts_and_normalising():
    assert number_parts("2019-300") == (2019, 300)
    assert number_parts("M-31") == (None, 31)
    assert number_parts("motie 31") is None
    assert normalise_number(" m-31 ") == "M-31"
    assert normalise_number("2019 - 300") == "2019-300"


def test_number_must_fit_the_kind():
    assert number_error(Kind.MOTIE, "M-31") is None
    assert number_error(Kind.TOEZEGGING, "2019-300") is None
    assert "M-31" in number_error(Kind.MOTIE, "2019-300")
    assert "2019-300" in number_error(Kind.TOEZEGGING, "M-31")
    assert "geen jaartal" in number_error(Kind.TOEZEGGING, "1066-3")


@pytest.mark.django_db
def test_sort_keys_follow_the_number():
    make_item("2019-31")
    make_item("2019-300")
    make_item("2018-999")
    assert [i.number for i in LtaItem.objects.all()] == ["2018-999", "2019-31", "2019-300"]


@pytest.mark.django_db
def test_new_item_form_proposes_the_next_number(griffie_client):
    make_item("M-31", kind=Kind.MOTIE)
    page = griffie_client.get(reverse("lta:create") + "?soort=motie").content.decode()
    assert 'value="M-32"' in page
    # Choosing another kind (htmx) proposes that kind's number, swapping only the number field.
    fragment = griffie_client.get(
        reverse("lta:create") + "?kind=toezegging",
        headers={"HX-Request": "true", "HX-Target": "number-field"},
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="number-field">')
    assert "-1" in fragment and "<html" not in fragment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("motie", "2022-5", "Een motie heeft een nummer als M-31"),
        ("toezegging", "M-5", "Dit item heeft een nummer als 2019-300"),
        ("toezegging", "toezegging 5", "Dit item heeft een nummer als 2019-300"),
        ("motie", "M-31", "Dit nummer is al in gebruik. Het volgende vrije nummer is M-32."),
    ],
)
def test_wrong_or_taken_number_is_refused_with_the_next_free_one(griffie_client, kind, number, message):
    make_item("M-31", kind=Kind.MOTIE)
    response = griffie_client.post(
        reverse("lta:create"), {"kind": kind, "number": number, "title": "Nieuw item"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Het volgende vrije nummer is" in page
    assert 'value="Nieuw item"' in page  # what was typed stays
    assert LtaItem.objects.count() == 1
