"""Cheap repeat reads of the public pages: on a meeting day hundreds of residents open the same
agenda. For an anonymous visitor (never for someone logged in) a public page is

- answered with 304 when the browser's copy is still right (ETag), and otherwise
- served from Django's cache (local memory by default, Redis with REDIS_URL), rendered once per
  state of what it shows.

The state is a few aggregates over what the page shows (the newest `updated_at` of its meetings,
items and memos, counts, today's date): one query instead of the page's queries. Any change to what
the page shows changes the state, so a stale page is never served; there is nothing to invalidate
by hand. Pages served this way carry no per-response secret: no CSRF token for anonymous visitors
(base.html) and no CSP nonce (scripts are our own files, script-src 'self').
"""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

# How long a rendered page may stay in the cache; its key changes with every change anyway.
CACHE_SECONDS = 60 * 60
# Browsers and proxies may reuse a page this long before they ask again (with If-None-Match).
MAX_AGE = 60


def public_page(state):
    """Decorate a view whose anonymous answer depends only on the URL and on `state(request,
    **kwargs)`, a string from a cheap query."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if (
                request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or request.htmx
                or len(messages.get_messages(request))  # a message is for this visitor alone
            ):
                return view(request, *args, **kwargs)
            # The theme is part of every page (raadsmemo/theme.py): a new one is a new key.
            site = repr(sorted(settings.RAADSMEMO_THEME.items()))
            key = hashlib.sha256(
                f"{request.get_full_path()}|{site}|{state(request, **kwargs)}".encode()
            ).hexdigest()
            etag = quote_etag(key[:32])
            if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
                return _headers(HttpResponseNotModified(), etag)
            cached = cache.get(f"page:{key}")
            if cached is not None:
                content, content_type = cached
                return _headers(HttpResponse(content, content_type=content_type), etag)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies:
                return response  # a page that sets a cookie is someone's own
            if hasattr(response, "render"):
                response.render()
            cache.set(f"page:{key}", (response.content, response["Content-Type"]), CACHE_SECONDS)
            return _headers(response, etag)

        return wrapped

    return decorate


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
