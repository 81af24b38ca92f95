"""The read-only open data API at /api/v1/, in the shapes of the VNG ODS (docs/open-data.md).

django-ninja: typed function views, the OpenAPI document generated from the same pydantic schemas
that check every answer, one small dependency (with pydantic). No authentication and no session:
what it shows is what an anonymous visitor sees (raadsmemo.api.public), whoever asks.
"""

import base64
import datetime as dt
import re
from typing import Annotated

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError
from pydantic import BeforeValidator

from raadsmemo.api import documents, fetch, schemas
from raadsmemo.api.documents import Links, organisatie
from raadsmemo.api.http import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    Page,
    json_response,
    newest,
    problem,
)
from raadsmemo.api.public import public_items, public_meetings, public_memo_versions, stored_public_packages
from raadsmemo.converters import parse_id
from raadsmemo.people.models import Fractie

DESCRIPTION = """De openbare gegevens van de gemeenteraad in raadsmemo: vergaderingen, agendapunten,
informatieobjecten (voorbereidingsmemo's, agendapakketten, stukken, collegevoorstellen, toezeggingen
en moties) en fracties, in de vorm van de VNG-standaard ODS (Open Raadsinformatie, mini-ORI).

Alleen wat iedere bezoeker op de website mag zien; ook wie is ingelogd krijgt niet meer.
Velden die de ODS niet kent, beginnen met `raadsmemo:`. Lijsten zijn gepagineerd (`page`,
`pageSize` tot 100). Bij de informatieobjecten zijn `next` en `previous` cursorlinks: volg die om
alles op te halen (met `page` tot de eerste 1.000). Elk antwoord heeft een ETag: stuur die terug in `If-None-Match` en u krijgt
304 zolang er niets veranderd is. Uitleg: /open-data/ op de website."""


class OdsAPI(NinjaAPI):
    """The generated OpenAPI document, completed with what ninja does not say by itself: errors
    are problem details (application/problem+json), and a GET may answer 304 to If-None-Match."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})  # keyed by int, as ninja makes it
                for status, response in responses.items():
                    content = response.get("content", {})
                    if str(status) in ("400", "404") and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
                    if str(status) == "200":
                        response["headers"] = {
                            "ETag": {"description": "SHA-256 van de inhoud", "schema": {"type": "string"}},
                            "Last-Modified": {
                                "description": "De laatste wijziging van wat erin staat",
                                "schema": {"type": "string"},
                            },
                        }
                responses[304] = {"description": "Niet gewijzigd: de ETag in If-None-Match is nog actueel"}
        return schema


api = OdsAPI(
    title="raadsmemo open data (ODS)",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # Swagger UI loads scripts from elsewhere; the CSP allows only our own
    auth=None,
)

ERRORS = {400: schemas.Fout, 404: schemas.Fout}
PageNumber = Query(1, ge=1, le=MAX_PAGE, description="Het paginanummer, vanaf 1")
PageSize = Query(
    DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, alias="pageSize", description="Aantal per pagina (max. 100)"
)
# Dates and moments within what the database and time zones can take.


def written_as(pattern: str, what: str) -> BeforeValidator:
    """Only text in this form: pydantic would otherwise read "0.5" as a moment in 1970."""

    def check(value):
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(f"Schrijf {what}.")
        return value

    return BeforeValidator(check)


IsoDate = Annotated[dt.date, written_as(r"\d{4}-\d{2}-\d{2}", "een datum als 2026-12-31")]
IsoMoment = Annotated[
    dt.datetime,
    written_as(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?",
        "een moment als 2026-12-01T09:00:00+01:00",
    ),
]
# Dates beyond what the database and time zones take are brought within 1900–9998 (fetch.py).
DatumVanaf = Query(None, alias="datumVanaf", description="Vanaf deze datum (JJJJ-MM-DD)")
DatumTotEnMet = Query(None, alias="datumTotEnMet", description="Tot en met deze datum (JJJJ-MM-DD)")
GewijzigdSinds = Query(
    None,
    alias="gewijzigdSinds",
    description="Alleen wat na dit moment is gewijzigd (RFC 3339; zonder tijdzone: Nederlandse tijd)",
)

VergaderingstypeParam = Query(None, description="Het ODS-vergaderingstype")
SessieSoortParam = Query(None, description="De soort sessie in raadsmemo")
StatusParam = Query(None, description="gepland, gehouden of geannuleerd")
InformatieobjecttypeParam = Query(None, description="Het ODS-informatieobjecttype")
SoortParam = Query(None, description="De soort in raadsmemo")
CursorParam = Query(
    None,
    max_length=200,
    description="Een plaats in de lijst, uit de link in next of previous (in plaats van page)",
)
# How deep page numbers reach in the informatieobjecten; beyond, the cursor links do (they cost
# the same at any depth, a page number costs what lies before it).
MAX_INFORMATIEOBJECT_OFFSET = 1000


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    invalid = []
    for error in exc.errors:
        name = ".".join(str(part) for part in error.get("loc", [])[1:]) or "?"
        invalid.append({"name": name, "code": error.get("type", "invalid"), "reason": error.get("msg", "")})
    return problem(400, "Een of meer parameters zijn ongeldig.", "Zie invalidParams.", invalid)


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(404, "Niet gevonden.", str(exc) or "Dit bestaat niet, of is niet openbaar.")


def parse_api_id(value: str | None) -> int | None:
    """An id from the query string; one no row can have (0) for anything that is no id, so the
    list is empty, as for an id that does not exist."""
    if value is None:
        return None
    return parse_id(value) or 0


def since(moment: dt.datetime | None) -> dt.datetime | None:
    """gewijzigdSinds as an aware moment within the years a database takes."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    low = timezone.make_aware(dt.datetime(1900, 1, 1))
    high = timezone.make_aware(dt.datetime(9998, 12, 31))
    # In UTC: PostgreSQL refuses an offset such as -23:24, which RFC 3339 allows (schemathesis found it).
    return min(max(moment, low), high).astimezone(dt.UTC)


