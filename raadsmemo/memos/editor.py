"""The memo editor: the memo form and its four row formsets, handled as one."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from raadsmemo.memos.forms import ContactFormSet, LinkFormSet, MemoForm, ProgrammeFormSet
from raadsmemo.memos.models import STANDARD_TREATMENT_TEXT, LinkSection, Memo, Purpose
from raadsmemo.memos.rows import read_rows
from raadsmemo.memos.services import MemoRows


@dataclass(frozen=True)
class RowSection:
    prefix: str
    formset_class: type
    fields: list[str]
    legend: str
    add_label: str
    row_label: str
    empty_text: str  # Dutch plurals do not follow one rule: "contactpersonen", "tijdsloten"


SECTIONS = {
    s.prefix: s
    for s in [
        RowSection(
            "contacts",
            ContactFormSet,
            ["contact"],
            "Ambtelijke contactgegevens voor technische vragen",
            "Lege regel voor contactpersoon",
            "Contactpersoon",
            "Nog geen contactpersonen.",
        ),
        RowSection(
            "slots",
            ProgrammeFormSet,
            ["start", "end", "activity", "presenter"],
            "Programma",
            "Tijdslot toevoegen",
            "Tijdslot",
            "Nog geen tijdsloten.",
        ),
        RowSection(
            "stuklinks",
            LinkFormSet,
            ["label", "url"],
            "Links bij het stuk",
            "Link toevoegen",
            "Link",
            "Nog geen links.",
        ),
        RowSection(
            "infolinks",
            LinkFormSet,
            ["label", "url"],
            "Nadere informatie",
            "Link toevoegen",
            "Link",
            "Nog geen links.",
        ),
    ]
}


def _initial_rows(memo: Memo | None) -> dict[str, list[dict]]:
    if memo is None or memo.pk is None:
        return {prefix: [] for prefix in SECTIONS}
    links = list(memo.links.all())
    return {
        "contacts": [{"contact": mc.contact_id} for mc in memo.memo_contacts.all()],
        "slots": [
            {"start": s.start, "end": s.end, "activity": s.activity, "presenter": s.presenter}
            for s in memo.programme_slots.all()
        ],
        "stuklinks": [{"label": lk.label, "url": lk.url} for lk in links if lk.section == LinkSection.STUK],
        "infolinks": [
            {"label": lk.label, "url": lk.url} for lk in links if lk.section == LinkSection.NADERE_INFORMATIE
        ],
    }


def _raw_initial(form: forms.Form, data: QueryDict) -> dict:
    """What the user typed, as initial values: re-renders the form without validating it."""
    initial = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = data.getlist(key)
        else:
            initial[name] = data.get(key, "")
    return initial


class MemoEditor:
    """The memo form plus its row formsets; bound, or showing what was typed without errors."""

    def __init__(self, form: MemoForm, formsets: dict[str, forms.BaseFormSet], memo: Memo | None):
        self.form = form
        self.formsets = formsets
        self.memo = memo
        self.focus: tuple[str, int] | None = None
        # The submitted data an unvalidated editor was built from (for its preview).
        self.source_data: QueryDict | None = None

    @classmethod
    def for_memo(cls, memo: Memo | None, *, purpose: str = "") -> "MemoEditor":
        """The editor as it opens: the stored memo, or a new one with the defaults."""
        instance = memo or Memo()
        initial = {}
        if memo is None and purpose in Purpose.values:
            initial = {"purpose": purpose, "treatment_text": STANDARD_TREATMENT_TEXT[purpose]}
        form = MemoForm(instance=instance, initial=initial)
        rows = _initial_rows(memo)
        formsets = {p: s.formset_class(prefix=p, initial=rows[p]) for p, s in SECTIONS.items()}
        return cls(form, formsets, memo)

    @classmethod
    def bound(cls, data: QueryDict, memo: Memo | None) -> "MemoEditor":
        form = MemoForm(data, instance=memo or Memo())
        formsets = {p: s.formset_class(data, prefix=p) for p, s in SECTIONS.items()}
        return cls(form, formsets, memo)

    @classmethod
    def unvalidated(cls, data: QueryDict, memo: Memo | None) -> "MemoEditor":
        """Everything as typed, nothing validated: after a row was added, moved or removed."""
        probe = MemoForm()
        form = MemoForm(instance=memo or Memo(), initial=_raw_initial(probe, data))
        formsets = {}
        for prefix, section in SECTIONS.items():
            formsets[prefix] = section.formset_class(
                prefix=prefix, initial=read_rows(data, prefix, section.fields)
            )
        editor = cls(form, formsets, memo)
        editor.source_data = data
        return editor

    def set_focus(self, prefix: str, index: int) -> None:
        """Put the keyboard focus on the first field of a row that was just added or moved."""
        forms_ = self.formsets[prefix].forms
        if 0 <= index < len(forms_):
            first = next(iter(forms_[index].fields.values()))
            first.widget.attrs["autofocus"] = True
        self.focus = (prefix, index)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    def rows(self) -> MemoRows:
        """The filled-in, valid rows in their order (empty rows are skipped)."""

        def cleaned(prefix):
            return [f.cleaned_data for f in self.formsets[prefix].filled_forms()]

        return MemoRows(
            contacts=[row["contact"] for row in cleaned("contacts")],
            slots=cleaned("slots"),
            stuk_links=cleaned("stuklinks"),
            info_links=cleaned("infolinks"),
            secret_readers=list(self.form.cleaned_data.get("secret_readers") or []),
        )

    @property
    def error_count(self) -> int:
        return len(self.errors())

    def errors(self) -> list[dict]:
        """Every field error, in form order, with the id of its field: the error summary's links."""
        found = []

        def collect(form, prefix_label=""):
            for name, messages in form.errors.items():
                if name == "__all__" or name not in form.fields:
                    continue
                bound = form[name]
                label = f"{prefix_label}{bound.label}"
                # A radio or checkbox group has no one element its label is for: the first option.
                target = bound.id_for_label or f"{bound.auto_id}_0"
                found.extend({"id": target, "label": label, "message": m} for m in messages)

        if self.form.is_bound:
            collect(self.form)
        for prefix, formset in self.formsets.items():
            if not formset.is_bound:
                continue
            for number, row in enumerate(formset.forms, start=1):
                collect(row, f"{SECTIONS[prefix].row_label} {number}: ")
        return found

    def sections(self) -> dict[str, dict]:
        return {
            prefix: {"section": SECTIONS[prefix], "formset": formset, "focus": self.focus}
            for prefix, formset in self.formsets.items()
        }
