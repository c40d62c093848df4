from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:value }}`: a dictionary lookup by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
