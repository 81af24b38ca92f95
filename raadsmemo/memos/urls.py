from django.urls import path

from raadsmemo.memos import views, workflow_views

app_name = "memos"
urlpatterns = [
    path("", views.memo_list, name="list"),
    path("nieuw/", views.memo_create, name="create"),
    path("nieuw/autosave/", views.memo_autosave, name="autosave_new"),
    path("nieuw/regels/", views.memo_rows, name="rows_new"),
    path("nieuw/contactpersoon/", views.memo_contact_create, name="contact_create_new"),
    path("nieuw/concept-weggooien/", views.memo_draft_discard, name="draft_discard_new"),
    path("voorbeeld/", views.memo_preview, name="preview"),
    path("<int:pk>/", views.memo_detail, name="detail"),
    path("<int:pk>/bewerken/", views.memo_edit, name="edit"),
    path("<int:pk>/autosave/", views.memo_autosave, name="autosave"),
    path("<int:pk>/regels/", views.memo_rows, name="rows"),
    path("<int:pk>/contactpersoon/", views.memo_contact_create, name="contact_create"),
    path("<int:pk>/concept-weggooien/", views.memo_draft_discard, name="draft_discard"),
    path("<int:pk>/verwijderen/", views.memo_delete, name="delete"),
    path("<int:pk>/pdf/", views.memo_pdf, name="pdf"),
    # The workflow: one URL per step (memos/workflow.py says who may take which).
    path("<int:pk>/ter-vaststelling/", workflow_views.aanbieden, name="aanbieden"),
    path("<int:pk>/vaststellen/", workflow_views.vaststellen, name="vaststellen"),
    path("<int:pk>/publiceren/", workflow_views.publiceren, name="publiceren"),
    path("<int:pk>/terug-naar-concept/", workflow_views.terug_naar_concept, name="terug_naar_concept"),
    path("<int:pk>/versie/<int:number>/", workflow_views.memo_version, name="version"),
    path("<int:pk>/versie/<int:number>.pdf", workflow_views.memo_version_pdf, name="version_pdf"),
    path("<int:pk>/versies/vergelijken/", workflow_views.memo_compare, name="compare"),
]
