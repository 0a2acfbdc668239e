from django import template

from mentor.core import navigation
from mentor.core.html import render_rich
from mentor.core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """``{% can "accounts.manage_user" target as allowed %}``"""
    return can_do(context["request"].user, action, obj)


@register.filter
def rich(value: str):
    """``{{ training.content|rich }}``: sanitised rich text (or plain text as paragraphs)."""
    return render_rich(value)


@register.simple_tag(takes_context=True)
def nav_links(context, slot: str, **page) -> list:
    """``{% nav_links "header" as links %}``: the links the apps registered in ``slot``
    for this request (``core.navigation``); keyword arguments go to their providers."""
    return navigation.links(slot, context.get("request"), **page)


@register.simple_tag(takes_context=True)
def nav_url(context, slot: str, name: str, **page) -> str:
    """``{% nav_url "catalog.session" "enrol" session=session as enrol_url %}``: the URL
    of the link ``name`` an app registered in ``slot`` ("" when none: hide what needs it)."""
    found = navigation.links(slot, context.get("request"), **page)
    return next((link.url for link in found if link.name == name), "")


@register.simple_tag(takes_context=True)
def error_total(context) -> int:
    """``{% error_total as n %}``: how many errors the error summary lists: the ``form``'s
    fields and non-field errors, plus every error of the ``formset`` when there is one."""
    form, formset = context.get("form"), context.get("formset")
    total = len(form.errors) if hasattr(form, "errors") else 0
    if hasattr(formset, "total_error_count"):
        total += formset.total_error_count()
    return total


class ShellFragmentNode(template.Node):
    def __init__(self, name: str, slots: tuple[str, ...], nodelist: template.NodeList) -> None:
        self.name, self.slots, self.nodelist = name, slots, nodelist

    def render(self, context) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return navigation.shell_fragment(
            request, self.name, self.slots, lambda: self.nodelist.render(context)
        )


@register.tag
def shell_fragment(parser, token) -> ShellFragmentNode:
    """``{% shell_fragment "header" "header" "home" %}…{% endshell_fragment %}``: a part of
    the shell rendered once per audience of the navigation (``core.navigation.audience``:
    language, sign-in, flags, roles) and per current link of the slots named after it, then
    kept in the process. It may show only what these decide: links of those slots, texts,
    ``user.is_staff``; never the person's name, a CSRF token, a nonce or the page's path."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shell_fragment needs a name")
    name, *slots = (bit.strip("\"'") for bit in bits[1:])
    nodelist = parser.parse(("endshell_fragment",))
    parser.delete_first_token()
    return ShellFragmentNode(name, tuple(slots), nodelist)
