"""Forms of the agenda builder: validate and normalise, nothing more."""

import datetime as dt

from django import forms

from raadsmemo.concurrency import RevisionFormMixin
from raadsmemo.confidentiality import CONFIDENTIALITY_FIELDS, CONFIDENTIALITY_LABELS, ConfidentialityFormMixin
from raadsmemo.forms import DATE_ERROR, DateInput, StyledFormMixin, time_field
from raadsmemo.meetings.models import DIGITAAL, AgendaItem, Meeting, MeetingStatus
from raadsmemo.memos.forms import BaseRowFormSet, StukForm
from raadsmemo.memos.models import Memo


def check_times_and_room(form: forms.Form, *, meeting: Meeting | None, location: str | None) -> None:
    """End after start, and no other meeting in the same room at the same time."""
    data = form.cleaned_data
    date, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
    if not (date and start and end):
        return
    if end <= start:
        form.add_error("end_time", "De eindtijd moet na de begintijd liggen.")
        return
    location = (location or "").strip()
    if not location or location.lower() == DIGITAAL:
        return
    others = Meeting.objects.filter(
        date=date, location__iexact=location, start_time__lt=end, end_time__gt=start
    )
    others = others.exclude(status=MeetingStatus.GEANNULEERD)
    if meeting is not None and meeting.pk:
        others = others.exclude(pk=meeting.pk)
    clash = others.first()
    if clash:
        form.add_error(
            "start_time",
            f"In {clash.location} is dan al {clash.title} ({clash.start_time:%H:%M}–{clash.end_time:%H:%M}). "
            "Kies een andere tijd of zaal.",
        )


class MeetingForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    date = forms.DateField(
        label="Datum",
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": DATE_ERROR, "required": "Vul de datum van de vergadering in."},
    )
    start_time = time_field("Begintijd")
    end_time = time_field("Eindtijd")

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "location",
            "chair",
            "is_public",
            "livestream",
        ]
        labels = {
            "kind": "Soort vergadering",
            "title": "Titel",
            "location": "Locatie (zaal, of: digitaal)",
            "chair": "Voorzitter",
            "is_public": "Openbaar",
            "livestream": "Met livestream",
        }
        error_messages = {
            "title": {"required": "Geef de vergadering een titel."},
            "kind": {
                "required": "Kies de soort vergadering.",
                "invalid_choice": "Kies een soort uit de lijst.",
            },
            "location": {"required": "Vul de zaal in, of het woord digitaal."},
        }

    def clean(self):
        data = super().clean()
        check_times_and_room(self, meeting=self.instance, location=data.get("location"))
        self._check_items_fit(data)
        return data

    def _check_items_fit(self, data) -> None:
        start, end = data.get("start_time"), data.get("end_time")
        if not (self.instance.pk and start and end and end > start):
            return
        minutes = (
            dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
        ).seconds // 60
        longest = self.instance.items.order_by("-duration_minutes").first()
        if longest and longest.duration_minutes > minutes:
            self.add_error(
                "end_time",
                f"Agendapunt ‘{longest.title}’ duurt {longest.duration_minutes} minuten, langer dan de vergadering.",
            )


class MoveMeetingForm(StyledFormMixin, forms.Form):
    """Move a meeting to another date (and time); the room check applies again."""

    date = MeetingForm.base_fields["date"]
    start_time = time_field("Begintijd")
    end_time = time_field("Eindtijd")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        kwargs.setdefault(
            "initial", {"date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time}
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        check_times_and_room(self, meeting=self.meeting, location=self.meeting.location)
        return data


class AgendaItemForm(ConfidentialityFormMixin, RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    named_readers = True

    memo = forms.ModelChoiceField(
        label="Memo",
        queryset=Memo.objects.none(),
        required=False,
        empty_label="Geen memo (nog niet)",
        error_messages={
            "invalid_choice": "Deze memo staat al op een agenda of bestaat niet. Kies een andere."
        },
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "treatment", *CONFIDENTIALITY_FIELDS, "memo"]
        labels = {
            "title": "Titel",
            "duration_minutes": "Duur (minuten)",
            "treatment": "Behandeling",
            **CONFIDENTIALITY_LABELS,
        }
        help_texts = {"title": "Leeg laten bij een gekozen memo: dan geldt de titel van de memo."}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.conflict_form_kwargs = {"meeting": meeting}
        self.fields["title"].required = False
        free = Memo.objects.filter(agenda_item__isnull=True)
        if self.instance.memo_id:
            free = free | Memo.objects.filter(pk=self.instance.memo_id)
        self.fields["memo"].queryset = free.order_by("-datum")
        self.fields["duration_minutes"].error_messages.update(
            {"invalid": "Vul een aantal minuten in, zoals 30.", "required": "Vul de duur in minuten in."}
        )
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": 600})
        self.add_confidentiality_fields()

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes < 1:
            raise forms.ValidationError("Een agendapunt duurt minstens 1 minuut.")
        if minutes > self.meeting.duration_minutes:
            raise forms.ValidationError(
                f"Dit agendapunt duurt langer dan de hele vergadering ({self.meeting.duration_minutes} minuten)."
            )
        return minutes

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip():
            if data.get("memo"):
                data["title"] = data["memo"].title
            elif "memo" not in self.errors:
                self.add_error("title", "Geef het agendapunt een titel, of kies een memo.")
        self.clean_confidentiality_fields(data)
        return data


# The stukken of an item: the existing ones plus one empty row; a row emptied is removed.
StukFormSet = forms.formset_factory(
    StukForm, formset=BaseRowFormSet, extra=1, max_num=30, absolute_max=30, validate_max=True
)
