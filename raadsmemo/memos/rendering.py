"""Everything a rendered memo needs, from the database or from the editor as typed.

The read page, the live preview and the PDF all include templates/memos/_memo_body.html
with this context; only the PDF adds print CSS.
"""

from django.template.loader import render_to_string
from django.utils.formats import date_format

from raadsmemo.memos.editor import MemoEditor
from raadsmemo.memos.models import Memo
from raadsmemo.publishing.pdf import render_pdf


def memo_context_from_memo(memo: Memo) -> dict:
    """The context of a stored memo; its rows come from the prefetch of Memo.objects.with_rows()."""
    return {
        "memo": memo,
        "contacts": [mc.contact for mc in memo.memo_contacts.all()],
        "slots": list(memo.programme_slots.all()),
        "stuk_links": memo.stuk_links(),
        "info_links": memo.nadere_informatie_links(),
        # Anything but a published memo is marked as a concept, on the page and in the PDF.
        "concept": memo.is_concept,
    }


def memo_context_from_editor(editor: MemoEditor) -> dict:
    """The context of the memo as typed: valid fields and valid rows, the rest left out."""
    if not editor.form.is_bound:
        if editor.source_data is not None:
            editor = MemoEditor.bound(editor.source_data, editor.memo)
        elif editor.memo is not None:
            return memo_context_from_memo(editor.memo)
    if editor.form.is_bound:
        editor.is_valid()
    memo = editor.form.instance
    if not editor.form.is_bound:  # a new, empty memo: show the defaults it opens with
        memo.purpose = editor.form.initial.get("purpose", "")
        memo.treatment_text = editor.form.initial.get("treatment_text", "")
    rows = editor.rows() if editor.form.is_bound else None
    return {
        "memo": memo,
        "contacts": rows.contacts if rows else [],
        "slots": rows.slots if rows else [],
        "stuk_links": rows.stuk_links if rows else [],
        "info_links": rows.info_links if rows else [],
        "is_preview": True,
        "concept": True,
    }


def pdf_metadata(memo: Memo) -> dict:
    """Title, author, subject and keywords: the PDF's Info dictionary and XMP come from these."""
    return {
        "title": f"Voorbereidingsmemo {memo.get_purpose_display().lower()}: {memo.title}",
        "author": memo.van,
        "subject": f"Voorbereidingsmemo aan {memo.aan} van {date_format(memo.datum)} over {memo.title}",
        "keywords": ", ".join(["voorbereidingsmemo", memo.purpose, *memo.betreft_labels]),
        "created": memo.created_at or memo.updated_at,
    }


# The CSS of the memo PDF: the memo body's own, then the print CSS (no design tokens: the
# memo body uses none of them).
PDF_STYLESHEETS = ("css/memo.css", "css/print.css")


def render_memo_pdf(context: dict, *, version=None) -> bytes:
    """The memo as a tagged PDF/A-2a file: a concept says so on every page; a published version
    (memos/publication.py) says which version it is."""
    html = render_to_string(
        "memos/memo_pdf.html", {**context, "version": version, "pdf": pdf_metadata(context["memo"])}
    )
    return render_pdf(html, PDF_STYLESHEETS)
