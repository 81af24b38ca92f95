from django.core.management.base import BaseCommand

from raadsmemo.search.indexing import search_index_rebuild


class Command(BaseCommand):
    help = "Bouw de zoekindex opnieuw op uit de memo's, vergaderingen, LTA-items, collegevoorstellen en contactpersonen."

    def handle(self, *args, **options):
        counts = search_index_rebuild()
        summary = ", ".join(f"{kind}: {n}" for kind, n in counts.items())
        self.stdout.write(f"Zoekindex opnieuw opgebouwd ({summary}).")
