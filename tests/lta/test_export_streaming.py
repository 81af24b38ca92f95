"""The CSV export is streamed: the same bytes as the export that built the whole file in the
request, read from the database a chunk at a time, in a number of queries that does not grow
with the number of items, and only the items the reader may see."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem, StatusUpdate
from raadsmemo.lta.tables import cell_text, neutralise
from tests.conftest import client_for, downloaded, make_item, make_meeting

GEHEIM = {"confidentiality": "geheim", "grondslag": "gemeentewet-25", "secret_until": dt.date(2030, 1, 1)}
CSV_URL = reverse("lta:export", args=["csv"])


# The export as it was before streaming (raadsmemo/lta/transfer.py and tables.py at main, baf15ca),
# kept here word for word to compare with: the whole file built in memory.
def old_export_rows(items) -> list[list]:
    rows: list[list] = [
        [
            "nummer",
            "soort",
            "titel",
            "tekst",
            "indieners",
            "portefeuillehouder",
            "vergadering",
            "datum vergadering",
            "geplande maand",
            "deadline",
            "status",
            "stand van zaken",
        ]
    ]
    for item in items:
        updates = "\n".join(f"Update {u.date:%d-%m-%Y}: {u.text}" for u in item.updates.all())
        rows.append(
            [
                item.number,
                item.get_kind_display(),
                item.title,
                item.text,
                ", ".join(str(f) for f in item.fracties()),
                item.portefeuillehouder.name if item.portefeuillehouder else "",
                item.made_in_meeting.title if item.made_in_meeting else item.made_in,
                item.made_in_meeting.date if item.made_in_meeting else item.made_on,
                f"{item.planned_month:%Y-%m}" if item.planned_month else "",
                item.deadline,
                item.get_status_display(),
                updates,
            ]
        )
    return rows


def old_write_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            "" if v is None else cell_text(v) if isinstance(v, dt.date) else neutralise(str(v)) for v in row
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def old_export_csv(user, **filters) -> bytes:
    items = LtaItem.objects.visible_to(user).filter(**filters).for_export(user).sorted_by("")
    return old_write_csv(old_export_rows(items))


@pytest.fixture
def register(m31, toezegging, fracties, gerda, nina):
    """The seed's motie and toezegging, a hostile title, a vertrouwelijk and a geheim item,
    and one made in a meeting that is not published."""
    hidden = make_meeting(published=False, title="Raadsvergadering", date=dt.date(2021, 3, 24))
    make_item(
        "2021-1",
        title="=SUM(A1:A9)",
        text="-2+3",
        made_in_meeting=hidden,
        made_on=hidden.date,
        indieners=[fracties["SP"]],
        by=gerda,
    )
    make_item("2021-2", title="Vertrouwelijk punt", confidentiality="vertrouwelijk", by=gerda)
    secret = make_item("2021-3", title="Geheim punt", by=gerda, **GEHEIM)
    secret.secret_readers.add(nina)


@pytest.fixture
def nina(db):
    from raadsmemo.accounts.roles import RAADSLID
    from tests.conftest import make_user

    return make_user("nina", RAADSLID)


def titles(content: bytes) -> set[str]:
    return {row[2] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "rik", "nina", "gerda"])
def test_the_streamed_csv_is_the_old_export_byte_for_byte(register, client, rik, nina, gerda, who):
    user = {"anonymous": AnonymousUser(), "rik": rik, "nina": nina, "gerda": gerda}[who]
    response = (client if who == "anonymous" else client_for(user)).get(CSV_URL)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="lta-')
    content = downloaded(response)
    assert content.startswith("\ufeffnummer;soort;titel".encode())
    assert content == old_export_csv(user)
    # Formula-like cells are neutralised with an apostrophe, as before.
    assert "\r\n2021-1;Toezegging;'=SUM(A1:A9);'-2+3;SP;" in content.decode("utf-8-sig")


@pytest.mark.django_db
def test_confidential_items_stay_out_of_the_anonymous_and_the_raadslid_export(register, client, rik, gerda):
    assert "Versterking gebiedsgericht werken" in titles(downloaded(client.get(CSV_URL)))
    assert {"Vertrouwelijk punt", "Geheim punt"} & titles(downloaded(client.get(CSV_URL))) == set()
    assert "Geheim punt" not in titles(downloaded(client_for(rik).get(CSV_URL)))
    assert "Vertrouwelijk punt" in titles(downloaded(client_for(rik).get(CSV_URL)))
    assert {"Vertrouwelijk punt", "Geheim punt"} <= titles(downloaded(client_for(gerda).get(CSV_URL)))
    # The meeting that is not published is not named to the public, only its date.
    rows = list(csv.reader(io.StringIO(downloaded(client.get(CSV_URL)).decode("utf-8-sig")), delimiter=";"))
    assert [row[6:8] for row in rows if row[0] == "2021-1"] == [["", "24-03-2021"]]


@pytest.mark.django_db
def test_the_streamed_csv_follows_the_filters(register, client):
    content = downloaded(client.get(CSV_URL + "?kind=motie"))
    assert content == old_export_csv(AnonymousUser(), kind=Kind.MOTIE)
    assert titles(content) == {"titel", "Versterking gebiedsgericht werken"}


def many_items(numbers, *, fracties, diks, gerda, meeting):
    """Items with everything the export reads: indieners, a portefeuillehouder, a meeting, updates."""
    for n in numbers:
        item = make_item(
            f"M-{n}",
            kind=Kind.MOTIE,
            indieners=[fracties["PvdA"], fracties["SP"]],
            portefeuillehouder=diks,
            made_in_meeting=meeting,
            made_on=meeting.date,
            deadline=dt.date(2022, 3, 31),
            by=gerda,
        )
        StatusUpdate.objects.create(item=item, date=dt.date(2022, 1, n % 28 + 1), text=f"Update {n}")


def queries_of_download(client) -> tuple[int, int]:
    """(queries, rows) of one whole CSV download, the streaming included."""
    with CaptureQueriesContext(connection) as queries:
        content = downloaded(client.get(CSV_URL))
    return len(queries), content.count(b"\r\n")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "gerda"])
def test_the_number_of_queries_does_not_grow_with_the_items(client, fracties, diks, gerda, who):
    meeting = make_meeting(title="Raadsvergadering", date=dt.date(2021, 3, 24))
    reader = client if who == "anonymous" else client_for(gerda)
    many_items(range(1, 4), fracties=fracties, diks=diks, gerda=gerda, meeting=meeting)
    few = queries_of_download(reader)
    many_items(range(4, 61), fracties=fracties, diks=diks, gerda=gerda, meeting=meeting)
    many = queries_of_download(reader)
    assert (few[1], many[1]) == (1 + 3, 1 + 60)
    # The items in one query, their indieners, updates and meetings in one each (per 500 items);
    # for the griffie her session, her user and her roles on top.
    assert few[0] == many[0] == (4 if who == "anonymous" else 7)
