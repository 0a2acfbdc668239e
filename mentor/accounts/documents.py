"""The documents a person keeps ("Mes fichiers"), as a registry: the apps that issue
documents to a person (attestations) register a section; the page that lists them (help's
personal files) renders every section without importing those apps.

A section is a function ``(user) -> (template name, context)``."""

from collections.abc import Callable
from typing import Any

from mentor.core.registry import Registry

DocumentSection = Callable[[Any], tuple[str, dict]]
_SECTIONS: Registry[DocumentSection] = Registry("document sections")


def register_document_section(name: str, *, order: int = 0):
    return _SECTIONS.register(name, order=order)


def document_sections(user) -> list[tuple[str, dict]]:
    """(template, context) of each registered section, in order."""
    return [section(user) for _name, section in _SECTIONS.items()]
