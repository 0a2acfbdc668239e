from django import template

from mentor.accounts.proconnect.selectors import proconnect_enabled as _enabled

register = template.Library()


@register.simple_tag(takes_context=True)
def proconnect_enabled(context) -> bool:
    """Whether to show the ProConnect button (ProConnect configured by environment)."""
    return _enabled(request=context.get("request"))
