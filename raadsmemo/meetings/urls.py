from django.urls import path, register_converter

from raadsmemo.converters import YearConverter
from raadsmemo.meetings import feeds, package_views, ris_views, views

register_converter(YearConverter, "year")

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_upcoming, name="upcoming"),
    path("archief/", views.meeting_archive, name="archive"),
    path("archief/<year:year>/", views.meeting_archive, name="archive_year"),
    path("nieuw/", views.meeting_create, name="create"),
    path("agenda.ics", feeds.ical_feed, name="ical"),
    path("<str:kind>.ics", feeds.ical_feed, name="ical_kind"),
    path("agendas.atom", feeds.LatestAgendasFeed(), name="atom"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/agenda-bewerken/", views.meeting_edit, name="edit"),
    path("<int:pk>/verplaatsen/", views.meeting_move, name="move"),
    path("<int:pk>/publiceren/", views.meeting_publish, name="publish"),
    path("<int:pk>/publicatie-intrekken/", views.meeting_unpublish, name="unpublish"),
    path("<int:pk>/annuleren/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/punten/toevoegen/", views.agenda_item_add, name="item_add"),
    path("<int:pk>/punten/volgorde/", views.agenda_reorder, name="reorder"),
    path("<int:pk>/punten/<int:item_pk>/omhoog/", views.agenda_item_move, {"offset": -1}, name="item_up"),
    path("<int:pk>/punten/<int:item_pk>/omlaag/", views.agenda_item_move, {"offset": 1}, name="item_down"),
    path("<int:pk>/punten/<int:item_pk>/van-agenda-halen/", views.agenda_item_remove, name="item_remove"),
    path(
        "<int:pk>/punten/<int:item_pk>/memo-schrijven/",
        views.agenda_item_memo_create,
        name="item_memo_create",
    ),
    path("<int:pk>/punten/<int:item_pk>/bewerken/", views.item_edit, name="item_edit"),
    path("<int:pk>/punten/<int:item_pk>/memo/", views.item_memo, name="item_memo"),
    path("<int:pk>/punten/<int:item_pk>/memo.pdf", views.item_memo_pdf, name="item_memo_pdf"),
    path("<int:pk>/agendapakket/", package_views.package_status, name="package"),
    path("<int:pk>/agendapakket/opnieuw-maken/", package_views.package_rebuild, name="package_rebuild"),
    path("<int:pk>/agendapakket.pdf", package_views.package_pdf, name="package_pdf"),
    path("<int:pk>/agendapakket-intern.pdf", package_views.package_internal_pdf, name="package_internal_pdf"),
    path("<int:pk>/ris-pakket.zip", ris_views.ris_package_zip, name="ris_package"),
]
