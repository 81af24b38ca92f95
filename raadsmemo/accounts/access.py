"""Role guards: who may go on at all. Object lookups live beside each app (<app>/access.py)
and call these; accounts/ knows roles only and imports no other app's models."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from raadsmemo.accounts.roles import can_read_concepts, is_griffie


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


def login_redirect(request):
    return redirect_to_login(request.get_full_path())
