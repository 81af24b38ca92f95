"""{% agenda_packages meeting as packages %}: the agenda package block needs only the meeting."""

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.meetings.models import AgendaPackage
from raadsmemo.meetings.package_store import PackageState, package_audiences, package_states

register = template.Library()


@dataclass
class PackageBlock:
    """What the block shows: each package the user may download, and for the griffie its build."""

    states: list[PackageState]
    shows_builds: bool  # the griffie: progress, failures, and the rebuild button

    @property
    def polls(self) -> bool:
        return self.shows_builds and any(state.in_progress for state in self.states)

    @property
    def news(self) -> str:
        """The griffie's one-line state of the builds, for the live region that stays in the page:
        announced when it changes, not on every poll."""
        if not self.shows_builds:
            return ""
        if any(state.is_failed for state in self.states):
            return "Het agendapakket maken is mislukt."
        if any(state.in_progress for state in self.states):
            return "Het agendapakket wordt gemaakt."
        if self.states and all(state.download for state in self.states):
            return "Het agendapakket is klaar om te downloaden."
        return ""


@register.simple_tag(takes_context=True)
def agenda_packages(context, meeting) -> PackageBlock:
    """Visitors and raadsleden get the public package; griffie and agendacommissie both."""
    request = context.get("request")
    user = request.user if request is not None else AnonymousUser()
    audiences = package_audiences(meeting) if can_read_concepts(user) else [AgendaPackage.Audience.PUBLIC]
    return PackageBlock(package_states(meeting, audiences), shows_builds=is_griffie(user))
