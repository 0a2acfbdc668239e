"""One error summary after any failed form: each error linked to its field, the title
says "Erreur"; in the browser the summary takes the focus."""

import re

import pytest
from django.urls import reverse

from mentor.accounts.models import Role
from tests.accounts.test_auth_flows import SIGNUP
from tests.catalog.test_designer import _session_form
from tests.factories import TrainingFactory, UserFactory, role_holder


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
    assert known.count("<li>") >= 2 and "driver.js" in known
    assert "PDF" not in known  # the attestations are tagged PDF/UA now
    journeys = content[content.index('data-testid="journeys-tested"') :].split("</ul>")[0]
    for who in ("visiteur", "nouvel agent", "apprenant", "autre utilisateur", "tuteur", "référent"):
        assert who in journeys, who
    assert "mise à jour le 28 novembre 2026" in content


@pytest.mark.django_db
def test_a_formset_error_is_in_the_one_summary_with_a_link_to_its_field(
    client, justice, platform_admin
):
    """The session form's dated meetings (a formset): the main form is valid, one meeting is
    not; the summary at the top lists it, links to its field, and the title says so."""
    designer = role_holder(Role.DESIGNER, justice, actor=platform_admin)
    training = TrainingFactory(producer=justice)
    client.force_login(designer)
    data = _session_form(
        {"kind": "in_person", "place": "Lyon", "starts_at": "2027-03-02T14:00", "ends_at": ""},
    )
    content = client.post(
        reverse("catalog:session_create", args=[training.slug]), data
    ).content.decode()
    assert content.count("data-error-summary") == 1
    summary = content[content.index('id="error-summary"') :].split("</div>")[0]
    assert "Le formulaire contient une erreur" in summary
    assert 'href="#id_meetings-0-ends_at"' in summary and "Séance 1, fin" in summary
    assert 'id="id_meetings-0-ends_at"' in content
    assert _title(content).startswith("Erreur : ")


@pytest.mark.django_db
def test_an_admin_form_has_the_summary_with_links_to_fields_and_inlines(
    client, justice, platform_admin
):
    client.force_login(platform_admin)
    url = reverse("admin:organisations_entity_add")
    content = client.get(url).content.decode()
    assert 'id="error-summary"' not in content
    form = {
        "kind": "ministry",
        "name": "",
        "short_name": "",
        "slug": "",
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-domain": "pas un domaine",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    content = client.post(url, form).content.decode()
    summary = content[content.index('id="error-summary"') :].split("</div>")[0]
    assert 'role="alert"' in content[content.index("data-error-summary") - 200 :][:400]
    assert 'href="#id_name"' in summary and 'href="#id_short_name"' in summary
    assert 'href="#id_domains-0-domain"' in summary
    assert _title(content).startswith("Erreur")
    assert "mentor/forms.js" in content and "mentor/admin.css" in content
