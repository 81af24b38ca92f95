"""What council members and the public read: the public only published, public meetings and their
openbaar items; raadsleden also the besloten meetings and the vertrouwelijke items."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import add_item, client_for, make_meeting, publish_memo

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def fixed_today():
    """Sunday 22 November 2026, noon in Groningen: every clock, Django's and the database's."""
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.fixture
def agenda(db, stapeling_memo, kik_memo):
    meeting = make_meeting(title="Beeldvormende sessie Stapeling")
    open_item = add_item(meeting, "Stapeling", 60, memo=publish_memo(stapeling_memo))
    closed_item = add_item(
        meeting,
        "Grondexploitatie Suikerzijde",
        30,
        memo=publish_memo(kik_memo),
        confidentiality="vertrouwelijk",
    )
    return meeting, open_item, closed_item


def memo_url(meeting, item, name="meetings:item_memo"):
    return reverse(name, args=[meeting.pk, item.pk])


@pytest.mark.django_db
def test_anonymous_reads_published_agenda_and_opens_the_memo_in_place(client, agenda):
    meeting, open_item, closed_item = agenda
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Stapeling" in page and "10:30–11:30" in page
    assert f'hx-get="{memo_url(meeting, open_item)}"' in page
    fragment = client.get(memo_url(meeting, open_item), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="memo-paper memo-in-place">')
    assert "Op de LTA stond oorspronkelijk een toezegging" in fragment
    full = client.get(memo_url(meeting, open_item)).content.decode()
    assert "<html" in full and "Op de LTA stond oorspronkelijk" in full
    pdf = client.get(memo_url(meeting, open_item, "meetings:item_memo_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_vertrouwelijk_item_is_for_raadsleden_and_staff_and_never_for_the_public(client, rik, agenda):
    meeting, _, closed_item = agenda
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Grondexploitatie Suikerzijde" not in page and memo_url(meeting, closed_item) not in page
    assert client.get(memo_url(meeting, closed_item)).status_code == 404
    assert client.get(memo_url(meeting, closed_item, "meetings:item_memo_pdf")).status_code == 404
    raadslid = client_for(rik)
    page = raadslid.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Grondexploitatie Suikerzijde" in page and ">vertrouwelijk</span>" in page
    # The planned times count the item, whoever reads: Stapeling 10:30–11:30, then this one.
    assert "11:30–12:00" in page
    assert (
        "In deze brief informeert het college"
        in raadslid.get(memo_url(meeting, closed_item)).content.decode()
    )


@pytest.mark.django_db
def test_griffie_sees_the_besloten_memo(griffie_client, agenda):
    meeting, _, closed_item = agenda
    assert (
        "In deze brief informeert het college"
        in griffie_client.get(memo_url(meeting, closed_item)).content.decode()
    )


@pytest.mark.django_db
def test_confidential_memo_never_reaches_the_public(client, agenda, stapeling_memo):
    meeting, open_item, _ = agenda
    stapeling_memo.confidentiality = "vertrouwelijk"
    stapeling_memo.save()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert memo_url(meeting, open_item) not in page
    assert client.get(memo_url(meeting, open_item)).status_code == 404
    assert client.get(memo_url(meeting, open_item, "meetings:item_memo_pdf")).status_code == 404


@pytest.mark.django_db
def test_unpublished_and_closed_meetings_are_hidden(client, rik, griffie_client, fixed_today):
    draft = make_meeting(title="Concept-sessie", date=dt.date(2026, 11, 25), published=False)
    closed = make_meeting(
        title="Besloten vergadering",
        date=dt.date(2026, 11, 25),
        start_time=dt.time(13, 0),
        end_time=dt.time(14, 0),
        is_public=False,
    )
    item = add_item(draft, "Geheim punt", 30)
    for visitor in (client, client_for(rik)):
        page = visitor.get(reverse("meetings:upcoming")).content.decode()
        assert "Concept-sessie" not in page and "Geheim punt" not in page
        assert visitor.get(reverse("meetings:detail", args=[draft.pk])).status_code == 404
        assert visitor.get(memo_url(draft, item)).status_code == 404
    # A besloten meeting, once published, is for the raadsleden who attend it; not for the public.
    assert "Besloten vergadering" not in client.get(reverse("meetings:upcoming")).content.decode()
    assert client.get(reverse("meetings:detail", args=[closed.pk])).status_code == 404
    assert "Besloten vergadering" in client_for(rik).get(reverse("meetings:upcoming")).content.decode()
    assert client_for(rik).get(reverse("meetings:detail", args=[closed.pk])).status_code == 200
    page = griffie_client.get(reverse("meetings:upcoming")).content.decode()
    assert "Concept-sessie" in page and "Niet gepubliceerd" in page


@pytest.mark.django_db
def test_upcoming_grouped_by_week_and_past_in_the_archive(client, fixed_today):
    make_meeting(
        title="Beeld op woensdag",
        date=dt.date(2026, 11, 25),
        start_time=dt.time(13, 0),
        end_time=dt.time(14, 0),
    )
    make_meeting(
        title="Mening op woensdag",
        date=dt.date(2026, 11, 25),
        start_time=dt.time(16, 30),
        end_time=dt.time(18, 0),
    )
    make_meeting(
        title="Raad volgende week",
        date=dt.date(2026, 12, 2),
        start_time=dt.time(19, 0),
        end_time=dt.time(23, 0),
    )
    make_meeting(title="Oude sessie", date=dt.date(2025, 3, 5))
    page = client.get(reverse("meetings:upcoming")).content.decode()
    week48, week49 = (
        page.index("Politieke Woensdag 25 november 2026"),
        page.index("Politieke Woensdag 2 december 2026"),
    )
    assert week48 < page.index("Beeld op woensdag") < page.index("Mening op woensdag") < week49
    assert week49 < page.index("Raad volgende week")
    assert "Oude sessie" not in page
    archive = client.get(reverse("meetings:archive_year", args=[2025])).content.decode()
    assert "Oude sessie" in archive and "5 maart 2025" in archive


@pytest.mark.django_db
def test_archive_is_paginated(client, fixed_today):
    for day in range(1, 26):
        make_meeting(title=f"Sessie {day:02d}", date=dt.date(2025, 1, day))
    first = client.get(reverse("meetings:archive_year", args=[2025])).content.decode()
    assert "Sessie 25" in first and "Sessie 05" not in first and "Pagina 1 van 2" in first
    second = client.get(reverse("meetings:archive_year", args=[2025]) + "?page=2").content.decode()
    assert "Sessie 05" in second


@pytest.mark.django_db
# Upcoming also asks "is there more later?".
@pytest.mark.parametrize(("url_name", "queries"), [("meetings:detail", 5), ("meetings:upcoming", 5)])
def test_agenda_query_count_does_not_grow_with_items(
    client, stapeling_memo, fixed_today, url_name, queries, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE = False  # the cost of rendering the page, not of the page cache
    meeting = make_meeting(date=dt.date(2026, 11, 25), start_time=dt.time(9, 0), end_time=dt.time(18, 0))
    add_item(meeting, "Eerste", 10, memo=stapeling_memo)
    url = reverse(url_name, args=[meeting.pk]) if url_name == "meetings:detail" else reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        add_item(meeting, f"Punt {i}", 10, confidentiality="vertrouwelijk" if i % 3 == 0 else "openbaar")
    with django_assert_num_queries(queries) as many:
        page = client.get(url).content.decode()
    assert "Punt 11" in page
    assert len(many) == len(few), [q["sql"] for q in many]


@pytest.mark.django_db
def test_memo_page_tells_on_which_agenda_it_is_and_flags_a_purpose_mismatch(griffie_client, kik_memo):
    meeting = make_meeting(title="Beeldvormende sessie Stapeling")
    add_item(meeting, "KIK", 30, memo=kik_memo)
    page = griffie_client.get(reverse("memos:detail", args=[kik_memo.pk])).content.decode()
    assert "Beeldvormende sessie Stapeling</a>, 12 januari 2022" in page
    assert "Let op: deze meningsvormende memo staat in een beeldvormende sessie." in page


@pytest.mark.django_db
def test_griffie_marks_a_memo_confidential_and_the_public_loses_it(
    griffie_client, client, agenda, stapeling_memo
):
    from tests.conftest import memo_form_data

    meeting, open_item, _ = agenda
    # A published memo is changed as a concept again; confidentiality applies at once, also to
    # the version readers had.
    griffie_client.post(
        reverse("memos:terug_naar_concept", args=[stapeling_memo.pk]),
        {"reason": "Bevat gegevens over een lopende aanbesteding.", "revision": stapeling_memo.revision},
    )
    stapeling_memo.refresh_from_db()
    data = memo_form_data(
        title=stapeling_memo.title, revision=str(stapeling_memo.revision), confidentiality="vertrouwelijk"
    )
    assert griffie_client.post(reverse("memos:edit", args=[stapeling_memo.pk]), data).status_code == 302
    stapeling_memo.refresh_from_db()
    assert stapeling_memo.confidentiality == "vertrouwelijk"
    assert (
        "Vertrouwelijk"
        in griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk])).content.decode()
    )
    assert client.get(memo_url(meeting, open_item)).status_code == 404
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Stapeling" in page and memo_url(meeting, open_item) not in page


@pytest.mark.django_db
def test_coming_meetings_shows_eight_weeks_then_a_link_further_ahead(client):
    today = dt.date.today()
    make_meeting(title="Over twee weken", date=today + dt.timedelta(weeks=2))
    make_meeting(title="Over tien weken", date=today + dt.timedelta(weeks=10))
    page = client.get(reverse("meetings:upcoming")).content.decode()
    assert "Over twee weken" in page and "Over tien weken" not in page
    assert 'href="?weken=16"' in page and "Verder vooruit kijken" in page
    further = client.get(reverse("meetings:upcoming"), {"weken": "16"}).content.decode()
    assert "Over tien weken" in further and "Verder vooruit kijken" not in further
    for nonsense in ("0", "-3", "abc", "9" * 30, "100000"):
        assert client.get(reverse("meetings:upcoming"), {"weken": nonsense}).status_code == 200


def archive_links(page: str) -> list[int]:
    """The years the page links to in the archive, in the order shown."""
    years = range(2015, 2030)
    links = {reverse("meetings:archive_year", args=[y]): y for y in years}
    found = [(page.find(f'href="{url}"'), year) for url, year in links.items()]
    return [year for at, year in sorted(found) if at >= 0]


@pytest.mark.django_db
def test_archive_years_are_the_years_of_past_meetings_the_reader_may_see(
    client, rik, griffie_client, fixed_today
):
    make_meeting(title="Eerder dit jaar", date=dt.date(2026, 3, 4))
    make_meeting(title="Nog een", date=dt.date(2026, 1, 1))
    make_meeting(title="Oud", date=dt.date(2025, 12, 31))
    make_meeting(title="Concept", date=dt.date(2023, 6, 7), published=False)
    make_meeting(title="Besloten", date=dt.date(2021, 2, 3), is_public=False)
    make_meeting(title="Heel oud", date=dt.date(2018, 1, 10))
    make_meeting(title="Volgend jaar", date=dt.date(2027, 1, 13))
    make_meeting(title="Komende sessie", date=TODAY + dt.timedelta(days=30))

    expected = {
        "anonymous": [2026, 2025, 2018],
        "raadslid": [2026, 2025, 2021, 2018],
        "griffie": [2026, 2025, 2023, 2021, 2018],
    }
    for role, visitor in (("anonymous", client), ("raadslid", client_for(rik)), ("griffie", griffie_client)):
        upcoming = visitor.get(reverse("meetings:upcoming")).content.decode()
        assert archive_links(upcoming) == expected[role], role
        # The archive opens on the latest year and links to the others.
        archive = visitor.get(reverse("meetings:archive")).content.decode()
        assert '<span aria-current="page">2026</span>' in archive, role
        assert "Eerder dit jaar" in archive and "Volgend jaar" not in archive
        assert archive_links(archive) == [y for y in expected[role] if y != 2026], role
