"""The open data API: every resource in the ODS shapes, and only what an anonymous visitor sees."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from raadsmemo.lta.services import status_update_add
from tests.api.ods import page_violations, violations
from tests.conftest import add_item, client_for, make_item, make_meeting

RESOURCES = {
    "vergaderingen": ("vergadering", "Vergadering"),
    "agendapunten": ("agendapunt", "Agendapunt"),
    "informatieobjecten": ("informatieobject", "InformatieObject"),
}
ALL = {**RESOURCES, "fracties": ("fractie", "Fractie")}


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def list_url(resource: str) -> str:
    return reverse(f"api:{resource}")


def detail_url(resource: str, key: str) -> str:
    return reverse(f"api:{ALL[resource][0]}", kwargs={"id": key})


def test_the_root_names_every_resource_with_absolute_links(client, db):
    root = get_json(client, "/api/v1/")
    assert root["vergaderingen"] == "http://testserver/api/v1/vergaderingen"
    assert root["openapi"] == "http://testserver/api/v1/openapi.json"
    assert root["documentatie"] == "http://testserver/open-data/"
    assert root["organisatie"] == {"gemeente": "gm0014"}
    assert set(root) >= {"agendapunten", "informatieobjecten", "fracties"}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_a_visitor_gets_exactly_the_public_rows_and_they_validate_against_ods(client, world, resource):
    page = get_json(client, list_url(resource), pageSize=100)
    assert page_violations(page, ALL[resource][1]) == []
    assert {row["id"] for row in page["results"]} == world.public[resource]
    assert page["count"] == len(world.public[resource])
    for key in world.public[resource]:
        document = get_json(client, detail_url(resource, key))
        assert violations(document, ALL[resource][1]) == []
        assert document["url"] == f"http://testserver{detail_url(resource, key)}"


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_what_a_visitor_may_not_see_is_a_404_also_by_id(client, world, resource):
    for key in world.hidden[resource]:
        response = client.get(detail_url(resource, key))
        assert response.status_code == 404, key
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Niet gevonden."


def test_no_hidden_title_appears_anywhere(client, world):
    text = "".join(client.get(list_url(resource), {"pageSize": 100}).content.decode() for resource in ALL)
    for title in world.hidden_titles:
        assert title not in text
    assert "Stapelingsproject" in text and "Raadsvoorstel stapeling" in text


def test_a_signed_in_griffie_member_gets_the_public_data_only(world, gerda, rik):
    """The API ignores the session: the same bytes (the same ETag) for the griffie, a raadslid and a visitor."""
    for resource in ALL:
        answers = [
            c.get(list_url(resource), {"pageSize": 100})
            for c in (Client(), client_for(gerda), client_for(rik))
        ]
        assert len({a["ETag"] for a in answers}) == 1, resource
        assert len({a.content for a in answers}) == 1, resource
        # Public data: shared caches may keep it (the privacy middleware leaves it alone).
        assert answers[1]["Cache-Control"] == "public, no-cache"


def test_fracties_validate_against_ods(client, world, fracties):
    page = get_json(client, list_url("fracties"))
    assert page_violations(page, "Fractie") == []
    assert [row["fractienaam"] for row in page["results"]] == sorted(f.name for f in fracties.values())
    pvda = fracties["PvdA"]
    document = get_json(client, detail_url("fracties", str(pvda.pk)))
    assert document == {
        "url": f"http://testserver/api/v1/fracties/{pvda.pk}",
        "id": str(pvda.pk),
        "fractienaam": "PvdA",
        "gemeente": {"gemeente": "gm0014"},
        "raadsmemo:inDeRaad": True,
    }
    assert client.get(detail_url("fracties", "0")).status_code == 404


# --- What each resource says -------------------------------------------------------------------


def test_a_vergadering_in_ods_terms(client, world):
    meeting = world.objects["meeting"]
    document = get_json(client, detail_url("vergaderingen", str(meeting.pk)))
    assert document["vergaderingstype"] == "commissievergadering"
    assert document["raadsmemo:soort"] == "beeldvormend"
    assert document["status"] == "gepland"
    assert document["geplandeAanvangVergadering"] == "2022-01-12T10:30:00+01:00"
    assert document["geplandeEindeVergadering"] == "2022-01-12T12:00:00+01:00"
    assert document["organisatie"] == {"gemeente": "gm0014"}
    assert document["wooInformatiecategorie"] == "c_db4862c3"
    assert document["webpaginaLink"] == f"http://testserver/vergaderingen/{meeting.pk}/"
    assert document["bijlagen"] == [f"http://testserver/api/v1/informatieobjecten/agendapakket-{meeting.pk}"]
    # Only the public items, in agenda order; the besloten one is left out.
    assert [url.rsplit("/", 1)[1] for url in document["agendapunten"]] == sorted(
        world.public["agendapunten"] - {str(world.objects["raad"].items.get(treatment="hamerstuk").pk)},
        key=int,
    )
    assert document["wijziging"] in ("Toevoeging", "Aanpassing")
    raad = get_json(client, detail_url("vergaderingen", str(world.objects["raad"].pk)))
    assert raad["vergaderingstype"] == "raadsvergadering"


def test_an_agendapunt_is_numbered_in_the_whole_agenda(client, world):
    """The third item follows a besloten one: it is number 4 on the agenda, as on the meeting page."""
    page = get_json(client, list_url("agendapunten"), vergadering=str(world.objects["meeting"].pk))
    numbers = [
        (row["agendapuntTitel"], row["agendapuntvolgnummer"], row["geplandeStarttijd"])
        for row in page["results"]
    ]
    assert numbers == [
        ("Stapelingsproject", "1", "2022-01-12T10:30:00+01:00"),
        ("Kansen in kaart", "3", "2022-01-12T11:30:00+01:00"),
        ("Parkeren", "4", "2022-01-12T12:00:00+01:00"),
    ]
    first = page["results"][0]
    assert first["indicatieHamerstuk"] is False and first["indicatorBesloten"] is False
    memo = world.objects["stapeling"]
    assert {url.rsplit("/", 1)[1] for url in first["informatieobjecten"]} == {
        f"memo-{memo.pk}-v1",
        next(k for k in world.public["informatieobjecten"] if k.startswith("stuk-")),
    }
    raad = get_json(client, list_url("agendapunten"), vergadering=str(world.objects["raad"].pk))
    assert raad["results"][0]["indicatieHamerstuk"] is True


def test_a_memo_version_is_an_informatieobject_with_its_file(client, world):
    memo = world.objects["stapeling"]
    document = get_json(client, detail_url("informatieobjecten", f"memo-{memo.pk}-v1"))
    assert document["versie"] == "1"
    assert document["formaat"] == "application/pdf"
    assert document["inhoudLink"] == f"http://testserver/memos/{memo.pk}/versie/1.pdf"
    assert document["vertrouwelijkheidsaanduiding"] == "openbaar"
    assert document["agendapunten"] == [
        {
            "id": str(world.objects["shown"].pk),
            "url": f"http://testserver/api/v1/agendapunten/{world.objects['shown'].pk}",
        }
    ]
    # The link works for a visitor.
    assert Client().get(document["inhoudLink"].removeprefix("http://testserver")).status_code == 200


def test_a_motie_carries_the_ltas_own_fields(client, world):
    document = get_json(client, detail_url("informatieobjecten", "lta-M-31"))
    assert document["informatieobjecttype"] == "motie"
    assert document["raadsmemo:nummer"] == "M-31"
    assert document["raadsmemo:status"] == "open"
    assert document["raadsmemo:deadline"] == "2022-03-31"
    assert [f["fractienaam"] for f in document["raadsmemo:indieners"]] == ["PvdA", "GroenLinks", "D66"]
    assert [u["datum"] for u in document["raadsmemo:standVanZaken"]] == [
        "2022-01-18",
        "2021-11-10",
        "2021-09-06",
        "2021-07-07",
    ]
    assert document["portefeuillehouder"] == "Roeland van der Schaaf"
    toezegging = get_json(client, detail_url("informatieobjecten", "lta-2019-300"))
    assert toezegging["informatieobjecttype"] == "toezegging"
    assert toezegging["raadsmemo:geplandeMaand"] == "2021-03"


def test_the_organisation_comes_from_the_setting(client, world, settings):
    settings.RAADSMEMO_TOOI_ORGANISATIE = "gm0363"
    document = get_json(client, detail_url("vergaderingen", str(world.objects["meeting"].pk)))
    assert document["organisatie"] == {"gemeente": "gm0363"}
    settings.RAADSMEMO_TOOI_ORGANISATIE = "ws0155"
    assert get_json(client, "/api/v1/")["organisatie"] == {"waterschap": "ws0155"}


def test_a_code_that_is_no_tooi_code_stops_the_start(settings):
    from raadsmemo.api.checks import tooi_organisatie_check

    settings.RAADSMEMO_TOOI_ORGANISATIE = "Groningen"
    [error] = tooi_organisatie_check()
    assert error.id == "raadsmemo.api.E001"
    settings.RAADSMEMO_TOOI_ORGANISATIE = "gm0014"
    assert tooi_organisatie_check() == []


# --- Pages and filters --------------------------------------------------------------------------


def test_pages_link_to_each_other(client, world):
    first = get_json(client, list_url("informatieobjecten"), pageSize=4)
    assert first["count"] == 6 and len(first["results"]) == 4 and first["previous"] is None
    second = get_json(client, first["next"])
    assert second["next"] is None and len(second["results"]) == 2
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert sorted(ids) == sorted(world.public["informatieobjecten"])
    # Back from the second page: the first again, with no page before it.
    assert get_json(client, second["previous"]) == first
    # A page number gives the same page as the link.
    assert (
        get_json(client, list_url("informatieobjecten"), pageSize=4, page=2)["results"] == second["results"]
    )
    beyond = client.get(list_url("informatieobjecten"), {"pageSize": 4, "page": 3})
    assert beyond.status_code == 404
    assert beyond.json()["detail"] == "Pagina 3 bestaat niet; de laatste pagina is 2."


def test_next_links_walk_every_kind_in_the_lists_order(client, world):
    """One at a time through memo versions, a collegevoorstel, an agenda package, a stuk and LTA
    items: the cursor carries each kind's place, so the walk is the list of one page."""
    whole = [row["id"] for row in get_json(client, list_url("informatieobjecten"), pageSize=100)["results"]]
    page = get_json(client, list_url("informatieobjecten"), pageSize=1)
    walked = [row["id"] for row in page["results"]]
    while page["next"]:
        page = get_json(client, page["next"])
        walked += [row["id"] for row in page["results"]]
    assert walked == whole
    assert sorted(walked) == sorted(world.public["informatieobjecten"])


