"""Shared form helpers."""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    # CheckboxSelectMultiple is a subclass of RadioSelect: it must come first.
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input utrecht-form-field__input",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


class StyledFormMixin:
    """Give every widget its NL Design System class, so templates only lay fields out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.clean = _refuse_overflow(field, field.clean)
            if isinstance(field.widget, forms.HiddenInput):
                continue
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
                    break


def _refuse_overflow(field: forms.ModelChoiceField, clean):
    """An id beyond a 64-bit integer is no choice: SQLite cannot even look it up (OverflowError).

    Django's choice fields turn a wrong id into "Selecteer een geldige keuze", but not this one.
    """

    @functools.wraps(clean)
    def bounded(value):
        try:
            return clean(value)
        except OverflowError:
            raise ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": "?"}
            ) from None

    return bounded


def _dutch_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class TextLimit:
    """Refuse a text longer than `limit` characters, saying so in Dutch with both numbers."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value: str) -> None:
        if len(value) > self.limit:
            raise ValidationError(
                "Deze tekst is te lang: %(length)s tekens, en er mogen er hoogstens %(limit)s zijn. "
                "Kort de tekst in; wat u typte staat er nog.",
                code="max_length",
                params={"length": _dutch_number(len(value)), "limit": _dutch_number(self.limit)},
            )


def limit_text(form: forms.BaseForm, limits: dict[str, int]) -> None:
    """Give long text fields a maximum length, checked on the server only.

    No maxlength attribute: a browser would cut a pasted text off without a word, and the
    user would lose the rest; now the form comes back with the whole text and the message.
    """
    for name, limit in limits.items():
        form.fields[name].validators.append(TextLimit(limit))
        form.fields[name].widget.attrs.pop("maxlength", None)
