from django import template

from mentor.core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """``{% can "accounts.manage_user" target as allowed %}``"""
    return can_do(context["request"].user, action, obj)
