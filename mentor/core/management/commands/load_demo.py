"""Load the demo data. Idempotent: `make run` calls it at every start and it changes nothing
the second time."""

from django.core.management.base import BaseCommand
from django.db import transaction

from mentor.accounts.demo import load_demo_accounts
from mentor.catalog.demo import load_demo_catalog
from mentor.enrolments.demo import load_demo_enrolments
from mentor.learning.demo import load_demo_courses
from mentor.organisations.demo import load_demo_organisations


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisations, accounts, offer and enrolments."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        entities = load_demo_organisations()
        accounts = load_demo_accounts()
        collections, trainings = load_demo_catalog()
        agents, enrolments = load_demo_enrolments()
        courses = load_demo_courses()
        self.stdout.write(
            f"Demo data ready: {entities} entities, {accounts} demo accounts, "
            f"{collections} collections, {trainings} trainings, {agents} demo agents, "
            f"{enrolments} enrolments, {courses} new course contents."
        )
