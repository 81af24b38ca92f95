"""Running at scale: a request id on every request and log line, logs as JSON lines, and a health
endpoint for the load balancer.

- `RequestIdMiddleware` takes the load balancer's `X-Request-ID` (when it looks like one) or makes
  one, answers with it, and puts it in a context variable that `RequestIdFilter` adds to every log
  record: one id follows a request through the proxy, the app servers and their logs.
- `JsonFormatter` writes one JSON object per line (time, level, logger, message, request_id, and
  the exception), for journald, Loki or an ELK stack.
- `health` (/gezond/) checks the database (`SELECT 1`), the file store (a tiny file written,
  read back and deleted, on local disk or in the object store alike) and, when the cache is Redis
  (REDIS_URL), the cache (a key written and read back), and answers 200 or 503; it is never cached
  and says nothing but which part is ok (the reason goes to the log). A server without Redis still
  serves every page (slower: raadsmemo/publishing/caching.py), so Redis alone is no reason for 503;
  taking every server out of the load balancer for it would make an outage of a slowdown.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# What we accept from the proxy: letters, digits and dashes, not too long (it goes into logs).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


HEALTH_PROBE = b"raadsmemo gezond\n"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure is "not healthy"
        logging.getLogger(__name__).exception("health: database")
        return False


def _store_ok() -> bool:
    """Write, read back and delete a tiny file: the store is there, and this server may publish.

    A read alone passes on a local MEDIA_ROOT that is read-only or full, or with keys that may read
    the bucket but not write to it. The name is new each time: several servers check side by side.
    """
    try:
        name = default_storage.save(f"gezond/{uuid.uuid4().hex}.txt", ContentFile(HEALTH_PROBE))
        try:
            with default_storage.open(name, "rb") as stored:
                read = stored.read()
        finally:
            default_storage.delete(name)
        return read == HEALTH_PROBE
    except Exception:  # noqa: BLE001 - any failure is "not healthy"
        logging.getLogger(__name__).exception("health: file store")
        return False


def _cache_ok() -> bool:
    """Write and read back a key: the shared cache holds the public page cache."""
    key = f"gezond:{uuid.uuid4().hex}"
    try:
        cache = caches["default"]
        cache.set(key, HEALTH_PROBE, timeout=10)
        read = cache.get(key)
        cache.delete(key)
        return read == HEALTH_PROBE
    except Exception:  # noqa: BLE001 - any failure is "not healthy"
        logging.getLogger(__name__).exception("health: cache")
        return False


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "bestanden": _store_ok()}
    healthy = all(checks.values())
    # A cache in this process's own memory is always there; Redis, shared by all servers, may not
    # be, and the server works without it (only reported: see the module's docstring).
    if isinstance(caches["default"], RedisCache):
        checks["cache"] = _cache_ok()
    response = JsonResponse(
        {name: "ok" if ok else "fout" for name, ok in checks.items()}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response