def test_a_harvester_follows_next_in_the_order_of_change_at_any_depth(client, world, gerda):
    """The next links carry the place in the list (a cursor on the change, the kind and the id),
    not a page number: what is added while a harvester pages is not met twice nor skipped, and
    rows changed at the same moment (the five LTA items below) are all met once."""
    later = timezone.now() + dt.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        for n in range(5):
            make_item(f"2021-{n + 1}", title=f"Toezegging {n}")
    page = get_json(client, list_url("informatieobjecten"), pageSize=2, soort="toezegging")
    seen = [row["id"] for row in page["results"]]
    with time_machine.travel(later + dt.timedelta(seconds=1), tick=False):
        make_item("2021-9", title="Toezegging die er tijdens het oogsten bij kwam")
    while page["next"]:
        assert "page=" not in page["next"] and "soort=toezegging" in page["next"]
        page = get_json(client, page["next"])
        seen += [row["id"] for row in page["results"]]
    assert seen == [
        "lta-2019-300",
        "lta-2021-1",
        "lta-2021-2",
        "lta-2021-3",
        "lta-2021-4",
        "lta-2021-5",
        "lta-2021-9",
    ]
    # And back again through previous, page by page.
    back = []
    while page["previous"]:
        page = get_json(client, page["previous"])
        back = [row["id"] for row in page["results"]] + back
    assert back == seen[:-1]  # all but the last page's one row
    moments = [
        row["raadsmemo:gewijzigdOp"]
        for row in get_json(client, list_url("informatieobjecten"), pageSize=100)["results"]
    ]
    assert moments == sorted(moments, key=dt.datetime.fromisoformat)


