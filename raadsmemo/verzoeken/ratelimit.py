"""The rate limit of the public forms: VERZOEKEN_RATE_LIMIT submissions per address per hour.

Counted in the database, not in the cache: the cache is per gunicorn worker (Django's local
memory cache; no shared cache is configured), so a limit there would be one per worker. The
address is stored as a keyed hash, and only for the hour of the window.
"""

import datetime as dt

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from raadsmemo.accounts.security import client_ip
from raadsmemo.verzoeken.models import SubmissionAttempt

WINDOW = dt.timedelta(hours=1)


def address_hash(request) -> str:
    return salted_hmac("raadsmemo.verzoeken.ratelimit", client_ip(request), algorithm="sha256").hexdigest()


def over_limit(request) -> bool:
    """Has this address sent VERZOEKEN_RATE_LIMIT forms within the past hour? Older rows go."""
    since = timezone.now() - WINDOW
    SubmissionAttempt.objects.filter(at__lt=since).delete()
    return (
        SubmissionAttempt.objects.filter(address_hash=address_hash(request)).count()
        >= settings.VERZOEKEN_RATE_LIMIT
    )


def count_submission(request) -> None:
    SubmissionAttempt.objects.create(address_hash=address_hash(request))


def too_many_response(request):
    """The Dutch 429 page: how many per hour, and what to do instead."""
    response = render(
        request, "verzoeken/too_many.html", {"limit": settings.VERZOEKEN_RATE_LIMIT}, status=429
    )
    response["Retry-After"] = str(int(WINDOW.total_seconds()))
    return response
