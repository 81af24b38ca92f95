from django.urls import path, register_converter

from raadsmemo.lta import views


class LtaNumberConverter:
    """ "2019-300" or "M-31" in a URL: the item's number is its address."""

    regex = r"M-\d{1,5}|\d{4}-\d{1,5}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LtaNumberConverter, "ltanumber")

app_name = "lta"
urlpatterns = [
    path("", views.lta_register, name="register"),
    path("nieuw/", views.lta_create, name="create"),
    path("export/<str:fmt>/", views.lta_export, name="export"),
    path("exports/aanvragen/", views.lta_export_request, name="export_request"),
    path("exports/<int:pk>/", views.lta_export_status, name="export_status"),
    path("exports/<int:pk>/downloaden/", views.lta_export_download, name="export_download"),
    path("import/", views.lta_import_upload, name="import"),
    path("import/<str:token>/", views.lta_import_preview, name="import_preview"),
    path("import/<str:token>/importeren/", views.lta_import_confirm, name="import_confirm"),
    path("lijst/", views.lta_lijst, name="lijst"),
    path("lijst/pdf/", views.lta_lijst_pdf, name="lijst_pdf"),
    path("kiezen/", views.lta_pick, name="pick"),
    path("<ltanumber:number>/", views.lta_detail, name="detail"),
    path("<ltanumber:number>/bewerken/", views.lta_edit, name="edit"),
    path("<ltanumber:number>/updates/", views.lta_update_add, name="update_add"),
    path("<ltanumber:number>/status/", views.lta_status_set, name="status_set"),
    path("<ltanumber:number>/afdoening-voorstellen/", views.lta_afdoening_propose, name="afdoening_propose"),
    path("<ltanumber:number>/afdoen/", views.lta_afdoen, name="afdoen"),
]
