"""The agenda packages of a meeting: their status block, the griffie's rebuild, the downloads.

The task worker builds the packages by itself (tasks.schedule_package_builds); readers only
download. The public package (`package_pdf`) is for everyone who may see the meeting, the
internal one (`package_internal_pdf`) for the griffie and the agendacommissie.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from raadsmemo.accounts.access import require_concept_reader
from raadsmemo.accounts.audit import audit
from raadsmemo.meetings.access import get_meeting_for_user
from raadsmemo.meetings.models import AgendaPackage
from raadsmemo.meetings.package import audience_is_public, package_filename
from raadsmemo.meetings.package_store import package_state
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.publishing.serving import stored_file_response

Audience = AgendaPackage.Audience
STATUS_TEMPLATE = "meetings/_package_status.html"


def _block_or_meeting_page(request: HttpRequest, meeting) -> HttpResponse:
    """htmx gets the status block; a browser without it goes back to the meeting page's block."""
    if not request.htmx:
        return redirect(f"{meeting.get_absolute_url()}#agendapakket")
    return render(request, STATUS_TEMPLATE, {"meeting": meeting})


@require_safe
def package_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The package block of the meeting page; the griffie's page asks for it again while a build runs."""
    return _block_or_meeting_page(request, get_meeting_for_user(request, pk))


@require_POST
def package_rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    """The griffie has the meeting's packages built again (after a failure, or to be sure)."""
    meeting = get_meeting_for_user(request, pk, write=True)
    # No transaction is open here: queue at once, so the block that comes back shows the queue.
    request_package_builds(meeting.pk, force=True, by=request.user)
    messages.success(request, "Het agendapakket wordt opnieuw gemaakt.")
    return _block_or_meeting_page(request, meeting)


@require_safe
def package_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The public package of a published, public meeting: what every visitor downloads."""
    meeting = get_meeting_for_user(request, pk)
    if not audience_is_public(meeting):
        raise Http404("Deze vergadering heeft geen openbaar agendapakket.")
    return _download(request, meeting, Audience.PUBLIC)


@require_safe
def package_internal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The internal package (besloten items, confidential memos): griffie and agendacommissie only."""
    require_concept_reader(request)
    meeting = get_meeting_for_user(request, pk)
    response = _download(request, meeting, Audience.INTERNAL)
    audit("export", request=request, kind="agenda_package", meeting=meeting.pk, public=False)
    return response


def _download(request: HttpRequest, meeting, audience: str) -> HttpResponse:
    package = package_state(meeting, audience).download
    if package is None:
        raise Http404("Het agendapakket van deze vergadering wordt gemaakt; kom later terug.")
    return stored_file_response(
        request,
        package.file.name,
        checksum=package.sha256,
        filename=package_filename(meeting, audience),
        content_type="application/pdf",
        public=audience == Audience.PUBLIC,
        immutable=False,  # this address gets the next package when the agenda changes
        as_attachment=True,
    )
