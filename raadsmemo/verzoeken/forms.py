"""The public forms (agendaverzoek, inspreekverzoek) and the griffie's and agendacommissie's
decision forms. The public forms carry a honeypot field; forms validate and normalise, nothing more."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from raadsmemo.concurrency import RevisionFormMixin
from raadsmemo.forms import REQUIRED_ERROR, StyledFormMixin, limit_text
from raadsmemo.meetings.models import Meeting, MeetingStatus
from raadsmemo.memos.models import Memo
from raadsmemo.verzoeken.models import (
    MIN_SIGNATURES,
    Agendaverzoek,
    AgendaverzoekStatus,
    Inspreekverzoek,
    Requester,
)
from raadsmemo.verzoeken.signatures import SignatureFileError, check_signature_file

HONEYPOT = "website"
EMAIL_ERROR = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."


def length_error(limit: int) -> str:
    return f"Gebruik hoogstens {limit:,} tekens.".replace(",", ".")


def text_errors(limit: int, required: str = REQUIRED_ERROR) -> dict:
    return {"required": required, "max_length": length_error(limit)}


class HoneypotMixin:
    """A field people never see (hidden by CSS, aria-hidden, no tab stop); bots fill it in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label="Laat dit veld leeg",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get(self.add_prefix(HONEYPOT)) or "").strip())


class AgendaverzoekForm(HoneypotMixin, StyledFormMixin, forms.ModelForm):
    requester = forms.ChoiceField(
        label="Wie vraagt het agendaverzoek aan?",
        choices=Requester.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies wie het verzoek doet.",
            "invalid_choice": "Kies wie het verzoek doet.",
        },
    )
    signature_count = forms.IntegerField(
        label="Aantal handtekeningen",
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=f"Een verzoek van inwoners heeft ten minste {MIN_SIGNATURES} handtekeningen van inwoners van de gemeente.",
        error_messages={
            "invalid": "Vul het aantal handtekeningen in als een getal, zoals 75.",
            "min_value": "Het aantal handtekeningen kan niet negatief zijn.",
            "max_value": "Dat zijn meer handtekeningen dan de gemeente inwoners heeft.",
        },
    )
    signature_list = forms.FileField(
        label="Lijst met handtekeningen",
        required=False,
        help_text="Een PDF, een foto (JPG of PNG), een spreadsheet (CSV, XLSX of ODS); hoogstens "
        f"{settings.FILE_UPLOAD_MAX_SIZE // (1024 * 1024)} MB.",
        error_messages={
            "empty": "Het bestand is leeg.",
            "invalid": "Kies het bestand met de handtekeningen.",
        },
    )

    class Meta:
        model = Agendaverzoek
        fields = [
            "requester",
            "organisation",
            "subject",
            "explanation",
            "signature_count",
            "name",
            "email",
            "phone",
        ]
        labels = {
            "subject": "Onderwerp",
            "explanation": "Toelichting",
            "name": "Uw naam",
            "organisation": "Namens welke fractie of organisatie?",
            "email": "Uw e-mailadres",
            "phone": "Uw telefoonnummer",
        }
        help_texts = {
            "subject": "In een paar woorden: wat wilt u op de agenda van de raad?",
            "explanation": "Waarom moet de raad hierover praten? Hoogstens 5.000 tekens.",
            "organisation": "Alleen als u namens een fractie, organisatie of het college vraagt.",
            "email": "Hierop krijgt u de bevestiging en het besluit.",
        }
        widgets = {"explanation": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "subject": text_errors(200, "Vul het onderwerp in."),
            "explanation": {"required": "Schrijf een toelichting."},
            "name": text_errors(200, "Vul uw naam in."),
            "organisation": text_errors(200),
            "email": {
                "required": "Vul uw e-mailadres in.",
                "invalid": EMAIL_ERROR,
                "max_length": EMAIL_ERROR,
            },
            "phone": text_errors(30),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, {"explanation": 5000})

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(c in "0123456789" for c in phone)
        if digits < 6 or any(c not in "0123456789 +-()" for c in phone):
            raise forms.ValidationError(
                "Vul een telefoonnummer in met cijfers, zoals 050 367 7029, of laat het leeg."
            )
        return phone

    def clean_signature_list(self):
        upload = self.cleaned_data.get("signature_list")
        if upload is None or upload is False:
            return None
        try:
            self.signature_kind = check_signature_file(upload)
        except SignatureFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requester") == Requester.INWONER:
            count = cleaned.get("signature_count")
            if "signature_count" not in self.errors:
                if count is None:
                    self.add_error("signature_count", "Vul in hoeveel handtekeningen u hebt verzameld.")
                elif count < MIN_SIGNATURES:
                    self.add_error(
                        "signature_count",
                        f"Een agendaverzoek van inwoners heeft ten minste {MIN_SIGNATURES} handtekeningen "
                        f"nodig; u noemt er {count}. Verzamel er nog {MIN_SIGNATURES - count} en dien het "
                        "verzoek dan in.",
                    )
            if "signature_list" not in self.errors and not cleaned.get("signature_list"):
                self.add_error("signature_list", "Voeg de lijst met handtekeningen toe.")
        else:
            # Signatures belong to a request of inwoners only; nothing of them is kept otherwise.
            cleaned["signature_count"] = None
            cleaned["signature_list"] = None
        if self.errors and cleaned.get("signature_list"):
            self.add_error(
                "signature_list",
                "Uw bestand was in orde, maar een browser stuurt het niet opnieuw mee: kies het opnieuw.",
            )
        return cleaned