@api.get("/", response=schemas.Root, url_name="root", by_alias=True, summary="De ingang: waar alles staat")
def root(request: HttpRequest):
    links = Links(request)
    data = {
        "vergaderingen": links.api("vergaderingen"),
        "agendapunten": links.api("agendapunten"),
        "informatieobjecten": links.api("informatieobjecten"),
        "fracties": links.api("fracties"),
        "openapi": links.api("openapi-json"),
        "documentatie": links.absolute(reverse("open_data")),
        "organisatie": organisatie(),
    }
    return json_response(request, schemas.Root, data, last_modified=None)


# --- Vergaderingen ------------------------------------------------------------------------------


@api.get(
    "/vergaderingen",
    response={200: schemas.PaginatedVergaderingList, **ERRORS},
    url_name="vergaderingen",
    by_alias=True,
    summary="Alle openbare vergaderingen",
    tags=["Vergaderingen"],
)
def vergaderingen(
    request: HttpRequest,
    page: int = PageNumber,
    page_size: int = PageSize,
    datum_vanaf: IsoDate | None = DatumVanaf,
    datum_tot_en_met: IsoDate | None = DatumTotEnMet,
    gewijzigd_sinds: IsoMoment | None = GewijzigdSinds,
    vergaderingstype: schemas.VergaderingsType | None = VergaderingstypeParam,
    soort: schemas.SessieSoort | None = SessieSoortParam,
    status: schemas.VergaderingStatus | None = StatusParam,
):
    meetings = public_meetings().filter(fetch.date_range_q("date", datum_vanaf, datum_tot_en_met))
    if vergaderingstype:
        meetings = meetings.filter(
            kind__in=[k for k, t in documents.VERGADERINGSTYPE.items() if t == vergaderingstype]
        )
    if soort:
        meetings = meetings.filter(kind=soort)
    if status:
        meetings = meetings.filter(status=status)
    if moment := since(gewijzigd_sinds):
        built = stored_public_packages().filter(finished_at__gt=moment).values("meeting")
        meetings = meetings.filter(Q(updated_at__gt=moment) | Q(pk__in=built))
    meetings = meetings.order_by("date", "start_time", "pk")
    paged = Page(request, count=meetings.count(), page=page, size=page_size)
    results = fetch.vergaderingen(paged.slice(meetings), Links(request))
    return json_response(
        request, schemas.PaginatedVergaderingList, paged.envelope(results), last_modified=newest(results)
    )


@api.get(
    "/vergaderingen/{id}",
    response={200: schemas.Vergadering, **ERRORS},
    url_name="vergadering",
    by_alias=True,
    summary="Eén openbare vergadering",
    tags=["Vergaderingen"],
)
def vergadering(request: HttpRequest, id: str):
    meeting = public_meetings().filter(pk=parse_id(id)).first() if parse_id(id) is not None else None
    if meeting is None:
        raise Http404("Deze vergadering bestaat niet, of is niet openbaar.")
    [data] = fetch.vergaderingen([meeting], Links(request))
    return json_response(request, schemas.Vergadering, data, last_modified=data["raadsmemo:gewijzigdOp"])


