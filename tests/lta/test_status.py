"""The derived "overschreden" status, around the deadline day, with fixed dates."""

import datetime as dt

import pytest

from raadsmemo.lta.models import OVERSCHREDEN, LtaItem, Status
from tests.conftest import make_item

DEADLINE = dt.date(2022, 3, 31)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2022, 3, 30), Status.OPEN),
        (DEADLINE, Status.OPEN),  # the deadline day itself is still in time
        (dt.date(2022, 4, 1), OVERSCHREDEN),
        (dt.date(2023, 1, 1), OVERSCHREDEN),
    ],
)
def test_open_item_is_overdue_only_after_its_deadline_day(on, expected):
    item = make_item("2022-1", deadline=DEADLINE)
    assert item.display_status_on(on) == expected
    assert LtaItem.objects.overdue(on).exists() == (expected == OVERSCHREDEN)
    shown = LtaItem.objects.matching(on=on, status=expected).exists()
    assert shown  # the register's status filter agrees with the item's own status


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.AANGEHOUDEN, Status.AFGEDAAN, Status.VERVALLEN])
def test_only_open_items_become_overdue(status):
    item = make_item("2022-1", deadline=DEADLINE, status=status)
    after = dt.date(2022, 4, 1)
    assert item.display_status_on(after) == status
    assert not LtaItem.objects.overdue(after).exists()


@pytest.mark.django_db
def test_item_without_deadline_is_never_overdue():
    item = make_item("2022-1", deadline=None)
    assert item.display_status_on(dt.date(2099, 1, 1)) == Status.OPEN
    assert not LtaItem.objects.overdue(dt.date(2099, 1, 1)).exists()


@pytest.mark.django_db
def test_due_within_counts_from_today_to_the_last_day_inclusive():
    on = dt.date(2022, 3, 1)
    for number, deadline in [
        ("2022-1", on - dt.timedelta(days=1)),  # overdue, not "due"
        ("2022-2", on),
        ("2022-3", on + dt.timedelta(days=14)),
        ("2022-4", on + dt.timedelta(days=15)),
        ("2022-5", None),
    ]:
        make_item(number, deadline=deadline)
    make_item("2022-6", deadline=on + dt.timedelta(days=3), status=Status.AANGEHOUDEN)
    due = LtaItem.objects.due_within(14, on)
    assert sorted(due.values_list("number", flat=True)) == ["2022-2", "2022-3"]
    assert list(LtaItem.objects.overdue(on).values_list("number", flat=True)) == ["2022-1"]


@pytest.mark.django_db
def test_status_counts_split_open_into_in_time_and_overdue():
    on = dt.date(2022, 4, 1)
    make_item("2022-1", deadline=DEADLINE)  # overschreden
    make_item("2022-2", deadline=on)  # open
    make_item("2022-3")  # open, onbekend
    make_item("2022-4", status=Status.AANGEHOUDEN, deadline=DEADLINE)
    make_item("2022-5", status=Status.AFGEDAAN)
    make_item("2022-6", status=Status.VERVALLEN)
    assert LtaItem.objects.status_counts(on) == {
        "open": 2,
        "overschreden": 1,
        "aangehouden": 1,
        "afgedaan": 1,
        "vervallen": 1,
    }
