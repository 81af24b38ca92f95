"""The "Open data" page: what the API offers and how to use it, for people."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from raadsmemo.api.documents import VERGADERINGSTYPE, WOO_VERGADERSTUKKEN
from raadsmemo.api.http import MAX_PAGE_SIZE
from raadsmemo.meetings.models import MeetingKind


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    api_root = request.build_absolute_uri(reverse("api:root"))
    context = {
        "api_root": api_root,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi-json")),
        "example_url": request.build_absolute_uri(reverse("api:vergaderingen")),
        "tooi": settings.RAADSMEMO_TOOI_ORGANISATIE,
        "woo_categorie": WOO_VERGADERSTUKKEN,
        "max_page_size": MAX_PAGE_SIZE,
        "mapping": [(MeetingKind(kind).label, ods) for kind, ods in VERGADERINGSTYPE.items()],
    }
    return render(request, "api/open_data.html", context)
