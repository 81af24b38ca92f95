from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "raadsmemo.meetings"
    verbose_name = "Vergaderingen"
