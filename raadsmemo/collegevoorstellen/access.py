"""Looking up a collegevoorstel for a request (who reads what: collegevoorstellen/models.py).

- as it is now: the griffie, the agendacommissie (openbaar ones) and the named readers of a geheim
  one; the rest get the published version, or a login page, a 403 or a 404;
- to write: the griffie alone.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from raadsmemo.accounts.access import LoginRequired, require_griffie
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelVersion

NOT_FOUND = "Dit collegevoorstel bestaat niet."


def find_current(request: HttpRequest, pk: int) -> Collegevoorstel | None:
    """The collegevoorstel as it is now, if this user reads it so; else None."""
    return (
        Collegevoorstel.objects.visible_to(request.user)
        .select_related("portefeuillehouder", "current_version")
        .filter(pk=pk)
        .first()
    )


def get_published_version(pk: int) -> CollegevoorstelVersion | None:
    """The version anyone reads: of an openbaar one that has been published."""
    cv = Collegevoorstel.objects.published().select_related("current_version").filter(pk=pk).first()
    return cv.current_version if cv is not None else None


def refuse(request: HttpRequest) -> None:
    """Nothing to read for this user: a login first, 403 for a role that reads no concepts, else 404."""
    if not request.user.is_authenticated:
        raise LoginRequired
    if not can_read_concepts(request.user):
        raise PermissionDenied("U hebt geen toegang tot dit collegevoorstel.")
    raise Http404(NOT_FOUND)


def get_collegevoorstel_for_reader(request: HttpRequest, pk: int) -> Collegevoorstel:
    cv = find_current(request, pk)
    if cv is None:
        refuse(request)
    return cv


def get_collegevoorstel_for_editor(request: HttpRequest, pk: int) -> Collegevoorstel:
    require_griffie(request)
    return get_collegevoorstel_for_reader(request, pk)


def get_version_for_user(request: HttpRequest, pk: int, number: int) -> CollegevoorstelVersion:
    """Version `number`: every version for who reads the collegevoorstel as it is now; for anyone
    else the versions of an openbaar, published one; else 404."""
    readable = find_current(request, pk) is not None or get_published_version(pk) is not None
    version = (
        CollegevoorstelVersion.objects.select_related("collegevoorstel")
        .filter(collegevoorstel_id=pk, number=number)
        .first()
    )
    if not readable or version is None:
        raise Http404("Deze versie bestaat niet.")
    return version
