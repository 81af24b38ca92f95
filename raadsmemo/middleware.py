"""Project middleware."""

from django.utils.cache import patch_vary_headers


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
