"""Access helpers: every object lookup in a view goes through one of these."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.memos.models import Memo


class LoginRequired(Exception):
    """Raised when an anonymous visitor asks for something that needs a login."""


def require_griffie(request) -> None:
    """Only griffie staff may continue: anonymous visitors log in first, others get 403."""
    if not request.user.is_authenticated:
        raise LoginRequired
    if not is_griffie(request.user):
        raise PermissionDenied("Alleen de griffie mag dit doen.")


def require_concept_reader(request) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired
    if not can_read_concepts(request.user):
        raise PermissionDenied("U hebt geen toegang tot conceptmemo's.")


def get_memo_for_user(request, pk: int, *, write: bool = False, with_rows: bool = False) -> Memo:
    """The memo with this pk, if this user may read it (or write it, with write=True)."""
    if write:
        require_griffie(request)
    else:
        require_concept_reader(request)
    queryset = Memo.objects.with_rows() if with_rows else Memo.objects.all()
    try:
        return queryset.get(pk=pk)
    except Memo.DoesNotExist:
        raise Http404("Deze memo bestaat niet.") from None


def login_redirect(request):
    return redirect_to_login(request.get_full_path())


def get_lta_item_for_user(request, number: str, *, write: bool = False):
    """The LTA item with this number: everyone reads the register, only the griffie writes."""
    from raadsmemo.lta.models import LtaItem

    if write:
        require_griffie(request)
    try:
        return LtaItem.objects.select_related("portefeuillehouder").get(number=number)
    except LtaItem.DoesNotExist:
        raise Http404("Dit LTA-item bestaat niet.") from None


def get_directory_entry_for_user(request, model, pk: int, *, noun: str):
    """A contact, fractie or bestuurder to edit: griffie only, 404 when it does not exist."""
    require_griffie(request)
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise Http404(f"Deze {noun} bestaat niet.") from None
