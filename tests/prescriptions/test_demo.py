import pytest
from django.core.management import call_command
from django.urls import reverse

from mentor.accounts.models import User
from mentor.demo.prescriptions import DEMO_CAMPAIGN, DEMO_CSV_CAMPAIGN
from mentor.learning.models import Completion
from mentor.prescriptions.models import Campaign, Invitation
from mentor.prescriptions.selectors import campaign_figures


@pytest.mark.django_db
def test_demo_campaign_is_running_with_living_figures(client):
    call_command("load_demo", stdout=None)
    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN)
    figures = campaign_figures(campaign=campaign)
    assert figures.total["assigned"] > 10
    assert 0 < figures.total["completed"] < figures.total["assigned"]
    assert figures.total["enrolled"] > figures.total["completed"]

    assert campaign.owner_entity is None  # national
    # The 2021 session is older than the campaign's validity (3 years): done again.
    assert campaign.validity_months == 36
    completed = Completion.objects.filter(enrolment__session__training=campaign.training)
    only_2021 = completed.filter(enrolment__session__title="Session 2021").exclude(
        enrolment__user__in=completed.exclude(enrolment__session__title="Session 2021").values(
            "enrolment__user"
        )
    )
    too_old = campaign.assignments.filter(user__in=only_2021.values("enrolment__user"))
    assert too_old.exists()
    assert not too_old.filter(done_at__isnull=False).exists()
    assert campaign.assignments.filter(
        done_at__isnull=False, user__enrolments__session__title="Session 2025"
    ).exists()
    agents = User.objects.filter(entity__isnull=False, is_active=True).count()
    assert figures.total["assigned"] == agents

    client.force_login(User.objects.get(email="admin@fonction-publique.gouv.fr"))
    page = client.get(reverse("prescriptions:list")).content.decode()
    assert DEMO_CAMPAIGN in page
    detail = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="figures-total"' in detail
    assert "Ministère de la Justice" in detail

    listed = Campaign.objects.get(title=DEMO_CSV_CAMPAIGN)
    assert listed.listed_users.count() == listed.assignments.count() > 5
    client.force_login(User.objects.get(email="referente@justice.gouv.fr"))
    assert DEMO_CSV_CAMPAIGN in client.get(reverse("prescriptions:list")).content.decode()

    client.force_login(User.objects.get(email="agent@justice.gouv.fr"))
    page = client.get(reverse("enrolments:mine")).content.decode()
    assert "Formations obligatoires et prescrites (2)" in page
    assert "Transition écologique — socle commun" in page

    client.force_login(User.objects.get(email="agente@interieur.gouv.fr"))
    page = client.get(reverse("enrolments:mine")).content.decode()
    assert "Formations obligatoires et prescrites (1)" in page  # the national one only


@pytest.mark.django_db
def test_demo_invitation_is_pending_for_the_contractor(client):
    call_command("load_demo", stdout=None)
    invitation = Invitation.objects.get(email="prestataire@gmail.com")
    assert invitation.status == "pending"
    client.force_login(User.objects.get(email="referente@justice.gouv.fr"))
    page = client.get(reverse("prescriptions:invitations")).content.decode()
    assert "prestataire@gmail.com" in page
    assert "En attente" in page
    call_command("load_demo", stdout=None)  # idempotent
    assert Invitation.objects.count() == 1
