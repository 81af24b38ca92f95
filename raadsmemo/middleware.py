"""Project middleware."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers


class HtmxVaryMiddleware:
    """Mark every response as varying on HX-Request.

    One URL answers with a whole page or with a fragment for htmx; caches (the browser's
    back button included) must not hand the fragment out as the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class PrivacyHeadersMiddleware:
    """Keep what a signed-in user sees out of every cache, and switch off browser features we never use.

    Anonymous visitors only ever get public pages; whatever a signed-in user gets may be
    confidential (concept memos, besloten items, internal packages, edit pages, exports), so it
    is `private, no-store`: no proxy keeps it and the browser does not write it to disk. A response
    that declares itself public (the feeds, the same for everyone) keeps its own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


BIGINT_MAX = 2**63 - 1
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class MalformedInputMiddleware:
    """Refuse input no person sends, in this one place, before any view sees it.

    - A NUL character in the path, the query string or a posted form (urlencoded or multipart) is
      a 400: no text a person types contains it, and PostgreSQL refuses it in a query or a JSON
      draft, which used to end in a 500. Reading a multipart body here is safe: the upload limits
      are global (settings.FILE_UPLOAD_HANDLERS), and the CSRF check reads the body before any
      view anyway.
    - A number in the path (`<int:pk>`) beyond a bigint is a 404: no row has that id, and the
      database would refuse to look.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        posted_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
        if "\x00" in request.path or _has_nul(request.GET) or (posted_form and _has_nul(request.POST)):
            message = "Het adres of het formulier bevat een teken dat niet kan worden verwerkt (NUL)."
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(v, int) and not -BIGINT_MAX <= v <= BIGINT_MAX for v in view_kwargs.values()):
            raise Http404("Deze pagina bestaat niet.")
        return None
