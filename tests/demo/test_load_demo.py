"""`make run` loads the reference and demo data at every start: nothing changes the second
time, and production gets its reference data alone."""

import pytest
from django.apps import apps
from django.core.management import call_command

from mentor.accounts.models import Role, User
from mentor.catalog.models import Collection, Training
from mentor.organisations.models import EmailDomain, Entity


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_attaches_the_demo_accounts():
    call_command("load_demo", stdout=None)
    first = _row_counts()
    call_command("load_demo", stdout=None)
    assert _row_counts() == first

    attached = {u.email: u.entity.short_name if u.entity else None for u in User.objects.all()}
    assert attached["agent@justice.gouv.fr"] == "MJ"
    assert attached["agente@interieur.gouv.fr"] == "MI"
    assert attached["prestataire@gmail.com"] is None
    referente = User.objects.get(email="referente@justice.gouv.fr")
    assert referente.is_staff
    assert referente.role_assignments.get().role == Role.SPACE_ADMIN
    assert User.objects.get(email="admin@fonction-publique.gouv.fr").is_superuser
    # The tutors' SCORM report has attempts to show.
    assert apps.get_model("scorm", "Attempt").objects.exists()


@pytest.mark.django_db
def test_load_reference_alone_gives_production_its_tree_domains_and_collections():
    call_command("load_reference", stdout=None)
    first = _row_counts()
    call_command("load_reference", stdout=None)
    assert _row_counts() == first

    assert Entity.objects.filter(slug="justice", parent=None).exists()
    assert EmailDomain.objects.filter(domain="dap.justice.gouv.fr").exists()
    assert Collection.objects.filter(parent=None).count() == 14
    assert Collection.objects.exclude(lead_entity=None).exists()
    # Reference data only: no demo people, no demo offer, no fictional contacts.
    assert not User.objects.exists()
    assert not Training.objects.exists()
    assert not Entity.objects.filter(contacts__isnull=False).exists()
