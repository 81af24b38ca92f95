from django.urls import path

from raadsmemo.verzoeken import views

app_name = "verzoeken"
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("agendaverzoek/", views.agendaverzoek_create, name="agendaverzoek_create"),
    path("agendaverzoek/verstuurd/", views.agendaverzoek_sent, name="agendaverzoek_sent"),
    path("inspreken/<int:item_pk>/", views.inspreekverzoek_create, name="inspreekverzoek_create"),
    path("inspreken/verstuurd/", views.inspreekverzoek_sent, name="inspreekverzoek_sent"),
    path("agendaverzoeken/", views.agendaverzoek_list, name="agendaverzoek_list"),
    path("agendaverzoeken/<int:pk>/", views.agendaverzoek_detail, name="agendaverzoek_detail"),
    path("agendaverzoeken/<int:pk>/handtekeningen/", views.signature_list, name="signature_list"),
    path(
        "agendaverzoeken/<int:pk>/in-behandeling/", views.agendaverzoek_take_in, name="agendaverzoek_take_in"
    ),
    path("agendaverzoeken/<int:pk>/toekennen/", views.agendaverzoek_grant, name="agendaverzoek_grant"),
    path("agendaverzoeken/<int:pk>/afwijzen/", views.agendaverzoek_reject, name="agendaverzoek_reject"),
    path(
        "agendaverzoeken/<int:pk>/memo-koppelen/",
        views.agendaverzoek_link_memo,
        name="agendaverzoek_link_memo",
    ),
    path("inspreekverzoeken/", views.inspreekverzoek_list, name="inspreekverzoek_list"),
    path(
        "inspreekverzoeken/<int:pk>/bevestigen/",
        views.inspreekverzoek_confirm,
        name="inspreekverzoek_confirm",
    ),
    path(
        "inspreekverzoeken/<int:pk>/afwijzen/", views.inspreekverzoek_decline, name="inspreekverzoek_decline"
    ),
]
