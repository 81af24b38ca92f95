from django.core.management.base import BaseCommand

from raadsmemo.verzoeken.tasks import remove_expired_personal_data


class Command(BaseCommand):
    help = (
        "Enqueue the removal of personal data from agenda- and inspreekverzoeken past "
        "VERZOEKEN_BEWAARTERMIJN_DAGEN (run it once a day from cron)."
    )

    def handle(self, *args, **options):
        result = remove_expired_personal_data.enqueue()
        self.stdout.write(
            f"Opschonen van verzoeken in de wachtrij gezet (taak {result.id}, {result.status})."
        )
