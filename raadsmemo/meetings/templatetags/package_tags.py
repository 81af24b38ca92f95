"""{% agenda_package_status meeting as status %}: the agenda package block needs only the meeting."""

from django import template
from django.contrib.auth.models import AnonymousUser

from raadsmemo.meetings.package import PackageStatus, audience_for, package_status

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_package_status(context, meeting) -> PackageStatus:
    """The package of this meeting for the current user's audience (public or internal)."""
    request = context.get("request")
    user = request.user if request is not None else AnonymousUser()
    return package_status(meeting, audience_for(user))
