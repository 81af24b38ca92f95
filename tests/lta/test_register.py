"""The register: filters, sort, counts per status, pagination; its query count does not grow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem, Status, StatusUpdate
from raadsmemo.lta.services import status_update_add, status_updates_add
from raadsmemo.people.models import Fractie
from tests.conftest import make_item

URL = reverse("lta:register")


def numbers(page: str, candidates) -> list[str]:
    """Which of the candidate numbers the page links to, in page order."""
    found = [(page.find(f">{n}</a>"), n) for n in candidates if f">{n}</a>" in page]
    return [n for _, n in sorted(found)]


@pytest.fixture
def register(fracties, diks, schaaf, gerda):
    past, future = dt.date(2020, 1, 1), dt.date(2099, 1, 1)
    items = {
        "M-31": make_item(
            "M-31",
            kind=Kind.MOTIE,
            indieners=[fracties["PvdA"], fracties["D66"]],
            portefeuillehouder=schaaf,
            deadline=past,
            title="Versterking gebiedsgericht werken",
        ),
        "M-12": make_item(
            "M-12",
            kind=Kind.MOTIE,
            indieners=[fracties["SP"]],
            portefeuillehouder=diks,
            deadline=future,
            title="Kindpakket",
        ),
        "2019-300": make_item(
            "2019-300", portefeuillehouder=diks, planned_month=dt.date(2021, 3, 1), title="Kansen in kaart"
        ),
        "2021-87": make_item(
            "2021-87", status=Status.AANGEHOUDEN, deadline=past, title="Evaluatie inburgering"
        ),
        "2020-112": make_item("2020-112", status=Status.VERVALLEN, title="Stapeling per brief"),
        "2020-5": make_item(
            "2020-5", kind=Kind.VERWACHT_STUK, status=Status.AFGEDAAN, title="Omgevingsvisie"
        ),
    }
    return items


ALL = ["M-31", "M-12", "2019-300", "2021-87", "2020-112", "2020-5"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("kind=motie", ["M-31", "M-12"]),
        ("status=overschreden", ["M-31"]),
        ("overdue=on", ["M-31"]),
        ("status=open", ["M-12", "2019-300"]),
        ("status=aangehouden", ["2021-87"]),
        ("status=vervallen", ["2020-112"]),
        ("status=afgedaan", ["2020-5"]),
        ("q=kansen", ["2019-300"]),
        ("q=M-31", ["M-31"]),
        ("maand=2021-03", ["2019-300"]),
        ("maand=maart+2021", ["2019-300"]),
    ],
)
def test_filters(client, register, query, expected):
    page = client.get(f"{URL}?{query}").content.decode()
    assert sorted(numbers(page, ALL)) == sorted(expected)
    assert f"{len(expected)} item" in page


@pytest.mark.django_db
def test_filter_by_portefeuillehouder_and_fractie(client, register, diks, fracties):
    page = client.get(f"{URL}?portefeuillehouder={diks.pk}").content.decode()
    assert sorted(numbers(page, ALL)) == ["2019-300", "M-12"]
    page = client.get(f"{URL}?fractie={fracties['D66'].pk}").content.decode()
    assert numbers(page, ALL) == ["M-31"]


@pytest.mark.django_db
def test_nonsense_filters_are_answered_not_crashed(client, register):
    response = client.get(f"{URL}?maand=dertien&kind=amendement&sort=hack&portefeuillehouder=999")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een maand in als 2022-03 of maart 2022." in page
    assert 'value="dertien"' in page


@pytest.mark.django_db
def test_counts_per_status_with_a_word_and_a_colour(client, register):
    page = " ".join(client.get(URL).content.decode().split())
    for status, label, count in [
        ("open", "Open", 2),
        ("overschreden", "Overschreden", 1),
        ("aangehouden", "Aangehouden", 1),
        ("afgedaan", "Afgedaan", 1),
        ("vervallen", "Vervallen", 1),
    ]:
        assert f'lta-status--{status}">{label}</span> <span class="lta-counts__n">{count}</span>' in page
    # Counts follow the other filters, not the status filter.
    page = " ".join(client.get(f"{URL}?kind=motie&status=open").content.decode().split())
    assert 'lta-status--overschreden">Overschreden</span> <span class="lta-counts__n">1</span>' in page
    assert 'lta-status--afgedaan">Afgedaan</span> <span class="lta-counts__n">0</span>' in page


@pytest.mark.django_db
def test_sort(client, register):
    by_number = numbers(client.get(f"{URL}?sort=nummer").content.decode(), ALL)
    assert by_number == ["M-12", "M-31", "2019-300", "2020-5", "2020-112", "2021-87"]
    by_deadline = numbers(client.get(f"{URL}?sort=deadline").content.decode(), ALL)
    assert by_deadline[:3] == ["M-31", "2021-87", "M-12"]  # then "onbekend", last
    assert numbers(client.get(f"{URL}?sort=-deadline").content.decode(), ALL)[0] == "M-12"


@pytest.mark.django_db
def test_htmx_filter_returns_only_the_results(client, register):
    response = client.get(f"{URL}?kind=motie", headers={"HX-Request": "true", "HX-Target": "lta-results"})
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="lta-results"')
    assert "<html" not in fragment and ">M-31</a>" in fragment


def add_items(n: int, start: int, gerda):
    fractie = Fractie.objects.get(name="PvdA")
    for i in range(start, start + n):
        item = make_item(f"2030-{i}", indieners=[fractie], title=f"Item {i}", deadline=dt.date(2030, 1, 1))
        StatusUpdate.objects.create(item=item, date=dt.date(2029, 1, 1), text="x", author=gerda)


@pytest.mark.django_db
@pytest.mark.parametrize(("user", "queries"), [("anonymous", 5), ("gerda", 8)])
def test_query_count_does_not_grow_with_the_register(
    request, client, register, gerda, user, queries, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE = False  # the cost of rendering the page, not of the page cache
    if user == "gerda":
        client.force_login(gerda)
    add_items(2, 1, gerda)
    client.get(URL)  # warm up (session, groups)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add_items(30, 10, gerda)  # more than a page
    with django_assert_num_queries(queries) as many:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]
    assert len(many) <= 10
    page = response.content.decode()
    assert "Pagina 1 van 2" in page and "(PvdA)" in page


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, gerda, fracties):
    add_items(30, 1, gerda)
    page = client.get(f"{URL}?kind=toezegging").content.decode()
    assert "kind=toezegging&amp;page=2" in page
    second = client.get(f"{URL}?kind=toezegging&page=2").content.decode()
    assert "Pagina 2 van 2" in second


@pytest.mark.django_db
def test_the_register_shows_the_newest_update_without_reading_the_updates(client, gerda):
    item = make_item("2030-1", title="Brief over de Oosterpoort", by=gerda)
    status_update_add(item=item, date=dt.date(2022, 1, 18), text="Het college schrijft.", by=gerda)
    # An update dated earlier (added later) does not make the last update older.
    item.updates.create(date=dt.date(2021, 5, 1), text="Achteraf vastgelegd.", author=gerda)
    assert LtaItem.objects.get(pk=item.pk).last_update_on == dt.date(2022, 1, 18)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(URL).content.decode()
    assert "18 januari 2022" in page and "1 mei 2021" not in page
    # The date is the item's own column: no query joins or groups the updates.
    assert not [q["sql"] for q in captured if "lta_statusupdate" in q["sql"]]


@pytest.mark.django_db
def test_updates_added_in_bulk_set_the_last_update(gerda):
    first, second = make_item("2030-1", by=gerda), make_item("2030-2", by=gerda)
    status_updates_add(
        updates=[
            (first, dt.date(2024, 3, 1), "Eerste."),
            (first, dt.date(2024, 4, 1), "Tweede."),
            (second, dt.date(2023, 1, 1), "Alleen."),
        ],
        by=gerda,
    )
    stored = dict(LtaItem.objects.values_list("number", "last_update_on"))
    assert stored == {"2030-1": dt.date(2024, 4, 1), "2030-2": dt.date(2023, 1, 1)}


@pytest.mark.django_db
@pytest.mark.parametrize("overdue", [False, True])
@pytest.mark.parametrize("status", ["", "open", "overschreden", "aangehouden", "afgedaan", "vervallen"])
def test_the_listed_count_from_the_status_counts_is_what_the_register_lists(register, status, overdue):
    """The paginator takes its count from the counts per status: for every filter, on any day, it is
    the number of items the register lists."""
    for on in (dt.date(2020, 1, 1), dt.date(2022, 1, 26), dt.date.today()):
        check_listed_count(on, status, overdue)


def check_listed_count(on, status, overdue):
    criteria = {"status": status, "overdue": overdue}
    counts = LtaItem.objects.matching(on=on, **criteria, with_status=False).status_counts(on)
    listed = LtaItem.objects.matching(on=on, **criteria).count()
    assert LtaItem.objects.listed_count(counts, **criteria) == listed
