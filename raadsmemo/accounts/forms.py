"""Django's own login and password forms, with the NL Design System classes on their inputs
(StyledFormMixin): a bare input is 21 px high, too small a target (WCAG 2.2, 2.5.8)."""

from django.contrib.auth import forms as auth_forms

from raadsmemo.forms import StyledFormMixin


class LoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):
    pass
