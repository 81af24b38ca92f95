from django.apps import AppConfig


class SearchConfig(AppConfig):
    verbose_name = "Zoeken"
    name = "raadsmemo.search"
