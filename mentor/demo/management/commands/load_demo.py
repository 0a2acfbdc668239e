"""Load the reference data, then the demo data on top. Idempotent: `make run` calls it at
every start and it changes nothing the second time. Never run it in production."""

from django.core.management.base import BaseCommand
from django.db import transaction

from mentor.demo.accounts import load_demo_accounts
from mentor.demo.activity import load_demo_activity
from mentor.demo.catalog import load_demo_catalog
from mentor.demo.enrolments import load_demo_enrolments
from mentor.demo.help import load_help
from mentor.demo.home import load_demo_home
from mentor.demo.learning import load_demo_courses
from mentor.demo.organisations import load_demo_contacts
from mentor.demo.paths import load_demo_paths
from mentor.demo.prescriptions import load_demo_prescriptions
from mentor.demo.reference import load_reference


class Command(BaseCommand):
    help = "Load (or refresh) the reference data and the demo accounts, offer and enrolments."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        entities, _collections = load_reference()
        load_demo_contacts()
        accounts = load_demo_accounts()
        collections, trainings = load_demo_catalog()
        agents, enrolments = load_demo_enrolments()
        courses = load_demo_courses()
        completions = load_demo_activity()
        paths = load_demo_paths()
        campaigns = load_demo_prescriptions()
        load_help()
        load_demo_home()
        self.stdout.write(
            f"Demo data ready: {entities} entities, {accounts} demo accounts, "
            f"{collections} collections, {trainings} trainings, {agents} demo agents, "
            f"{enrolments} enrolments, {courses} new course contents, "
            f"{completions} new demo completions, {paths} learning paths, "
            f"{campaigns} new campaigns."
        )
