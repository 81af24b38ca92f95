from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "raadsmemo.api"
    label = "open_data_api"
    verbose_name = "Open data (API)"

    def ready(self):
        from raadsmemo.api import checks  # noqa: F401  (registers the settings check)
