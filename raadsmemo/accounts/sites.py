"""The admin on /beheer/: beheerders and superusers only, logging in through our own login page."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from raadsmemo.accounts.roles import is_beheerder


class BeheerAdminSite(admin.AdminSite):
    site_header = "raadsmemo · beheer"
    site_title = "raadsmemo beheer"
    index_title = "Beheer"

    def has_permission(self, request):
        return request.user.is_active and is_beheerder(request.user)

    def login(self, request, extra_context=None):
        """One login page for everything, with its lockout; a signed-in non-beheerder gets 403."""
        if request.user.is_authenticated:
            raise PermissionDenied("Het beheer is alleen voor beheerders.")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))
