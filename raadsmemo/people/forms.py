from django import forms

from raadsmemo.concurrency import RevisionFormMixin
from raadsmemo.forms import StyledFormMixin
from raadsmemo.people.models import CONTACT_ERROR_MESSAGES, Bestuurder, Contact, Fractie


class ContactForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "function", "team", "phone", "email"]
        labels = {
            "name": "Naam",
            "function": "Functie",
            "team": "Team",
            "phone": "Telefoon",
            "email": "E-mailadres",
        }
        error_messages = CONTACT_ERROR_MESSAGES


class FractieForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Fractie
        fields = ["name", "full_name", "is_active"]
        labels = {"name": "Naam", "full_name": "Volledige naam", "is_active": "Zit in de raad"}
        help_texts = {"name": "Zoals de raad de fractie noemt, bijvoorbeeld PvdA."}
        error_messages = {
            "name": {
                "required": "Vul de naam van de fractie in.",
                "unique": "Er is al een fractie met deze naam.",
            }
        }


class BestuurderForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Bestuurder
        fields = ["name", "role", "portefeuille", "is_active"]
        labels = {
            "name": "Naam",
            "role": "Functie",
            "portefeuille": "Portefeuille",
            "is_active": "In functie",
        }
        widgets = {"portefeuille": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": "Vul de naam van de bestuurder in.",
                "unique": "Er is al een bestuurder met deze naam.",
            },
            "role": {
                "required": "Kies wethouder of burgemeester.",
                "invalid_choice": "Kies wethouder of burgemeester.",
            },
        }