def test_page_numbers_reach_the_first_thousand_then_the_links_do(client, world):
    deep = client.get(list_url("informatieobjecten"), {"pageSize": 100, "page": 11})
    assert deep.status_code == 404
    assert deep.json()["detail"] == (
        "Met page komt u tot de eerste 1.000 informatieobjecten; volg daarna de link in next."
    )
    # Within the first thousand, a page past the last says which page is the last.
    within = client.get(list_url("informatieobjecten"), {"pageSize": 100, "page": 10})
    assert within.json()["detail"] == "Pagina 10 bestaat niet; de laatste pagina is 1."


@pytest.mark.parametrize(
    "cursor", ["abc", "", "bmF8eHx5fHo", "bmF8MjAyNi0xMi0wNlQyMTo0NDoxNyswMDowMHxpZXRzfDE", "0" * 200]
)
def test_a_cursor_that_is_not_ours_finds_no_page(client, db, cursor):
    response = client.get(list_url("informatieobjecten"), {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == "Deze cursor komt niet uit een link next of previous van deze lijst."


@pytest.mark.parametrize(
    "params",
    [
        {"pageSize": "101"},
        {"pageSize": "0"},
        {"page": "-1"},
        {"page": "10000000000000000000000"},
        {"datumVanaf": "31-12-2022"},
        {"gewijzigdSinds": "gisteren"},
        {"gewijzigdSinds": "0.5"},
        {"datumTotEnMet": "20221231"},
        {"informatieobjecttype": "notulen"},
    ],
)
def test_bad_parameters_get_a_400_that_names_them(client, db, params):
    response = client.get(list_url("informatieobjecten"), params)
    assert response.status_code == 400
    problem = response.json()
    assert problem["title"] == "Een of meer parameters zijn ongeldig."
    assert [p["name"] for p in problem["invalidParams"]] == list(params)


def test_filters_by_date_type_and_meeting(client, world):
    meeting, raad = world.objects["meeting"], world.objects["raad"]

    def ids(resource, **params):
        return {row["id"] for row in get_json(client, list_url(resource), pageSize=100, **params)["results"]}

    assert ids("vergaderingen", datumVanaf="2022-01-13") == {str(raad.pk)}
    assert ids("vergaderingen", datumTotEnMet="2022-01-12") == {str(meeting.pk)}
    assert ids("vergaderingen", vergaderingstype="raadsvergadering") == {str(raad.pk)}
    assert ids("vergaderingen", soort="beeldvormend") == {str(meeting.pk)}
    assert ids("agendapunten", datumVanaf="2022-01-20") == {str(raad.items.get(treatment="hamerstuk").pk)}
    assert ids("informatieobjecten", informatieobjecttype="motie") == {"lta-M-31"}
    assert ids("informatieobjecten", soort="agendapakket") == {f"agendapakket-{meeting.pk}"}
    assert ids("informatieobjecten", informatieobjecttype="voorstel") == {
        k for k in world.public["informatieobjecten"] if k.startswith(("stuk-", "collegevoorstel-"))
    }
    assert ids("informatieobjecten", vergadering=str(meeting.pk)) == {
        k for k in world.public["informatieobjecten"] if k.startswith(("memo-", "stuk-", "agendapakket-"))
    }
    assert ids("informatieobjecten", agendapunt=str(world.objects["shown"].pk)) == {
        k for k in world.public["informatieobjecten"] if k.startswith(("memo-", "stuk-"))
    }
    assert ids("informatieobjecten", gewijzigdSinds="2999-01-01T00:00:00+01:00") == set()
    assert ids("informatieobjecten", vergadering="²") == ids("agendapunten", vergadering="0" * 40) == set()
    assert (
        ids("informatieobjecten", gewijzigdSinds="2000-01-01T00:00:00") == world.public["informatieobjecten"]
    )
    today = dt.date.today().isoformat()
    assert ids("informatieobjecten", datumVanaf="2000-01-01", datumTotEnMet="2000-12-31") == set()
    assert (
        ids("vergaderingen", datumVanaf="0001-01-01", datumTotEnMet="9999-12-31")
        == world.public["vergaderingen"]
    )
    assert len(ids("informatieobjecten", datumTotEnMet=today)) in (0, 6)  # the test may straddle midnight


def test_gewijzigd_sinds_finds_a_new_stand_van_zaken(client, world, gerda):
    before = max(
        dt.datetime.fromisoformat(row["raadsmemo:gewijzigdOp"])
        for row in get_json(client, list_url("informatieobjecten"), pageSize=100)["results"]
    )
    status_update_add(
        item=world.objects["m31"], date=dt.date(2022, 2, 1), text="Nota volgt in maart.", by=gerda
    )
    changed = get_json(client, list_url("informatieobjecten"), gewijzigdSinds=before.isoformat())["results"]
    assert [row["id"] for row in changed] == ["lta-M-31"]
    assert changed[0]["raadsmemo:standVanZaken"][0] == {
        "datum": "2022-02-01",
        "soort": "stand_van_zaken",
        "tekst": "Nota volgt in maart.",
    }


# --- Conditional GET ----------------------------------------------------------------------------


def test_a_harvester_polls_with_the_etag(client, world, gerda):
    url = list_url("informatieobjecten")
    first = client.get(url)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    status_update_add(item=world.objects["m31"], date=dt.date(2022, 2, 1), text="Nota volgt.", by=gerda)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    detail = client.get(detail_url("informatieobjecten", "lta-M-31"))
    assert (
        client.get(
            detail_url("informatieobjecten", "lta-M-31"), headers={"If-None-Match": detail["ETag"]}
        ).status_code
        == 304
    )


def test_a_list_changes_its_etag_when_something_leaves_it(client, world):
    """If-Modified-Since could not see this (nothing left in the list changed); the ETag does."""
    url = list_url("agendapunten")
    first = client.get(url)
    memo = world.objects["stapeling"]
    memo.confidentiality = "vertrouwelijk"
    memo.save(update_fields=["confidentiality"])
    after = client.get(
        url, headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    )
    assert after.status_code == 200
    assert f"memo-{memo.pk}-v1" not in after.content.decode()


# --- Query counts -------------------------------------------------------------------------------

# vergaderingen: count, page, every item (numbers and times), the public items, packages;
# agendapunten: count, page, every item of their meetings, memo versions, stukken;
# informatieobjecten: count, page (one UNION), then per kind: memo versions, collegevoorstel
# versions, package times and meetings, stukken, LTA items with indieningen and updates.
QUERIES = {"vergaderingen": 5, "agendapunten": 5, "informatieobjecten": 10, "fracties": 2}


@pytest.mark.parametrize("resource", sorted(QUERIES))
def test_a_page_costs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, resource, stand_in_pdfs
):
    with django_assert_num_queries(QUERIES[resource]):
        client.get(list_url(resource), {"pageSize": 100})
    # Twice the data, the same number of queries: no query per row.
    for n in range(3):
        more = make_meeting(title=f"Extra sessie {n}", date=dt.date(2022, 3, n + 1))
        add_item(more, f"Extra punt {n}")
        make_item(f"2021-{n + 1}", title=f"Extra toezegging {n}")
    with django_assert_num_queries(QUERIES[resource]):
        response = client.get(list_url(resource), {"pageSize": 100})
    assert response.status_code == 200


def test_a_detail_costs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    with django_assert_num_queries(4):
        client.get(detail_url("vergaderingen", str(world.objects["meeting"].pk)))
    with django_assert_num_queries(4):
        client.get(detail_url("agendapunten", str(world.objects["shown"].pk)))
    with django_assert_num_queries(4):
        client.get(detail_url("informatieobjecten", "lta-M-31"))


def test_the_openapi_document_is_served(client, db):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/vergaderingen", "/api/v1/vergaderingen/{id}", "/api/v1/informatieobjecten/{id}"} <= set(
        document["paths"]
    )
    assert {"Vergadering", "Agendapunt", "InformatieObject", "Fractie"} <= set(
        document["components"]["schemas"]
    )
    assert "raadsmemo:standVanZaken" in document["components"]["schemas"]["InformatieObject"]["properties"]


def test_the_apis_kinds_of_session_are_raadsmemos():
    from typing import get_args

    from raadsmemo.api.documents import VERGADERINGSTYPE
    from raadsmemo.api.schemas import SessieSoort
    from raadsmemo.meetings.models import MeetingKind

    assert set(get_args(SessieSoort)) == set(MeetingKind.values) == set(VERGADERINGSTYPE)
