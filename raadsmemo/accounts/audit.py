"""The audit trail: security events as one JSON object per log line on the logger raadsmemo.audit.

A log collector (journald, Loki, an ELK stack) reads these lines as they are; docs/operations.md
lists the events. Passwords and tokens never go in; usernames and addresses do, as a security
officer needs them to follow an incident.
"""

import datetime as dt
import json
import logging

logger = logging.getLogger("raadsmemo.audit")


def client_address(request) -> str:
    from raadsmemo.accounts.security import client_ip

    return client_ip(request) if request is not None else ""


def audit(event: str, *, request=None, user=None, **details) -> None:
    """Write one security event: what happened, who did it, from where, and the details."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    record = {
        "event": event,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": user.get_username() if user is not None else None,
        "ip": client_address(request) or None,
        **details,
    }
    logger.info(json.dumps(record, ensure_ascii=False, default=str, sort_keys=True))
