from django.urls import path

from raadsmemo.people import views

app_name = "people"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("nieuw/", views.contact_create, name="contact_create"),
    path("<int:pk>/bewerken/", views.contact_edit, name="contact_edit"),
    path("fracties/", views.fractie_list, name="fractie_list"),
    path("fracties/nieuw/", views.fractie_edit, name="fractie_create"),
    path("fracties/<int:pk>/bewerken/", views.fractie_edit, name="fractie_edit"),
    path("bestuurders/", views.bestuurder_list, name="bestuurder_list"),
    path("bestuurders/nieuw/", views.bestuurder_edit, name="bestuurder_create"),
    path("bestuurders/<int:pk>/bewerken/", views.bestuurder_edit, name="bestuurder_edit"),
]
