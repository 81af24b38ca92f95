"""Production static files: collectstatic with hashed, compressed names, and PDFs that still
find their stylesheets and fonts under those names."""

import io
import json

import pikepdf
import pytest
from django.core.management import call_command
from django.test import override_settings

from raadsmemo.memos.models import Memo
from raadsmemo.memos.rendering import memo_context_from_memo, render_memo_pdf


@pytest.mark.django_db
def test_collectstatic_and_pdf_with_the_production_storage(tmp_path, kik_memo):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "raadsmemo.storage.StaticStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        assert (
            manifest["css/print.css"].startswith("css/print.")
            and manifest["css/print.css"] != "css/print.css"
        )
        assert (tmp_path / (manifest["vendor/utrecht/index.css"] + ".gz")).exists()
        # The PDF's TrueType fonts are never sent to a browser: not compressed (it took seconds).
        assert list(tmp_path.rglob("*.ttf")) and not list(tmp_path.rglob("*.ttf.gz"))
        memo = Memo.objects.with_rows().get(pk=kik_memo.pk)
        pdf = pikepdf.open(io.BytesIO(render_memo_pdf(memo_context_from_memo(memo))))
    fonts = {str(f.BaseFont).split("+")[-1] for page in pdf.pages for _, f in page.obj.Resources.Font.items()}
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts), fonts
