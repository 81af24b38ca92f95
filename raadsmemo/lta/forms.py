"""Forms of the LTA. They validate and normalise; writes are in services.py."""

import datetime as dt

from django import forms

from raadsmemo.concurrency import RevisionFormMixin
from raadsmemo.confidentiality import CONFIDENTIALITY_FIELDS, CONFIDENTIALITY_LABELS, ConfidentialityFormMixin
from raadsmemo.forms import (
    MonthField,
    StyledFormMixin,
    TextLimit,
    date_field,
    limit_text,
    parse_month,  # noqa: F401  (lta.transfer reads it from here)
)
from raadsmemo.lta.meeting_links import meeting_choices, meeting_label
from raadsmemo.lta.models import DISPLAY_STATUSES, SORTS, Kind, LtaItem, today
from raadsmemo.lta.numbering import normalise_number, number_error, propose_number
from raadsmemo.lta.tables import size_error
from raadsmemo.meetings.models import MeetingKind
from raadsmemo.people.models import Bestuurder, Fractie

MEETING_UNKNOWN = "Deze vergadering bestaat niet (meer). Kies een vergadering uit de lijst."


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting from a select, newest first, labelled "Raadsvergadering 16 december 2026"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", meeting_choices())
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid_choice": MEETING_UNKNOWN})
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return meeting_label(obj)


def meeting_date_error(chosen: dt.date, meeting) -> str:
    return (
        f"De datum {chosen:%d-%m-%Y} past niet bij de gekozen vergadering: "
        f"{meeting_label(meeting)} was op {meeting.date:%d-%m-%Y}. Laat de datum leeg of pas hem aan."
    )


class BestuurderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.portefeuille})" if obj.portefeuille else str(obj)


