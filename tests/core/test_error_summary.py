"""One error summary after any failed form: each error linked to its field, the title
says "Erreur"; in the browser the summary takes the focus."""

import re

import pytest
from django.urls import reverse

from tests.accounts.test_auth_flows import SIGNUP
from tests.factories import UserFactory


def _title(content: str) -> str:
    return re.search(r"<title>(.*?)</title>", content, re.S)[1].strip()


@pytest.mark.django_db
def test_a_failed_contact_form_lists_its_errors_with_links(client, justice):
    client.force_login(UserFactory(entity=justice))
    content = client.post(reverse("help:contact"), {"topic": "", "message": ""}).content.decode()
    summary = content[content.index('id="error-summary"') :].split("</div>")[0]
    assert "Le formulaire contient 2 erreurs" in summary
    assert 'href="#id_topic"' in summary and 'href="#id_message"' in summary
    assert _title(content).startswith("Erreur : ")


@pytest.mark.django_db
def test_the_signup_form_uses_the_same_summary(client, justice):
    content = client.post(
        reverse("account_signup"), {**SIGNUP, "password2": "différent 2026 solide"}
    ).content.decode()
    assert 'id="error-summary"' in content and _title(content).startswith("Erreur : ")


@pytest.mark.django_db
def test_no_summary_before_a_submission(client, justice):
    client.force_login(UserFactory(entity=justice))
    content = client.get(reverse("help:contact")).content.decode()
    assert 'id="error-summary"' not in content and not _title(content).startswith("Erreur")


@pytest.mark.django_db
def test_the_accessibility_statement_lists_journeys_and_known_non_conformities(client):
    content = client.get(reverse("core:accessibility")).content.decode()
    assert "Aucune non-conformité n’est connue" not in content
    known = content[content.index('data-testid="known-non-conformities"') :].split("</ul>")[0]
    assert "PDF" in known and known.count("<li>") >= 4
    journeys = content[content.index('data-testid="journeys-tested"') :].split("</ul>")[0]
    for who in ("visiteur", "nouvel agent", "apprenant", "autre utilisateur", "tuteur", "référent"):
        assert who in journeys, who
    assert "mise à jour le 28 novembre 2026" in content
