"""Load the reference data, then the demo data on top. Idempotent: `make run` calls it at
every start and it changes nothing the second time. Never run it in production."""

from django.core.management.base import BaseCommand
from django.db import transaction

from mentor.demo.accounts import load_demo_accounts
from mentor.demo.activity import load_demo_activity
from mentor.demo.catalog import load_demo_catalog
from mentor.demo.editorial import load_demo_editorial
from mentor.demo.enrolments import load_demo_enrolments
from mentor.demo.help import load_help
from mentor.demo.home import load_demo_home
from mentor.demo.learning import load_demo_courses, load_demo_scorm_attempts
from mentor.demo.library import load_demo_library
from mentor.demo.organisations import load_demo_contacts
from mentor.demo.overseas import load_demo_overseas
from mentor.demo.paths import load_demo_paths
from mentor.demo.prescriptions import load_demo_invitation, load_demo_prescriptions
from mentor.demo.quality import load_demo_quality
from mentor.demo.reference import load_reference
from mentor.demo.reporting import load_demo_reporting


class Command(BaseCommand):
    help = "Load (or refresh) the reference data and the demo accounts, offer and enrolments."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        entities, _collections = load_reference()
        load_demo_contacts()
        accounts = load_demo_accounts()
        collections, trainings = load_demo_catalog()
        # Before the course contents: its new trainings get theirs in the same run.
        reviews = load_demo_editorial()
        agents, enrolments = load_demo_enrolments()
        courses = load_demo_courses()
        completions = load_demo_activity()
        load_demo_scorm_attempts()
        paths = load_demo_paths()
        # Before the campaigns (they assign every agent) and the rollups: La Réunion's
        # agents and their activity at their own hours.
        load_demo_overseas()
        campaigns = load_demo_prescriptions()
        copies = load_demo_library()
        assessments = load_demo_quality()
        invitations = load_demo_invitation()
        load_help()
        load_demo_home()
        visits = load_demo_reporting()  # last: it refreshes the reporting rollups
        self.stdout.write(
            f"Demo data ready: {entities} entities, {accounts} demo accounts, "
            f"{collections} collections, {trainings} trainings, {agents} demo agents, "
            f"{enrolments} enrolments, {courses} new course contents, "
            f"{completions} new demo completions, {paths} learning paths, "
            f"{campaigns} new campaigns, {invitations} new invitations, {reviews} editorial reviews, "
            f"{copies} new library copies, {assessments} new quality self-assessments, "
            f"{visits} new visits (reporting rollups refreshed)."
        )
