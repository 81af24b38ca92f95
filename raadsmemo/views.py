from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from raadsmemo.accounts.roles import can_read_concepts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Griffie and agendacommissie go to their memos; everyone else sees what raadsmemo is."""
    if can_read_concepts(request.user):
        return redirect("memos:list")
    return render(request, "home.html")
