"""Single sign-on for staff through OpenID Connect (mozilla-django-oidc), mapped to our roles.

The municipality's IdP (Entra ID, Keycloak, ...) says who someone is and in which groups; the
setting OIDC_ROLE_GROUPS says which IdP group gives which of our roles. Someone in none of those
groups gets no account. On every login the roles follow the IdP again, so a griffie member who
leaves the griffie group loses the role at the next login. docs/operations.md has the settings.
"""

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from raadsmemo.accounts.audit import audit
from raadsmemo.accounts.roles import ROLES, ensure_role_groups


def roles_from_claims(claims: dict) -> set[str]:
    """Our roles for the IdP groups in the claims."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {role for role, idp_group in settings.OIDC_ROLE_GROUPS.items() if idp_group in groups}


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Logs staff in with the IdP's tokens; only when single sign-on is switched on."""

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password login never reaches the IdP.
        if not settings.OIDC_ENABLED or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return super().verify_claims(claims) and bool(roles_from_claims(claims))

    def create_user(self, claims):
        username = (claims.get("preferred_username") or claims["email"])[:150]
        user = self.UserModel.objects.create_user(
            username,
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
        audit("user_created", user=user, via="oidc")
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        wanted = roles_from_claims(claims)
        current = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if wanted != current:
            groups = ensure_role_groups()
            user.groups.remove(*(groups[role] for role in current - wanted))
            user.groups.add(*(groups[role] for role in wanted - current))
            audit(
                "roles_changed",
                user=user,
                target=user.get_username(),
                before=sorted(current),
                after=sorted(wanted),
                via="oidc",
            )
        return user


class AuthenticationRequestView(oidc_views.OIDCAuthenticationRequestView):
    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("Inloggen met het organisatieaccount staat uit.")
        return super().get(request)


class AuthenticationCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("Inloggen met het organisatieaccount staat uit.")
        return super().get(request)
