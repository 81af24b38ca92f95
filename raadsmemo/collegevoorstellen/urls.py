from django.urls import path

from raadsmemo.collegevoorstellen import views

app_name = "collegevoorstellen"
urlpatterns = [
    path("", views.collegevoorstel_list, name="list"),
    path("nieuw/", views.collegevoorstel_create, name="create"),
    path("voorbeeld/", views.collegevoorstel_preview, name="preview"),
    # Autosave of what is typed (a draft, apart from the collegevoorstel), and throwing it away.
    path("nieuw/concept/", views.collegevoorstel_draft_save, name="draft_save_new"),
    path("nieuw/concept-weggooien/", views.collegevoorstel_draft_discard_view, name="draft_discard_new"),
    path("<int:pk>/", views.collegevoorstel_detail, name="detail"),
    path("<int:pk>/pdf/", views.collegevoorstel_pdf, name="pdf"),
    path("<int:pk>/bewerken/", views.collegevoorstel_edit, name="edit"),
    path("<int:pk>/concept/", views.collegevoorstel_draft_save, name="draft_save"),
    path("<int:pk>/concept-weggooien/", views.collegevoorstel_draft_discard_view, name="draft_discard"),
    # The workflow (collegevoorstellen/workflow.py): one URL per step.
    path("<int:pk>/aanbieden/", views.aanbieden, name="aanbieden"),
    path("<int:pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<int:pk>/publiceren/", views.publiceren, name="publiceren"),
    path("<int:pk>/terug-naar-concept/", views.terug_naar_concept, name="terug_naar_concept"),
    path("<int:pk>/versie/<int:number>/", views.collegevoorstel_version, name="version"),
    path("<int:pk>/versie/<int:number>/pdf/", views.collegevoorstel_version_pdf, name="version_pdf"),
]
