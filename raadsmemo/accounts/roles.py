"""Roles are Django groups; these helpers are the one place that knows what each may do."""

from django.contrib.auth.models import Group

GRIFFIE = "griffie"
AGENDACOMMISSIE = "agendacommissie"
RAADSLID = "raadslid"
# Beheerders keep the accounts in the admin (/beheer/); they write no memos by that role alone.
BEHEERDER = "beheerder"
ROLES = (GRIFFIE, AGENDACOMMISSIE, RAADSLID, BEHEERDER)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cache the user's group names on the user object: one query per request, not per check.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role in names


def is_griffie(user) -> bool:
    """Griffie staff (and superusers) write memos, contacts and everything else."""
    return user.is_authenticated and (user.is_superuser or has_role(user, GRIFFIE))


def can_read_concepts(user) -> bool:
    """Concept memos are read by the griffie and the agendacommissie that sets them."""
    return is_griffie(user) or has_role(user, AGENDACOMMISSIE)


def reads_vertrouwelijk(user) -> bool:
    """Raadsleden and staff (the griffie, the agendacommissie) read what is vertrouwelijk."""
    return can_read_concepts(user) or has_role(user, RAADSLID)


def sees_closed_meetings(user) -> bool:
    """Raadsleden attend besloten (non-public) meetings: they see them once published."""
    return has_role(user, RAADSLID)


def is_beheerder(user) -> bool:
    """Beheerders and superusers use the admin; nobody else sees it."""
    return user.is_authenticated and (user.is_superuser or has_role(user, BEHEERDER))


def ensure_role_groups() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