class LtaItemForm(ConfidentialityFormMixin, RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    named_readers = True

    eerste_indiener = forms.ModelChoiceField(
        label="Indiener",
        queryset=Fractie.objects.all(),
        required=False,
        empty_label="Geen (geen motie)",
        help_text="De fractie die de motie indiende; zij staat vooraan (“PvdA e.a.”).",
    )
    mede_indieners = forms.ModelMultipleChoiceField(
        label="Mede-indieners",
        queryset=Fractie.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    portefeuillehouder = BestuurderChoiceField(
        label="Portefeuillehouder",
        queryset=Bestuurder.objects.all(),
        required=False,
        empty_label="Nog niet bekend",
    )
    made_in_meeting = MeetingChoiceField(
        label="Vergadering uit raadsmemo",
        empty_label="Geen vergadering uit raadsmemo (typ hieronder)",
    )
    made_on = date_field("Datum vergadering")
    planned_month = MonthField(
        label="Geplande maand", required=False, help_text="De maand waarin het stuk verwacht wordt."
    )
    deadline = date_field("Deadline")

    class Meta:
        model = LtaItem
        fields = [
            "number",
            "kind",
            "title",
            "text",
            "portefeuillehouder",
            "made_in_meeting",
            "made_in",
            "made_on",
            "planned_month",
            "deadline",
            *CONFIDENTIALITY_FIELDS,
        ]
        labels = {
            **CONFIDENTIALITY_LABELS,
            "number": "Nummer",
            "kind": "Soort",
            "title": "Titel",
            "text": "Tekst",
            "made_in": "Of typ de vergadering",
        }
        help_texts = {
            "text": "Bij een motie het dictum; bij een toezegging wat het college toezegde.",
            "number": "Een voorstel voor het volgende vrije nummer staat al ingevuld.",
            "made_in": "Voor een vergadering van vóór raadsmemo, zoals “raadsvergadering 27 november "
            "2019”. Kiest u hierboven een vergadering, dan blijft dit veld leeg.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "number": {
                "required": "Vul het nummer in, zoals 2019-300 of M-31.",
                "unique": "Dit nummer is al in gebruik. Kies een ander nummer.",
            },
            "kind": {
                "required": "Kies de soort: toezegging, motie, initiatiefvoorstel of verwacht stuk.",
                "invalid_choice": "Kies de soort: toezegging, motie, initiatiefvoorstel of verwacht stuk.",
            },
            "title": {"required": "Vul de titel in."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = "Leeg laten als de deadline onbekend is."
        self.fields["deadline"].label = "Deadline"
        self.fields["made_on"].label = "Datum van die vergadering"
        self.fields["made_on"].help_text = "Leeg laten bij een gekozen vergadering: dan geldt haar datum."
        self.fields["made_in_meeting"].queryset = meeting_choices(keep=self.instance.made_in_meeting_id)
        if self.instance.pk:
            # The number is the item's identity (in links, memos, the RIS): it does not change.
            self.fields["number"].disabled = True
            self.fields["number"].help_text = "Het nummer blijft hetzelfde."
            fracties = self.instance.fracties()
            if fracties:
                self.initial.setdefault("eerste_indiener", fracties[0].pk)
                self.initial.setdefault("mede_indieners", [f.pk for f in fracties[1:]])
        for name in ("number", "title", "made_in"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        limit_text(self, {"text": 10_000})
        self.add_confidentiality_fields()

    def clean_number(self):
        return normalise_number(self.cleaned_data["number"])

    def clean(self):
        data = super().clean()
        if meeting := data.get("made_in_meeting"):
            # The meeting is the record; typed text would only say the same thing less exactly.
            data["made_in"] = ""
            if data.get("made_on") is None and "made_on" not in self.errors:
                data["made_on"] = meeting.date
            elif data.get("made_on") and data["made_on"] != meeting.date:
                self.add_error("made_on", meeting_date_error(data["made_on"], meeting))
        kind, number = data.get("kind"), data.get("number")
        if kind and number and not self.instance.pk:
            error = number_error(kind, number)
            if error is None and LtaItem.objects.filter(number=number).exists():
                error = "Dit nummer is al in gebruik."
            if error:
                year = (data.get("made_on") or today()).year
                suggestion = propose_number(kind, year=year)
                self.add_error("number", f"{error} Het volgende vrije nummer is {suggestion}.")
        first, others = data.get("eerste_indiener"), list(data.get("mede_indieners") or [])
        if others and not first:
            self.add_error("eerste_indiener", "U koos mede-indieners: kies ook de fractie die indiende.")
        self.clean_confidentiality_fields(data)
        return data

    def indieners(self) -> list[Fractie]:
        first = self.cleaned_data.get("eerste_indiener")
        others = [f for f in self.cleaned_data.get("mede_indieners") or [] if f != first]
        return [first, *others] if first else []


def update_date_field(label: str) -> forms.DateField:
    field = date_field(label, required=True)
    field.initial = today
    return field


class StatusUpdateForm(StyledFormMixin, forms.Form):
    # An empty field is not an error until the user submits it (no red borders on arrival).
    use_required_attribute = False
    date = update_date_field("Datum")
    text = forms.CharField(
        label="Tekst van de update",
        widget=forms.Textarea(attrs={"rows": 4}),
        # Checked on the server only (no maxlength attribute that would cut a pasted text off).
        validators=[TextLimit(5000)],
        error_messages={"required": "Vul de stand van zaken in."},
        help_text="Een correctie is een nieuwe update; eerdere updates blijven staan.",
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError("Een update kan niet later dan vandaag gedateerd zijn.")
        return date

    def clean_text(self):
        return self.cleaned_data["text"].strip()


class StatusChangeForm(StyledFormMixin, forms.Form):
    use_required_attribute = False
    status = forms.ChoiceField(
        label="Nieuwe status",
        error_messages={
            "required": "Kies de nieuwe status.",
            "invalid_choice": "Deze status kan dit item nu niet krijgen. Kies een van de genoemde.",
        },
    )
    reason = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Vul de reden in; die komt in de stand van zaken."},
    )

    def __init__(self, *args, item: LtaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in item.next_statuses]


class AfdoeningProposalForm(StyledFormMixin, forms.Form):
    use_required_attribute = False
    reason = forms.CharField(
        label="Waarom kan dit item worden afgedaan?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Vul de reden in waarom het item kan worden afgedaan."},
    )


class AfdoeningDecisionForm(StyledFormMixin, forms.Form):
    use_required_attribute = False
    afgedaan = forms.TypedChoiceField(
        label="Besluit van de raad",
        choices=[("ja", "Afgedaan"), ("nee", "Niet afgedaan: het item blijft staan")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit van de raad."},
    )
    vergadering = MeetingChoiceField(
        label="Raadsvergadering",
        empty_label="Geen vergadering uit raadsmemo (typ hieronder)",
    )
    meeting = forms.CharField(
        label="Of typ de vergadering",
        max_length=200,
        required=False,
        help_text="Alleen als de vergadering niet in de lijst staat, bijvoorbeeld: raadsvergadering "
        "26 januari 2022.",
    )
    decided_on = date_field("Datum van het besluit")

    def __init__(self, *args, item: LtaItem, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)
        # The raad decides in its raadsvergadering; newest first, the one just held on top.
        self.fields["vergadering"].queryset = meeting_choices(kinds=[MeetingKind.RAADSVERGADERING])
        self.fields["decided_on"].help_text = "Leeg laten bij een gekozen vergadering: dan geldt haar datum."

    def clean_meeting(self):
        return " ".join(self.cleaned_data["meeting"].split())

    def clean(self):
        data = super().clean()
        meeting, text = data.get("vergadering"), data.get("meeting")
        if meeting is None and not text and "vergadering" not in self.errors:
            self.add_error("vergadering", "Kies de raadsvergadering waarin de raad besloot, of typ die in.")
        if meeting is not None:
            data["meeting"] = ""
            if data.get("decided_on") is None and "decided_on" not in self.errors:
                data["decided_on"] = meeting.date
            elif data.get("decided_on") and data["decided_on"] != meeting.date:
                self.add_error("decided_on", meeting_date_error(data["decided_on"], meeting))
                return data
        elif data.get("decided_on") is None and "decided_on" not in self.errors:
            self.add_error("decided_on", "Vul de datum van het besluit in.")
        self._check_decision_date(data)
        return data

    def _check_decision_date(self, data) -> None:
        date = data.get("decided_on")
        if date is None or self.has_error("decided_on"):
            return
        field = "decided_on" if self.data.get(self.add_prefix("decided_on")) else "vergadering"
        proposed = self.item.afdoening_proposed_on
        if proposed and date < proposed:
            self.add_error(field, f"De raad kan niet besluiten vóór het voorstel van {proposed:%d-%m-%Y}.")
        elif date > today():
            self.add_error(
                field,
                "De raad heeft in deze vergadering nog niet besloten: die is pas op "
                f"{date:%d-%m-%Y}. Leg het besluit vast als de vergadering geweest is."
                if field == "vergadering"
                else "Vul de datum in waarop de raad besloot; die ligt niet in de toekomst.",
            )


class LtaFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="Zoek op nummer of titel", required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = forms.ChoiceField(label="Soort", choices=[("", "Alle")] + Kind.choices, required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Alle")] + DISPLAY_STATUSES, required=False)
    portefeuillehouder = forms.ModelChoiceField(
        label="Portefeuillehouder", queryset=Bestuurder.objects.all(), required=False, empty_label="Alle"
    )
    fractie = forms.ModelChoiceField(
        label="Indiener", queryset=Fractie.objects.all(), required=False, empty_label="Alle"
    )
    maand = MonthField(label="Geplande maand", required=False)
    overdue = forms.BooleanField(label="Alleen overschreden", required=False)
    sort = forms.ChoiceField(
        label="Sorteren op", choices=[(k, v[0]) for k, v in SORTS.items()], required=False
    )

    @property
    def criteria(self) -> dict:
        """The valid filters, for LtaItem.objects.matching() and sorted_by(); nonsense is dropped."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Bestand (CSV of Excel .xlsx)",
        error_messages={
            "required": "Kies een bestand om te importeren.",
            "empty": "Het bestand is leeg.",
            "invalid": "Kies een bestand om te importeren.",
        },
    )

    def clean_file(self):
        # The size is known before anything is read: refuse here, never after reading.
        upload = self.cleaned_data["file"]
        if problem := size_error(upload.size):
            raise forms.ValidationError(problem)
        return upload


class ImportConfirmForm(StyledFormMixin, forms.Form):
    """The preview's Importeren button: still the plan the preview showed, erasures agreed to."""

    plan = forms.CharField(widget=forms.HiddenInput, required=False)
    erase = forms.BooleanField(required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        n = plan.erasures
        self.fields["erase"].label = (
            "Ja, wis de gemarkeerde waarde" if n == 1 else f"Ja, wis de {n} gemarkeerde waarden"
        )

    def clean(self):
        if self.cleaned_data.get("plan") != self.plan.digest:
            raise forms.ValidationError(
                "Het register is veranderd sinds de voorvertoning. Hieronder staat wat de import nu "
                "zou doen; bekijk het en druk dan opnieuw op Importeren."
            )
        if self.plan.erasures and not self.cleaned_data.get("erase"):
            self.add_error(
                "erase",
                "Vink aan dat deze waarden gewist mogen worden, of kies een bestand waarin ze wel staan.",
            )
        return self.cleaned_data


class LijstForm(StyledFormMixin, forms.Form):
    datum = date_field("Datum van de vergadering", required=True)
