"""Forms of the memo editor. They validate and normalise; saving is in services.py."""

from django import forms

from raadsmemo.confidentiality import (
    CONFIDENTIALITY_FIELDS,
    CONFIDENTIALITY_LABELS,
    Confidentiality,
    ConfidentialityFormMixin,
    Grondslag,
)
from raadsmemo.forms import HttpUrlField, StyledFormMixin, date_field, limit_text, yes_no_field
from raadsmemo.lta.models import LtaItem
from raadsmemo.memos.models import Advice, Betreft, Memo, Purpose, Status
from raadsmemo.people.models import CONTACT_ERROR_MESSAGES, Contact

# A few pages each: the seed memos use about 1.500 characters. Unbounded, a pasted 100.000
# characters made the editor take half a minute to load.
TEXT_LIMITS = {
    "samenvatting": 10_000,
    "voorgeschiedenis": 10_000,
    "advice_text": 5_000,
    "treatment_text": 5_000,
}


class ResolvedField(forms.Field):
    """Not rendered and not read from the POST: MemoForm.clean() fills it in (lta_item)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, disabled=True, **kwargs)

    def clean(self, value):
        return None


class MemoForm(ConfidentialityFormMixin, StyledFormMixin, forms.ModelForm):
    named_readers = True

    purpose = forms.ChoiceField(
        label="Doel",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies het doel van de memo: beeldvormend, meningsvormend of besluitvormend."
        },
    )
    datum = date_field("Datum", required=True)
    betreft = forms.MultipleChoiceField(
        label="Betreft",
        choices=Betreft.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stuk_date = date_field("Datum van het stuk")
    on_lta = yes_no_field("Vermeld op LTA?")
    # The griffie types a number or title in lta_number (the picker helps); clean() finds the item.
    lta_item = ResolvedField()
    has_deadline = yes_no_field("Deadline?")
    deadline = date_field("Datum van de deadline")
    advice = forms.ChoiceField(
        label="Advies",
        choices=[("", "Geen advies")] + Advice.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    speaking_rounds = forms.IntegerField(
        label="Aantal rondes",
        min_value=1,
        max_value=5,
        required=False,
        error_messages={
            "min_value": "Kies 1 tot 5 rondes.",
            "max_value": "Kies 1 tot 5 rondes.",
            "invalid": "Vul een aantal rondes in, zoals 1.",
        },
    )
    speaking_time_fractie = forms.IntegerField(
        label="Minuten per fractie",
        min_value=1,
        max_value=60,
        required=False,
        error_messages={
            "min_value": "Vul 1 tot 60 minuten in.",
            "max_value": "Vul 1 tot 60 minuten in.",
            "invalid": "Vul een aantal minuten in, zoals 3.",
        },
    )
    speaking_time_college = forms.IntegerField(
        label="Minuten voor het college",
        min_value=1,
        max_value=120,
        required=False,
        error_messages={
            "min_value": "Vul 1 tot 120 minuten in.",
            "max_value": "Vul 1 tot 120 minuten in.",
            "invalid": "Vul een aantal minuten in, zoals 12.",
        },
    )
    # The revision the editor started from; a save on an older revision is a conflict.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Memo
        fields = [
            "purpose",
            "aan",
            "van",
            "datum",
            "betreft",
            "betreft_other",
            "title",
            "stuk_date",
            "samenvatting",
            "on_lta",
            "lta_number",
            "lta_item",
            "has_deadline",
            "deadline",
            "advice",
            "advice_text",
            "voorgeschiedenis",
            "treatment_text",
            "speaking_rounds",
            "speaking_time_fractie",
            "speaking_time_college",
            *CONFIDENTIALITY_FIELDS,
        ]
        labels = {
            **CONFIDENTIALITY_LABELS,
            "aan": "Aan",
            "van": "Van",
            "betreft_other": "Anders, namelijk",
            "title": "Titel van het stuk",
            "samenvatting": "Korte samenvatting",
            "lta_number": "Itemnummer op de LTA",
            "advice_text": "Toelichting op het advies",
            "voorgeschiedenis": "Voorgeschiedenis",
            "treatment_text": "Wijze van behandeling (vorm) en uitkomst activiteit",
        }
        widgets = {
            "samenvatting": forms.Textarea(attrs={"rows": 8, "data-format": "markdown"}),
            "voorgeschiedenis": forms.Textarea(attrs={"rows": 5, "data-format": "markdown"}),
            "advice_text": forms.Textarea(attrs={"rows": 3}),
            "treatment_text": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "title": {"required": "Vul de titel van het stuk in."},
            "aan": {"required": "Vul in aan wie de memo is gericht, meestal de Raad."},
            "van": {"required": "Vul in van wie de memo komt, meestal de Agendacommissie."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
        limit_text(self, TEXT_LIMITS)
        self.add_confidentiality_fields()
        for name in ("aan", "van", "title", "betreft_other", "lta_number"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def clean(self):
        data = super().clean()
        betreft = data.get("betreft") or []
        if Betreft.OTHER in betreft and not (data.get("betreft_other") or "").strip():
            self.add_error("betreft_other", "U vinkte 'Anders' aan: vul in wat de memo betreft.")
        if data.get("on_lta") and not (data.get("lta_number") or "").strip():
            self.add_error("lta_number", "Vul het itemnummer op de LTA in, zoals 2019-300.")
        data["lta_item"] = None
        if data.get("on_lta") and (data.get("lta_number") or "").strip():
            item, problem = LtaItem.objects.resolve(data["lta_number"])
            if problem:
                self.add_error("lta_number", problem)
            else:
                data["lta_item"], data["lta_number"] = item, item.number
        if data.get("has_deadline") and not data.get("deadline") and "deadline" not in self.errors:
            self.add_error("deadline", "U koos 'Deadline: ja'. Vul de datum van de deadline in.")
        if data.get("advice") == Advice.OTHER and not (data.get("advice_text") or "").strip():
            self.add_error("advice_text", "U koos een ander advies: licht het toe.")
        self.clean_confidentiality_fields(data)
        return data


class ContactRowForm(StyledFormMixin, forms.Form):
    contact = forms.ModelChoiceField(
        label="Contactpersoon",
        queryset=Contact.objects.all(),
        empty_label="Kies een contactpersoon",
        error_messages={"invalid_choice": "Deze contactpersoon bestaat niet (meer). Kies een andere."},
    )


class ProgrammeSlotForm(StyledFormMixin, forms.Form):
    # "Begintijd"/"Eindtijd", not "Van"/"Tot": the memo itself has a "Van" (its author).
    start = forms.TimeField(
        label="Begintijd",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": "Vul een tijd in als uu:mm, zoals 10:30.",
            "required": "Vul de begintijd in.",
        },
    )
    end = forms.TimeField(
        label="Eindtijd",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": "Vul een tijd in als uu:mm, zoals 10:35.",
            "required": "Vul de eindtijd in.",
        },
    )
    activity = forms.CharField(
        label="Onderdeel",
        max_length=500,
        error_messages={"required": "Vul in wat er op dit moment gebeurt."},
    )
    presenter = forms.CharField(label="Door", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "De eindtijd moet na de begintijd liggen.")
        return data


class LinkForm(StyledFormMixin, forms.Form):
    label = forms.CharField(
        label="Omschrijving",
        max_length=300,
        error_messages={"required": "Geef de link een omschrijving."},
    )
    url = HttpUrlField(label="Webadres", error_messages={"required": "Vul het webadres in."})


class StukForm(ConfidentialityFormMixin, LinkForm):
    """A stuk of an agenda item: a link with its confidentiality (geheim: for those named on the item)."""

    confidentiality = forms.ChoiceField(
        label=CONFIDENTIALITY_LABELS["confidentiality"], choices=Confidentiality.choices, initial="openbaar"
    )
    grondslag = forms.ChoiceField(
        label=CONFIDENTIALITY_LABELS["grondslag"], choices=[("", "—"), *Grondslag.choices], required=False
    )
    secret_until = forms.DateField(label=CONFIDENTIALITY_LABELS["secret_until"], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confidentiality_fields()

    def clean(self):
        data = super().clean()
        self.clean_confidentiality_fields(data)
        return data


class BaseRowFormSet(forms.BaseFormSet):
    """Rows that are left entirely empty are ignored, not refused."""

    def filled_forms(self):
        return [f for f in self.forms if f.has_changed() and f.is_valid()]


class BaseContactFormSet(BaseRowFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row offers the same contacts: read them once, not once per row.
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "_contact_choices"):
            self._contact_choices = list(form.fields["contact"].choices)
        form.fields["contact"].widget.choices = self._contact_choices
        return form

    def clean(self):
        seen = set()
        for form in self.forms:
            contact = form.cleaned_data.get("contact") if hasattr(form, "cleaned_data") else None
            if contact is None:
                continue
            if contact.pk in seen:
                form.add_error("contact", "Deze contactpersoon staat al op de memo.")
            seen.add(contact.pk)


class BaseProgrammeFormSet(BaseRowFormSet):
    def clean(self):
        slots = [
            f
            for f in self.forms
            if hasattr(f, "cleaned_data") and f.cleaned_data.get("start") and f.cleaned_data.get("end")
        ]
        slots.sort(key=lambda f: f.cleaned_data["start"])
        for previous, current in zip(slots, slots[1:], strict=False):
            if current.cleaned_data["start"] < previous.cleaned_data["end"]:
                p = previous.cleaned_data
                current.add_error(
                    "start",
                    f"Dit tijdslot overlapt met {p['start']:%H:%M}–{p['end']:%H:%M} ({p.get('activity', 'vorig tijdslot')}).",
                )


def _formset(form, base):
    # absolute_max: a post claiming 1,000 rows builds no more than 50 forms (Django's default
    # would build up to 1,050) and is answered with "Verstuur maximaal 50 formulieren."
    return forms.formset_factory(form, formset=base, extra=0, max_num=50, absolute_max=50, validate_max=True)


ContactFormSet = _formset(ContactRowForm, BaseContactFormSet)
ProgrammeFormSet = _formset(ProgrammeSlotForm, BaseProgrammeFormSet)
LinkFormSet = _formset(LinkForm, BaseRowFormSet)


class NewContactForm(StyledFormMixin, forms.ModelForm):
    """Create a contact on the spot, from inside the memo editor.

    A person who is in the directory already (same name or e-mail address) is not made twice
    by accident: the form is refused once with the existing contacts to pick from, and goes
    through when the user confirms (also_if_known) that this is someone else.
    """

    also_if_known = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Contact
        fields = ["name", "function", "phone", "email"]
        labels = {
            "name": "Naam",
            "function": "Functie",
            "phone": "Telefoon",
            "email": "E-mailadres",
        }
        error_messages = CONTACT_ERROR_MESSAGES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = []

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("also_if_known"):
            self.known = list(Contact.objects.same_as(name=data["name"], email=data.get("email") or ""))
            if self.known:
                self.add_error(
                    None,
                    "Deze contactpersoon staat al in de lijst. Voeg die toe, of maak toch een nieuwe aan.",
                )
        return data


class MemoFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="Zoek op titel", required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    purpose = forms.ChoiceField(label="Doel", choices=[("", "Alle")] + Purpose.choices, required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Alle")] + Status.choices, required=False)
    date_from = date_field("Datum vanaf")
    date_to = date_field("Datum tot en met")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "De einddatum ligt voor de begindatum.")
        return data

    @property
    def criteria(self) -> dict:
        """The valid filters, for Memo.objects.matching(); an invalid form filters nothing."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
