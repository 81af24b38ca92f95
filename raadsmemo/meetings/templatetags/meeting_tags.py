from django import template

register = template.Library()


@register.filter
def memo_visible(item, user) -> bool:
    """{% if entry.item|memo_visible:user %}: may this user read the item's memo?"""
    return item.memo_visible_to(user)


@register.filter
def memo_follows(item, user) -> bool:
    """{% if entry.item|memo_follows:user %}: a memo that is not published yet ("memo volgt")."""
    return item.memo_follows_for(user)
