"""robots.txt and the Woo sitemaps (publishing/woo.py): public, for the Woo-harvester and search engines."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from raadsmemo.publishing import woo

XML = "application/xml; charset=utf-8"


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Robots may read the public site; the Woo-harvester finds the sitemap index here."""
    sitemap = request.build_absolute_uri(reverse("woo_sitemap_index"))
    lines = ["User-agent: *", "Disallow: /beheer/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=3600)
def woo_sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index of the Woo category "vergaderstukken decentrale overheden"."""
    return HttpResponse(
        woo.sitemap_index_xml(woo.sitemap_pages(), request.build_absolute_uri), content_type=XML
    )


@require_safe
@cache_control(public=True, max_age=3600)
def woo_sitemap(request: HttpRequest, part: str, page: int) -> HttpResponse:
    """One page of one kind of document, each with its DiWoo metadata."""
    if part not in woo.PARTS or page < 1:
        raise Http404("Deze sitemap bestaat niet.")
    documents = woo.PARTS[part].page((page - 1) * woo.PAGE_SIZE, request.build_absolute_uri)
    if not documents and page > 1:
        raise Http404("Deze sitemap bestaat niet.")
    return HttpResponse(woo.sitemap_xml(documents), content_type=XML)
