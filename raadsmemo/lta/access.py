"""Access helpers for the LTA: everyone reads the register, only the griffie writes."""

from django.http import Http404, HttpRequest
from django.utils import timezone

from raadsmemo.accounts.access import LoginRequired, require_griffie
from raadsmemo.lta.models import EXPORT_MAX_AGE, LtaExport, LtaImport, LtaItem
from raadsmemo.lta.services import lta_exports_expire


def get_lta_item_for_user(request: HttpRequest, number: str, *, write: bool = False) -> LtaItem:
    """The LTA item with this number (write=True: griffie only); 404 when there is none."""
    if write:
        require_griffie(request)
    try:
        return (
            LtaItem.objects.visible_to(request.user).select_related("portefeuillehouder").get(number=number)
        )
    except LtaItem.DoesNotExist:
        raise Http404("Dit LTA-item bestaat niet.") from None


def find_lta_item_for_user(request: HttpRequest, number: str) -> LtaItem | None:
    """The item a griffie member picks by number in the memo editor, or None when it is gone."""
    require_griffie(request)
    return LtaItem.objects.filter(number=number).first()


def get_pending_import_for_user(request: HttpRequest, token: str) -> LtaImport | None:
    """The griffie member's own upload awaiting confirmation; None when it expired or is not theirs."""
    require_griffie(request)
    return LtaImport.objects.pending(user=request.user, token=token)


def get_lta_export_for_user(request: HttpRequest, pk: int) -> LtaExport:
    """The signed-in user's own export; 404 for anyone else's, and for one older than a day
    (which goes, with the other expired exports, right away)."""
    if not request.user.is_authenticated:
        raise LoginRequired
    export = LtaExport.objects.filter(pk=pk, requester=request.user).first()
    if export is None:
        raise Http404("Deze export bestaat niet.")
    if export.created_at < timezone.now() - EXPORT_MAX_AGE:
        lta_exports_expire()
        raise Http404("Deze export is verlopen.")
    return export
