"""Login security: the client's address, the receivers that write the audit trail."""

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address: behind our TLS proxy (HTTPS=1) the last one it put in X-Forwarded-For.

    Only the proxy's own entry can be trusted: a visitor may send any X-Forwarded-For it likes,
    and the proxy appends the address it saw to the end.
    """
    if settings.HTTPS:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def on_login(sender, request, user, **kwargs):
    from raadsmemo.accounts.audit import audit

    audit("login", request=request, user=user, backend=getattr(user, "backend", None))


def on_logout(sender, request, user, **kwargs):
    from raadsmemo.accounts.audit import audit

    if user is not None:
        audit("logout", request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    from raadsmemo.accounts.audit import audit

    # Django has already replaced the password with asterisks; keep only the username.
    audit("login_failed", request=request, username=credentials.get("username"))


def on_locked_out(sender, request, username, ip_address, **kwargs):
    from raadsmemo.accounts.audit import audit

    audit("lockout", request=request, username=username)


def lockout_response(request, original_response=None, credentials=None):
    """The Dutch lockout page, with 429 Too Many Requests and how long the lock lasts."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
