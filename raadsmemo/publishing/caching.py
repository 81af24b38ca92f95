"""Cheap repeat reads of the public pages: on a meeting day hundreds of residents open the same
agenda, and their browsers (and any proxy) ask again every minute.

Two layers, both only for an anonymous visitor (a visitor's page is the same for every visitor:
it carries no CSRF token, base.html, and no CSP nonce, script-src 'self'):

1. **ETag and 304.** The ETag is a hash of the page itself, so a 304 is never stale: whatever
   changed (a speaker confirmed, a memo made vertrouwelijk, the hour at which asking to speak
   closes) changes the page and so the tag.

2. **A shared page cache** (settings.PUBLIC_PAGE_CACHE; on with Redis). A rendered page is kept
   under a key of three parts:
   - the *content version*, a counter in the cache that goes up after every committed write to
     any of raadsmemo's models (post_save, post_delete, m2m_changed), and where code writes
     without signals (QuerySet.update(), bulk_create: the meeting services, the LTA import, the
     task worker storing an agenda package) through an explicit public_pages_changed();
   - the current *minute*, because pages depend on the clock (inspreken closes at an hour, a
     meeting becomes "werd live uitgezonden"): a page is never older than the minute it shows,
     even if some write were ever to slip past the counter;
   - the address (host, path and query string).
   Nothing is invalidated by hand and nothing is deleted: a new version or a new minute simply
   uses new keys, and old ones expire (PAGE_TIMEOUT).

   The cache is a help, never a need: when it fails (Redis down or unreachable), pages are
   rendered as without a cache and writes go through; the failure is logged (a warning) and the
   health check names it. A write whose version raise failed is seen by the next minute's key.

   The version is read *before* the page is rendered and the counter is raised only *after* the
   writing transaction commits. So a page rendered from old rows is always stored under an old
   version that no reader asks for any more; it can never be served as the current page.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

# Browsers and proxies may reuse a page this long before they ask again (with If-None-Match).
MAX_AGE = 60
# A stored page is of use for one minute (the key holds the minute); keep it a little longer so a
# clock a few seconds apart between servers still finds it, then let the cache drop it.
PAGE_TIMEOUT = 120
VERSION_KEY = "public-pages:version"
# A request carrying one of these cookies may get a page of its own (a message to show, a session).
PERSONAL_COOKIES = ("messages", settings.SESSION_COOKIE_NAME)


logger = logging.getLogger(__name__)


def _cache_failed(action: str, error: Exception) -> None:
    logger.warning("Paginacache niet bereikbaar (%s): %s", action, error)


def content_version() -> int | None:
    """The current content version, or None when the cache cannot be reached. Should the cache
    ever lose it (a restart of a memory cache, an eviction), it starts again from the clock, never
    from a number used before."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as error:  # any failure of the cache server: serve without the cache
        _cache_failed("versie lezen", error)
        return None
    return version


def _raise_version() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there (yet, or any more)
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception as error:  # a write must never fail because the cache does
        _cache_failed("versie ophogen", error)


def public_pages_changed() -> None:
    """Call after a write the public pages may show.

    The counter goes up at once and again when the transaction commits. The second raise is the
    one that matters: a page rendered before the commit, from the old rows, is stored under a
    version no one asks for any more. The first keeps pages fresh for code that reads inside its
    own transaction (tests do). Within one atomic block this happens once, however many rows the
    block writes.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(func is _raise_version and set(sids) == here for sids, func, _ in connection.run_on_commit):
            return
    _raise_version()
    transaction.on_commit(_raise_version)


# Rows no public page shows: someone's unsaved draft (autosaved every few seconds while the
# griffie types, which would otherwise empty the cache all day), an upload awaiting its confirm,
# the count of a resident's submissions.
PRIVATE_MODELS = {
    "memos.memodraft",
    "collegevoorstellen.collegevoorsteldraft",
    "lta.ltaimport",
    "verzoeken.submissionattempt",
}


def on_model_change(sender, **kwargs) -> None:
    """Signal receiver (see PublishingConfig.ready): any write to one of raadsmemo's models."""
    if sender.__module__.startswith("raadsmemo.") and sender._meta.label_lower not in PRIVATE_MODELS:
        public_pages_changed()


def on_setting_change(**kwargs) -> None:
    """Signal receiver: a changed setting (the municipality's name, say) changes every page."""
    _raise_version()


def _page_key(request: HttpRequest) -> str | None:
    """The page's key, or None when the cache cannot be reached."""
    version = content_version()
    if version is None:
        return None
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    minute = timezone.now().strftime("%Y%m%d%H%M")
    return f"public-page:{version}:{minute}:{request.method}:{address}"


def shared_key(*parts) -> str | None:
    """A key in the shared cache for something else the public reads (a feed's body), under the
    content version like the pages; None when the page cache is off or cannot be reached."""
    if not settings.PUBLIC_PAGE_CACHE:
        return None
    version = content_version()
    return None if version is None else ":".join(["public", str(version), *map(str, parts)])


def cached(key: str | None):
    """What the shared cache holds under key, or None (also when it cannot be reached)."""
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception as error:
        _cache_failed("lezen", error)
        return None


def keep(key: str | None, value, timeout: int = PAGE_TIMEOUT) -> bool:
    """Keep value under key in the shared cache; False when there is no key or it failed."""
    if key is None:
        return False
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        _cache_failed("bewaren", error)
        return False
    return True


def _for_everyone(request: HttpRequest) -> bool:
    """Whether this request gets the page every visitor gets (and so may share it)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not request.headers.get("HX-Request")  # a fragment, not the page
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
    )


def _shareable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.streaming


def public_page(view):
    """Decorate a public page view: a visitor gets the page from the shared cache when it is
    there, and a repeat request gets 304 when the page is unchanged."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _for_everyone(request):
            return view(request, *args, **kwargs)
        key = _page_key(request) if settings.PUBLIC_PAGE_CACHE else None
        stored = cached(key)
        if stored is not None:
            content, headers, etag = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if not _shareable(response):
                return response
            if hasattr(response, "render"):
                response.render()
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            if keep(key, (response.content, dict(response.headers), etag)):
                response["X-Page-Cache"] = "miss"
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
