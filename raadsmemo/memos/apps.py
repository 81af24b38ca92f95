from django.apps import AppConfig


class MemosConfig(AppConfig):
    verbose_name = "Voorbereidingsmemo's"
    name = "raadsmemo.memos"
