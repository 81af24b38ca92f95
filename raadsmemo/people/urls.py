from django.urls import path

from raadsmemo.people import views

app_name = "people"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("nieuw/", views.contact_create, name="contact_create"),
    path("<int:pk>/bewerken/", views.contact_edit, name="contact_edit"),
]
