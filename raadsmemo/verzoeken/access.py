"""Who may see and decide the requests. Residents see only their own confirmation (and e-mail);
the griffie and the agendacommissie read the agendaverzoeken; the griffie takes them in and
handles the inspreekverzoeken; the agendacommissie decides on agendaverzoeken."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from raadsmemo.accounts.access import LoginRequired, require_concept_reader, require_griffie
from raadsmemo.accounts.roles import AGENDACOMMISSIE, has_role
from raadsmemo.meetings.models import AgendaItem
from raadsmemo.verzoeken.models import Agendaverzoek, Inspreekverzoek

DECIDE = "decide"
INTAKE = "intake"


def require_agendacommissie(request) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired
    if not (request.user.is_superuser or has_role(request.user, AGENDACOMMISSIE)):
        raise PermissionDenied("Alleen de agendacommissie besluit over agendaverzoeken.")


def get_agendaverzoek_for_user(request, pk: int, *, action: str | None = None) -> Agendaverzoek:
    """The request, for the griffie and the agendacommissie; `action` says who may change it."""
    if action == DECIDE:
        require_agendacommissie(request)
    elif action == INTAKE:
        require_griffie(request)
    else:
        require_concept_reader(request)
    try:
        return Agendaverzoek.objects.select_related("meeting", "memo").get(pk=pk)
    except Agendaverzoek.DoesNotExist:
        raise Http404("Dit agendaverzoek bestaat niet.") from None


def get_inspreekverzoek_for_user(request, pk: int) -> Inspreekverzoek:
    require_griffie(request)
    try:
        return Inspreekverzoek.objects.select_related("agenda_item__meeting").get(pk=pk)
    except Inspreekverzoek.DoesNotExist:
        raise Http404("Dit inspreekverzoek bestaat niet.") from None


def get_public_item_for_inspreken(item_pk: int) -> AgendaItem:
    """An open item of a published, public meeting, for anyone; whether it still takes speakers
    is rules.inspreken_open's to say."""
    try:
        return (
            AgendaItem.objects.select_related("meeting")
            .filter(meeting__is_published=True, meeting__is_public=True, confidentiality="openbaar")
            .get(pk=item_pk)
        )
    except AgendaItem.DoesNotExist:
        raise Http404("Bij dit agendapunt kunt u niet inspreken, of het bestaat niet.") from None
