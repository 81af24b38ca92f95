from django.urls import path

from raadsmemo.memos import views

app_name = "memos"
urlpatterns = [
    path("", views.memo_list, name="list"),
    path("nieuw/", views.memo_create_view, name="create"),
    path("voorbeeld/", views.memo_preview, name="preview"),
    path("<int:pk>/", views.memo_detail, name="detail"),
    path("<int:pk>/bewerken/", views.memo_edit, name="edit"),
    path("<int:pk>/pdf/", views.memo_pdf, name="pdf"),
]
