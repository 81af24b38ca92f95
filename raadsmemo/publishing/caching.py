"""Cheap repeat reads of the public pages: on a meeting day hundreds of residents open the same
agenda, and their browsers (and any proxy) ask again every minute.

An anonymous visitor's public page gets an ETag: a hash of the page itself. A repeat request with
that ETag gets 304 Not Modified, with no page to send. The hash is of what was rendered, so a 304
is never stale: whatever changed (a speaker confirmed, a memo made vertrouwelijk, the hour at which
asking to speak closes) changes the page and so the tag. This works because a visitor's page is
the same for every visitor: it carries no CSRF token (base.html) and no CSP nonce (script-src
'self': every script is a file of ours).

Not done here (issue 14): keeping rendered pages in a shared cache. Its key would have to cover
everything a page depends on, time included; a tag of the page itself cannot be wrong.
"""

import functools
import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

# Browsers and proxies may reuse a page this long before they ask again (with If-None-Match).
MAX_AGE = 60


def public_page(view):
    """Decorate a public page view: a visitor's repeat request gets 304 when the page is unchanged."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or response.status_code != 200
            or response.cookies  # a page that sets a cookie is someone's own
        ):
            return response
        if hasattr(response, "render"):
            response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
