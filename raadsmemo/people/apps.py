from django.apps import AppConfig


class PeopleConfig(AppConfig):
    verbose_name = "Personen"
    name = "raadsmemo.people"
