from django import forms

from raadsmemo.forms import StyledFormMixin
from raadsmemo.people.models import CONTACT_ERROR_MESSAGES, Contact


class ContactForm(StyledFormMixin, forms.ModelForm):
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
