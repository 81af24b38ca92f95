from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "raadsmemo.accounts"

    def ready(self):
        # Django's own auth signals and axes' lockout signal are the one place where every login
        # (ours, the admin's, single sign-on) passes; they feed the audit trail.
        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from raadsmemo.accounts import security

        signals.user_logged_in.connect(security.on_login, dispatch_uid="audit-login")
        signals.user_logged_out.connect(security.on_logout, dispatch_uid="audit-logout")
        signals.user_login_failed.connect(security.on_login_failed, dispatch_uid="audit-login-failed")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="audit-lockout")


class BeheerAdminConfig(admin_apps.AdminConfig):
    """The Django admin on /beheer/, for beheerders and superusers only."""

    default = False  # AccountsConfig stays this module's config for raadsmemo.accounts

    default_site = "raadsmemo.accounts.sites.BeheerAdminSite"
