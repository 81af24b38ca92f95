from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims.update(
        email=user.email,
        email_verified=True,
        given_name=user.first_name,
        family_name=user.last_name,
        preferred_username=user.username,
    )
    return claims


class GroupClaims(ScopeClaims):
    info_groups = ("Groepen", "De groepen waarin u zit.")

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
