"""The griffie's RIS and archive package of a meeting: one ZIP download (ris_package.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from raadsmemo.accounts.access import require_griffie
from raadsmemo.accounts.audit import audit
from raadsmemo.meetings.access import get_meeting_for_user
from raadsmemo.meetings.ris_package import PackageNotReady, build_ris_package


@require_safe
def ris_package_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """The ZIP to upload into the RIS or hand to the archive; while the public agenda package is
    not built, a page that says so (409) instead of an incomplete ZIP."""
    require_griffie(request)
    meeting = get_meeting_for_user(request, pk)
    try:
        package = build_ris_package(meeting, absolute=request.build_absolute_uri)
    except PackageNotReady as reason:
        context = {"meeting": meeting, "reason": str(reason), "heading": reason.heading}
        return render(request, "meetings/ris_package_not_ready.html", context, status=409)
    response = HttpResponse(package.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
    patch_cache_control(response, private=True, no_store=True)
    audit("export", request=request, kind="ris_package", meeting=meeting.pk)
    return response
