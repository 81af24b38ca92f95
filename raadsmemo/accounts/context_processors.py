from django.conf import settings

from raadsmemo.accounts.roles import can_read_concepts, is_griffie


def roles(request):
    """Expose what the current user may do, so templates show only the controls that work."""
    user = request.user
    return {
        "user_is_griffie": is_griffie(user),
        "user_reads_concepts": can_read_concepts(user),
        "oidc_enabled": settings.OIDC_ENABLED,
    }
