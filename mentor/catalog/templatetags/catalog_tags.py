from django import template

register = template.Library()


@register.filter
def shown_values(values) -> list:
    """The facet values worth a checkbox: those that match something, and those chosen (so
    the form never silently drops a choice). A facet with none shows no heading at all."""
    return [v for v in values if v.count or v.selected]
