"""HTML assertions shared by the tests of accessible markup."""

import re

ID = re.compile(r'\sid="([^"]+)"')
DESCRIBEDBY = re.compile(r'aria-describedby="([^"]+)"')


def missing_describedby_targets(html: str) -> list[str]:
    """Every id an aria-describedby names that no element of the page carries."""
    ids = set(ID.findall(html))
    named = {ref for refs in DESCRIBEDBY.findall(html) for ref in refs.split()}
    return sorted(named - ids)


INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def input_attrs(html: str, name: str) -> dict[str, str]:
    """The attributes of the <input> named ``name`` (the first one)."""
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("name") == name:
            return attrs
    raise AssertionError(f"no <input name={name!r}> on the page")
