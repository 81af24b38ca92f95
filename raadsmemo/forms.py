"""Shared form helpers and fields: dates, times, months, yes/no, web addresses; one Dutch
message for each kind of nonsense, the same in every form."""

import datetime as dt
import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models.fields import BLANK_CHOICE_LABEL
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


def dutch_blank_choice(field: forms.Field) -> None:
    """Django's empty choice of a model field ("- Select an option -") has no Dutch translation
    yet: a select says "Maak een keuze", a radio group needs no empty option when one is required."""
    if isinstance(field, forms.ModelChoiceField) or not isinstance(field, forms.ChoiceField):
        return
    choices = list(field.choices)
    if not choices or choices[0][0] != "" or str(choices[0][1]) != str(BLANK_CHOICE_LABEL):
        return
    if isinstance(field.widget, forms.RadioSelect):
        field.choices = choices[1:] if field.required else [("", "Geen"), *choices[1:]]
    else:
        field.choices = [("", "Maak een keuze"), *choices[1:]]


class StyledFormMixin:
    """Give every widget its NL Design System class, so templates only lay fields out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            dutch_blank_choice(field)
            if isinstance(field, forms.ModelChoiceField):
                field.clean = refuse_overflow(field, field.clean)
            if isinstance(field.widget, forms.HiddenInput):
                continue
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
                    break


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
DATE_ERROR = "Deze datum bestaat niet. Vul een echte datum in, zoals 12-01-2022."
REQUIRED_ERROR = "Dit veld is verplicht."
YES_NO = [(True, "Ja"), (False, "Nee")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_ERROR, "required": REQUIRED_ERROR},
    )


def yes_no_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True", "true", "1", "ja"),
        widget=forms.RadioSelect,
        initial=False,
        error_messages={"invalid_choice": "Kies ja of nee.", "required": "Kies ja of nee."},
    )


class HttpUrlField(forms.URLField):
    """A web address that a reader can open: http or https only, never file:// or javascript:."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": "Vul een webadres in dat begint met http:// of https://, zoals https://gemeenteraad.groningen.nl.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)


TIME_ERRORS = {"invalid": "Vul een tijd in als uu:mm, zoals 13:00.", "required": "Vul een tijd in."}


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=TIME_ERRORS,
    )


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTH_ERROR = "Vul een maand in als 2022-03 of maart 2022."


def parse_month(text: str) -> dt.date | None:
    """ "2022-03", "03-2022", "3/2022" or "maart 2022" -> 1 March 2022; None if it is no month."""
    text = text.strip().lower()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-01)?", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([a-z]+)\s+(\d{4})", text):
        if match[1] not in MONTHS:
            return None
        month, year = MONTHS.index(match[1]) + 1, int(match[2])
    else:
        return None
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        return value


class MonthField(forms.Field):
    """A month, stored as its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": MONTH_ERROR}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


def refuse_overflow(field: forms.ModelChoiceField, clean):
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
