from django.urls import path

from raadsmemo.collegevoorstellen import views

app_name = "collegevoorstellen"
urlpatterns = [
    path("", views.collegevoorstel_list, name="list"),
    path("nieuw/", views.collegevoorstel_create, name="create"),
    path("<int:pk>/", views.collegevoorstel_detail, name="detail"),
    path("<int:pk>/pdf/", views.collegevoorstel_pdf, name="pdf"),
    path("<int:pk>/bewerken/", views.collegevoorstel_edit, name="edit"),
]
