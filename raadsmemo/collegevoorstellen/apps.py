from django.apps import AppConfig


class CollegevoorstellenConfig(AppConfig):
    verbose_name = "Collegevoorstellen"
    name = "raadsmemo.collegevoorstellen"
