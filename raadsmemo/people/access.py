"""Access helpers for contacts, fracties and bestuurders: only the griffie keeps them."""

from django.db.models import Model
from django.http import Http404, HttpRequest

from raadsmemo.accounts.access import require_griffie


def get_directory_entry_for_user[M: Model](request: HttpRequest, model: type[M], pk: int, *, noun: str) -> M:
    """A contact, fractie or bestuurder to edit: griffie only, 404 when it does not exist."""
    require_griffie(request)
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise Http404(f"Deze {noun} bestaat niet.") from None
