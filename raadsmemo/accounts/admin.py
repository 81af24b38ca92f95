"""The user admin writes every change of roles to the audit trail (the site is in sites.py)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from raadsmemo.accounts.audit import audit


def _roles(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


class AuditedUserAdmin(UserAdmin):
    """Django's user admin, writing each change of roles or superuser status to the audit trail."""

    def save_model(self, request, obj, form, change):
        obj._roles_before = _roles(obj) if change else []
        super().save_model(request, obj, form, change)
        if "is_superuser" in form.changed_data:
            audit(
                "superuser_changed", request=request, target=obj.get_username(), is_superuser=obj.is_superuser
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        after = _roles(obj)
        before = getattr(obj, "_roles_before", [])
        if after != before:
            audit("roles_changed", request=request, target=obj.get_username(), before=before, after=after)


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
