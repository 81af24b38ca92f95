from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from raadsmemo import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("memos/", include("raadsmemo.memos.urls")),
    path("vergaderingen/", include("raadsmemo.meetings.urls")),
    path("contactpersonen/", include("raadsmemo.people.urls")),
    path("lta/", include("raadsmemo.lta.urls")),
    path("beheer/", admin.site.urls),
]
