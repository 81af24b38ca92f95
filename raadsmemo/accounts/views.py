"""Password change and reset: Django's views with our Dutch pages, and an entry in the audit trail."""

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views

from raadsmemo.accounts import forms
from raadsmemo.accounts.audit import audit


class LoginView(auth_views.LoginView):
    authentication_form = forms.LoginForm


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("password_changed", request=self.request)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm

    def form_valid(self, form):
        # Whether the address belongs to an account stays our secret, here and on the page.
        audit("password_reset_requested", request=self.request, email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever reads the account's e-mail chose a new password: the guesses that locked the
        # account no longer count against it (the way back in that the lockout page promises).
        axes_reset(username=form.user.get_username())
        audit("password_reset", request=self.request, user=form.user)
        return response
