"""Pages, JSON with ETag and Last-Modified, and errors in Dutch.

A harvester polls cheaply: every answer carries a strong ETag (the SHA-256 of its exact body) and
a Last-Modified (the newest change among what it shows). A request whose If-None-Match holds that
ETag gets 304 without a body. If-Modified-Since alone is not answered with 304: a list also
changes when something leaves it (a memo made vertrouwelijk, an item taken off the agenda), and no
timestamp of what is still in it says so. The ETag does (docs/open-data.md).
"""

import datetime as dt
import hashlib
import json
import math

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags

API_VERSION = "1.0.0"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 1_000_000


class Page:
    """One page of a list: its rows, the total count and the links to the pages around it."""

    def __init__(self, request: HttpRequest, *, count: int, page: int, size: int):
        last = max(1, math.ceil(count / size))
        if page > last:
            raise Http404(f"Pagina {page} bestaat niet; de laatste pagina is {last}.")
        self.request, self.count, self.number, self.size, self.last = request, count, page, size, last
        self.offset = (page - 1) * size

    def slice(self, queryset):
        return queryset[self.offset : self.offset + self.size]

    def link(self, number: int) -> str:
        query = self.request.GET.copy()
        query["page"] = str(number)
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")

    def envelope(self, results: list[dict]) -> dict:
        return {
            "count": self.count,
            "next": self.link(self.number + 1) if self.number < self.last else None,
            "previous": self.link(self.number - 1) if self.number > 1 else None,
            "results": results,
        }


def newest(documents: list[dict]) -> dt.datetime | None:
    moments = [d["raadsmemo:gewijzigdOp"] for d in documents if d.get("raadsmemo:gewijzigdOp")]
    return max(moments) if moments else None


def json_response(
    request: HttpRequest, schema, data: dict, *, last_modified: dt.datetime | None
) -> HttpResponse:
    """The document, checked against its schema, as JSON; 304 when the client has this body already."""
    document = schema.model_validate(data).model_dump(mode="json", by_alias=True, exclude_none=True)
    if "results" in data:  # a page: null links are part of the envelope's shape
        document["next"], document["previous"] = data["next"], data["previous"]
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return finish(response, etag=etag, last_modified=last_modified)


def finish(response: HttpResponse, *, etag: str | None = None, last_modified=None) -> HttpResponse:
    if etag:
        response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["API-Version"] = API_VERSION
    # Public data, the same for everyone (also for a signed-in user: the API ignores the session),
    # so shared caches may keep it; they revalidate with the ETag every time.
    patch_cache_control(response, public=True, no_cache=True)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def problem(status: int, title: str, detail: str = "", invalid: list[dict] | None = None) -> HttpResponse:
    """An error as problem details (RFC 9457, VNG API design rules), in Dutch."""
    body = {"title": title, "status": status}
    if detail:
        body["detail"] = detail
    if invalid:
        body["invalidParams"] = invalid
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False).encode(), status=status, content_type="application/problem+json"
    )
    return finish(response)
