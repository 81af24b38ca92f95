"""Looking up a collegevoorstel for a request: the griffie writes; the griffie and the
agendacommissie read openbaar ones; a geheim one is the griffie's alone (404 for the rest)."""

from django.http import Http404, HttpRequest

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.collegevoorstellen.models import Collegevoorstel


def get_collegevoorstel_for_reader(request: HttpRequest, pk: int) -> Collegevoorstel:
    require_concept_reader(request)
    try:
        return (
            Collegevoorstel.objects.visible_to(request.user).select_related("portefeuillehouder").get(pk=pk)
        )
    except Collegevoorstel.DoesNotExist:
        raise Http404("Dit collegevoorstel bestaat niet.") from None


def get_collegevoorstel_for_editor(request: HttpRequest, pk: int) -> Collegevoorstel:
    require_griffie(request)
    return get_collegevoorstel_for_reader(request, pk)
