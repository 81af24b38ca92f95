from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from raadsmemo import observability, theme, views
from raadsmemo.accounts import oidc
from raadsmemo.accounts import views as account_views
from raadsmemo.api import views as open_data_views
from raadsmemo.api.api import api as open_data_api

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("colofon/", views.colofon, name="colofon"),
    path("thema.css", theme.theme_css, name="theme_css"),
    path("gezond/", observability.health, name="health"),
    path("inloggen/", account_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/wijzigen/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord/vergeten/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sso/start/", oidc.AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("sso/terug/", oidc.AuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("memos/", include("raadsmemo.memos.urls")),
    path("vergaderingen/", include("raadsmemo.meetings.urls")),
    path("contactpersonen/", include("raadsmemo.people.urls")),
    path("lta/", include("raadsmemo.lta.urls")),
    path("verzoeken/", include("raadsmemo.verzoeken.urls")),
    path("collegevoorstellen/", include("raadsmemo.collegevoorstellen.urls")),
    path("zoeken/", include("raadsmemo.search.urls")),
    # robots.txt and the Woo sitemaps (raadsmemo.publishing.woo).
    path("", include("raadsmemo.publishing.urls")),
    # Open data: the read-only ODS API and the page that explains it (docs/open-data.md).
    path("api/v1/", open_data_api.urls),
    path("open-data/", open_data_views.open_data, name="open_data"),
]
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("beheer/", admin.site.urls))
