from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from raadsmemo.accounts.roles import can_read_concepts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Griffie and agendacommissie start at their memos; everyone else at the coming meetings."""
    return redirect("memos:list" if can_read_concepts(request.user) else "meetings:upcoming")
