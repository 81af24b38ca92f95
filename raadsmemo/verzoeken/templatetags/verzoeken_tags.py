"""What the public agenda shows of the requests: the link to ask to speak while that is open,
and the confirmed speakers (by name only with their consent)."""

from django import template
from django.utils import timezone

from raadsmemo.verzoeken.models import Inspreekverzoek
from raadsmemo.verzoeken.rules import inspreken_open

register = template.Library()


def _speakers_by_item(meeting) -> dict[int, list[Inspreekverzoek]]:
    """The confirmed speakers of the whole meeting, in one query, kept on the meeting object."""
    cached = getattr(meeting, "_confirmed_speakers", None)
    if cached is None:
        cached = {}
        for verzoek in Inspreekverzoek.objects.confirmed_for(meeting).only(
            "agenda_item_id", "name", "on_behalf_of", "show_name"
        ):
            cached.setdefault(verzoek.agenda_item_id, []).append(verzoek)
        meeting._confirmed_speakers = cached
    return cached


@register.inclusion_tag("verzoeken/_inspreken_on_item.html")
def inspreken_on_item(meeting, item, show_speakers=False):
    speakers = _speakers_by_item(meeting).get(item.pk, []) if show_speakers else []
    named = [s for s in speakers if s.show_name]
    return {
        "meeting": meeting,
        "item": item,
        "open": inspreken_open(item, timezone.now()),
        "named": named,
        "unnamed": len(speakers) - len(named),
    }