class InspreekverzoekForm(HoneypotMixin, StyledFormMixin, forms.ModelForm):
    show_name = forms.BooleanField(
        label="Mijn naam mag op de openbare agenda staan",
        required=False,
        help_text="Zonder uw toestemming noemen we uw naam niet op de website.",
    )

    class Meta:
        model = Inspreekverzoek
        fields = ["name", "email", "on_behalf_of", "text", "show_name"]
        labels = {
            "name": "Uw naam",
            "email": "Uw e-mailadres",
            "on_behalf_of": "Namens (bijvoorbeeld een vereniging)",
            "text": "Waarover wilt u inspreken?",
        }
        help_texts = {"text": "Kort: hoogstens 1.000 tekens. U krijgt in de vergadering enkele minuten."}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "name": text_errors(200, "Vul uw naam in."),
            "email": {
                "required": "Vul uw e-mailadres in.",
                "invalid": EMAIL_ERROR,
                "max_length": EMAIL_ERROR,
            },
            "on_behalf_of": text_errors(200),
            "text": {"required": "Schrijf kort waarover u wilt inspreken."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, {"text": 1000})


# --- Decisions ---------------------------------------------------------------------------


class IntakeForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    """The griffie takes a request in: it goes to the agendacommissie."""

    class Meta:
        model = Agendaverzoek
        fields = []


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}, {obj.date:%d-%m-%Y}"


class MemoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.datum:%d-%m-%Y})" if obj.datum else obj.title


# The choice offers the newest memos, not every memo of the archive: the request's page must not
# grow with decades of memos (issue 14). The memo that prepares a request is written soon after it
# comes in; the one already linked is always offered.
MEMO_CHOICES = 100


def memo_choices(linked_id: int | None):
    newest = Memo.objects.order_by("-datum", "-created_at").values("pk")[:MEMO_CHOICES]
    return Memo.objects.filter(Q(pk__in=newest) | Q(pk=linked_id)).order_by("-datum", "title")


class MemoChoiceMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["memo"].queryset = memo_choices(self.instance.memo_id)


def memo_field() -> MemoChoiceField:
    return MemoChoiceField(
        label="Memo bij dit verzoek",
        queryset=Memo.objects.none(),  # memo_choices(), per request (MemoChoiceMixin)
        required=False,
        empty_label="Geen memo (nog niet)",
        help_text="De voorbereidingsmemo (Betreft: Agendaverzoek), als die er al is.",
        error_messages={"invalid_choice": "Kies een memo uit de lijst."},
    )


class ToekennenForm(MemoChoiceMixin, RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    """The agendacommissie grants the request and plans it into a coming meeting."""

    meeting = MeetingChoiceField(
        label="Plannen in de vergadering",
        queryset=Meeting.objects.none(),
        empty_label="Kies een komende vergadering",
        error_messages={
            "required": "Kies de vergadering waarin het onderwerp komt.",
            "invalid_choice": "Kies een komende vergadering uit de lijst.",
        },
    )

    memo = memo_field()

    class Meta:
        model = Agendaverzoek
        fields = ["meeting", "memo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.upcoming(timezone.localdate()).exclude(
            status=MeetingStatus.GEANNULEERD
        )


class AfwijzenForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agendaverzoek
        fields = ["reason"]
        labels = {"reason": "Reden van afwijzing"}
        help_texts = {"reason": "De aanvrager krijgt deze reden per e-mail."}
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "reason": text_errors(
                5000, "Schrijf de reden van de afwijzing; de aanvrager krijgt die te lezen."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        limit_text(self, {"reason": 5000})


class MemoLinkForm(MemoChoiceMixin, RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    """The griffie links the request to the memo that prepares it."""

    memo = memo_field()

    class Meta:
        model = Agendaverzoek
        fields = ["memo"]


class InspreekBevestigenForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Inspreekverzoek
        fields = []


class InspreekAfwijzenForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Inspreekverzoek
        fields = ["reason"]
        labels = {"reason": "Reden van afwijzing"}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"reason": {"required": "Schrijf de reden; de aanvrager krijgt die te lezen."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        limit_text(self, {"reason": 2000})


class AgendaverzoekFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Alle"), *AgendaverzoekStatus.choices]

    @property
    def criteria(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
