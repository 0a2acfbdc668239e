"""The person's attestations, as a section of their documents (accounts.documents)."""

from mentor.accounts.documents import register_document_section
from mentor.attestations.selectors import attestations_of


@register_document_section("attestations")
def attestations_section(user) -> tuple[str, dict]:
    return "attestations/_my_documents.html", {"attestations": attestations_of(user=user)}
