from django.apps import AppConfig


class LtaConfig(AppConfig):
    verbose_name = "Lange-termijnagenda"
    name = "raadsmemo.lta"
