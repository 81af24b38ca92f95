import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from raadsmemo.lta.tasks import send_lta_reminders


class Command(BaseCommand):
    help = "Enqueue the daily LTA reminder e-mail to the griffie (run it once a day from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="remind as if it were this day (JJJJ-MM-DD); default today")

    def handle(self, *args, datum=None, **options):
        if datum:
            try:
                dt.date.fromisoformat(datum)
            except ValueError:
                raise CommandError(f"--datum {datum!r} is geen datum als 2022-01-26.") from None
        result = send_lta_reminders.enqueue(datum)
        self.stdout.write(f"LTA-herinnering in de wachtrij gezet (taak {result.id}, {result.status}).")
