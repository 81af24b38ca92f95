"""The agenda package of a meeting: ask for it, follow its progress, download it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from raadsmemo.accounts.audit import audit
from raadsmemo.meetings.access import get_meeting_for_user
from raadsmemo.meetings.models import AgendaPackage
from raadsmemo.meetings.package import (
    agenda_package_request,
    audience_for,
    current_package,
    package_filename,
)

STATUS_TEMPLATE = "meetings/_package_status.html"


@require_http_methods(["GET", "POST"])
def package_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The package block (htmx polls it while the package is made); POST asks for the package.

    Anyone who may see the meeting may ask for its package: the griffie and the agendacommissie
    get the internal one, everyone else the public one. Without htmx both methods lead back to
    the meeting page, which shows the same block.
    """
    meeting = get_meeting_for_user(request, pk)
    if request.method == "POST":
        agenda_package_request(meeting=meeting, audience=audience_for(request.user), by=request.user)
    if not request.htmx:
        return redirect(f"{meeting.get_absolute_url()}#agendapakket")
    return render(request, STATUS_TEMPLATE, {"meeting": meeting})


@require_safe
def package_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished package for the user's audience; only the one of the meeting as it is now."""
    meeting = get_meeting_for_user(request, pk)
    audience = audience_for(request.user)
    package = current_package(meeting, audience, with_pdf=True)
    if package is None or package.state != AgendaPackage.State.DONE:
        raise Http404("Het agendapakket van deze vergadering is (nog) niet gemaakt.")
    response = HttpResponse(bytes(package.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{package_filename(meeting, audience)}"'
    if audience == AgendaPackage.Audience.INTERNAL:
        patch_cache_control(response, private=True, no_store=True)
        audit("export", request=request, kind="agenda_package", meeting=meeting.pk, public=False)
    return response