# --- Agendapunten -------------------------------------------------------------------------------


@api.get(
    "/agendapunten",
    response={200: schemas.PaginatedAgendapuntList, **ERRORS},
    url_name="agendapunten",
    by_alias=True,
    summary="Alle openbare agendapunten",
    tags=["Agendapunten"],
)
def agendapunten(
    request: HttpRequest,
    page: int = PageNumber,
    page_size: int = PageSize,
    vergadering: str | None = Query(None, description="Het id van de vergadering", max_length=40),
    datum_vanaf: IsoDate | None = DatumVanaf,
    datum_tot_en_met: IsoDate | None = DatumTotEnMet,
    gewijzigd_sinds: IsoMoment | None = GewijzigdSinds,
):
    items = public_items().filter(fetch.date_range_q("meeting__date", datum_vanaf, datum_tot_en_met))
    if (meeting_pk := parse_api_id(vergadering)) is not None:
        items = items.filter(meeting_id=meeting_pk)
    if moment := since(gewijzigd_sinds):
        published = public_memo_versions().filter(memo__agenda_item=OuterRef("pk"), published_at__gt=moment)
        items = items.filter(Q(updated_at__gt=moment) | Q(meeting__updated_at__gt=moment) | Exists(published))
    items = items.select_related("meeting").order_by(
        "meeting__date", "meeting__start_time", "meeting_id", "position", "pk"
    )
    paged = Page(request, count=items.count(), page=page, size=page_size)
    results = fetch.agendapunten(paged.slice(items), Links(request))
    return json_response(
        request, schemas.PaginatedAgendapuntList, paged.envelope(results), last_modified=newest(results)
    )


@api.get(
    "/agendapunten/{id}",
    response={200: schemas.Agendapunt, **ERRORS},
    url_name="agendapunt",
    by_alias=True,
    summary="Eén openbaar agendapunt",
    tags=["Agendapunten"],
)
def agendapunt(request: HttpRequest, id: str):
    pk = parse_id(id)
    item = public_items().select_related("meeting").filter(pk=pk).first() if pk is not None else None
    if item is None:
        raise Http404("Dit agendapunt bestaat niet, of is niet openbaar.")
    [data] = fetch.agendapunten([item], Links(request))
    return json_response(request, schemas.Agendapunt, data, last_modified=data["raadsmemo:gewijzigdOp"])


# --- Informatieobjecten -------------------------------------------------------------------------


@api.get(
    "/informatieobjecten",
    response={200: schemas.PaginatedInformatieObjectList, **ERRORS},
    url_name="informatieobjecten",
    by_alias=True,
    summary="Alle openbare informatieobjecten",
    description="Gepubliceerde versies van voorbereidingsmemo's en collegevoorstellen, agendapakketten, "
    "stukken bij agendapunten, toezeggingen en moties; de oudste wijziging eerst. "
    "datumVanaf en datumTotEnMet gaan over de datum van de laatste wijziging (raadsmemo:gewijzigdOp).",
    tags=["Informatieobjecten"],
)
def informatieobjecten(
    request: HttpRequest,
    page: int = PageNumber,
    page_size: int = PageSize,
    cursor: str | None = CursorParam,
    informatieobjecttype: schemas.Informatieobjecttype | None = InformatieobjecttypeParam,
    soort: schemas.Soort | None = SoortParam,
    vergadering: str | None = Query(None, description="Het id van de vergadering", max_length=40),
    agendapunt: str | None = Query(None, description="Het id van het agendapunt", max_length=40),
    datum_vanaf: IsoDate | None = DatumVanaf,
    datum_tot_en_met: IsoDate | None = DatumTotEnMet,
    gewijzigd_sinds: IsoMoment | None = GewijzigdSinds,
):
    filters = fetch.InformatieobjectFilter(
        soort=soort,
        informatieobjecttype=informatieobjecttype,
        vergadering=parse_api_id(vergadering),
        agendapunt=parse_api_id(agendapunt),
        van=datum_vanaf,
        tot_en_met=datum_tot_en_met,
        gewijzigd_sinds=since(gewijzigd_sinds),
    )
    # Both are 404s, as a page past the last: schema-valid addresses of pages that do not exist.
    position = None
    if cursor is not None:
        position = read_cursor(cursor)
        if position is None:
            raise Http404("Deze cursor komt niet uit een link next of previous van deze lijst.")
        page = 1
    elif (page - 1) * page_size >= MAX_INFORMATIEOBJECT_OFFSET:
        raise Http404(
            f"Met page komt u tot de eerste {MAX_INFORMATIEOBJECT_OFFSET:,} informatieobjecten; "
            "volg daarna de link in next.".replace(",", ".")
        )
    paged = Page(request, count=fetch.informatieobject_count(filters), page=page, size=page_size)
    rows = fetch.informatieobject_page(filters, offset=paged.offset, size=page_size + 1, position=position)
    more = len(rows) > page_size
    if position is None or position.forward:
        rows = rows[:page_size]
        has_next, has_previous = more, position is not None or page > 1
    else:
        rows = rows[1:] if more else rows
        has_next, has_previous = True, more
    envelope = paged.envelope(fetch.informatieobjecten(rows, Links(request)))
    envelope["next"] = cursor_link(request, rows[-1], forward=True) if has_next and rows else None
    envelope["previous"] = cursor_link(request, rows[0], forward=False) if has_previous and rows else None
    return json_response(
        request,
        schemas.PaginatedInformatieObjectList,
        envelope,
        last_modified=newest(envelope["results"]),
    )


