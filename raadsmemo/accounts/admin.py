"""The user admin writes every change of roles to the audit trail (the site is in sites.py)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from raadsmemo.accounts.audit import audit
from raadsmemo.accounts.roles import is_beheerder


def _roles(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


class BeheerderMayManage:
    """The beheerder role manages the accounts and their roles without Django model permissions:
    the role is the permission (roles.py). Superuser status and loose permissions stay a
    superuser's to give, so a beheerder cannot raise their own rights beyond the roles."""

    def has_module_permission(self, request):
        return is_beheerder(request.user)

    def has_view_permission(self, request, obj=None):
        return is_beheerder(request.user)

    def has_add_permission(self, request):
        return is_beheerder(request.user)

    def has_change_permission(self, request, obj=None):
        return is_beheerder(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class AuditedUserAdmin(BeheerderMayManage, UserAdmin):
    """Django's user admin, writing each change of roles or superuser status to the audit trail."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

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


class RoleGroupAdmin(GroupAdmin):
    """The roles are groups the code knows by name: a beheerder sees them, only a superuser changes them."""

    def has_module_permission(self, request):
        return is_beheerder(request.user)

    def has_view_permission(self, request, obj=None):
        return is_beheerder(request.user)


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
