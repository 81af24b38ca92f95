"""Project middleware."""

from django.conf import settings
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
