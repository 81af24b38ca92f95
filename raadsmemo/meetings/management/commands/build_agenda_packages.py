from django.core.management.base import BaseCommand
from django.utils import timezone

from raadsmemo.meetings.models import Meeting
from raadsmemo.meetings.tasks import request_package_builds


class Command(BaseCommand):
    help = (
        "Queue the agenda packages that published meetings lack (after an upgrade or a restore); "
        "packages that are built or being built are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--alle", action="store_true", help="also meetings before today")

    def handle(self, *args, alle=False, **options):
        meetings = Meeting.objects.filter(is_published=True)
        if not alle:
            meetings = meetings.filter(date__gte=timezone.localdate())
        queued = sum(len(request_package_builds(pk)) for pk in meetings.values_list("pk", flat=True))
        self.stdout.write(f"{queued} agendapakket(ten) in de wachtrij gezet.")
