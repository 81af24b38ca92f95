from django.apps import AppConfig


class VerzoekenConfig(AppConfig):
    verbose_name = "Agenda- en inspreekverzoeken"
    name = "raadsmemo.verzoeken"