def cursor_link(request: HttpRequest, row: tuple[str, int, dt.datetime], *, forward: bool) -> str:
    """The address of the page after (or before) this row: the same filters, a cursor for the place."""
    query = request.GET.copy()
    query.pop("page", None)
    query["cursor"] = encode_cursor(row, forward=forward)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def encode_cursor(row: tuple[str, int, dt.datetime], *, forward: bool) -> str:
    """The place after (or before) the row (kind, pk, changed), as the query string carries it."""
    kind, pk, changed = row
    text = f"{'na' if forward else 'voor'}|{changed.astimezone(dt.UTC).isoformat()}|{kind}|{pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_cursor(text: str) -> fetch.Position | None:
    """The place a cursor of cursor_link names, or None for anything else."""
    try:
        direction, moment, kind, pk = (
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode().split("|")
        )
        changed = dt.datetime.fromisoformat(moment)
    except ValueError:  # also binascii.Error and UnicodeDecodeError
        return None
    if direction not in ("na", "voor") or kind not in fetch.KINDS or not pk.isascii() or not pk.isdigit():
        return None
    if changed.tzinfo is None or not 1900 <= changed.year <= 9998 or len(pk) > 18:
        return None
    return fetch.Position(changed=changed, kind=kind, pk=int(pk), forward=direction == "na")


@api.get(
    "/informatieobjecten/{id}",
    response={200: schemas.InformatieObject, **ERRORS},
    url_name="informatieobject",
    by_alias=True,
    summary="Eén openbaar informatieobject",
    description="Het id zegt wat het is: memo-12-v2, collegevoorstel-3-v1, agendapakket-7, stuk-40, lta-M-31.",
    tags=["Informatieobjecten"],
)
def informatieobject(request: HttpRequest, id: str):
    row = fetch.informatieobject_row(id)
    documents_ = fetch.informatieobjecten([row], Links(request)) if row else []
    if not documents_:
        raise Http404("Dit informatieobject bestaat niet, of is niet openbaar.")
    [data] = documents_
    return json_response(request, schemas.InformatieObject, data, last_modified=data["raadsmemo:gewijzigdOp"])


# --- Fracties -----------------------------------------------------------------------------------


@api.get(
    "/fracties",
    response={200: schemas.PaginatedFractieList, **ERRORS},
    url_name="fracties",
    by_alias=True,
    summary="De fracties (ook die niet meer in de raad zitten: zij dienden moties in)",
    tags=["Fracties"],
)
def fracties(request: HttpRequest, page: int = PageNumber, page_size: int = PageSize):
    rows = Fractie.objects.order_by("name", "pk")
    paged = Page(request, count=rows.count(), page=page, size=page_size)
    links = Links(request)
    results = [documents.fractie(fractie, links=links) for fractie in paged.slice(rows)]
    return json_response(request, schemas.PaginatedFractieList, paged.envelope(results), last_modified=None)


@api.get(
    "/fracties/{id}",
    response={200: schemas.Fractie, **ERRORS},
    url_name="fractie",
    by_alias=True,
    summary="Eén fractie",
    tags=["Fracties"],
)
def fractie(request: HttpRequest, id: str):
    pk = parse_id(id)
    row = Fractie.objects.filter(pk=pk).first() if pk is not None else None
    if row is None:
        raise Http404("Deze fractie bestaat niet.")
    return json_response(
        request, schemas.Fractie, documents.fractie(row, links=Links(request)), last_modified=None
    )
