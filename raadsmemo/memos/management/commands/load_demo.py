from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo, publish_collegevoorstel_demo
from raadsmemo.history import history_by
from raadsmemo.lta.demo import load_lta_demo
from raadsmemo.meetings.demo import load_demo_meetings
from raadsmemo.memos.demo import DEMO_PASSWORD, DEMO_USERS, load_demo, load_demo_users, load_demo_workflow
from raadsmemo.verzoeken.demo import load_verzoeken_demo


class Command(BaseCommand):
    help = "Load the demo users and the seed memos (development only, DEBUG=1; idempotent: run it as often as you like)."

    def handle(self, *args, **options):
        # Demo data with a published password has no place in production: DEBUG off means production.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo laadt alleen demodata in een ontwikkelomgeving (DEBUG=1). "
                "DEBUG staat uit: er is niets veranderd."
            )
        griffie = load_demo_users()[0]
        with history_by(griffie):  # the history names the demo's griffie, not "onbekend"
            memos = load_demo()
            meetings = load_demo_meetings(by=get_user_model().objects.get(username="griffie"))
            load_lta_demo()
            load_demo_workflow()
            load_verzoeken_demo()
            publish_collegevoorstel_demo(load_collegevoorstel_demo(), by=griffie)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {len(memos)} seed-memo's, {len(meetings)} vergaderingen, {len(DEMO_USERS)} gebruikers."
            )
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                "  Demo-login (griffie):  gebruikersnaam griffie,  wachtwoord " + DEMO_PASSWORD
            )
        )
        self.stdout.write("  Ook: commissie (agendacommissie) en raadslid, met hetzelfde wachtwoord.")
        self.stdout.write("  Open http://127.0.0.1:8000/")
        self.stdout.write("")
