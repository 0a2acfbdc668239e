from dataclasses import asdict

from django.core.management.base import BaseCommand

from mentor.accounts.retention import retention_run


class Command(BaseCommand):
    help = (
        "Apply the data-retention rules (inactive accounts warned then deleted, logs older "
        "than a year deleted). --dry-run only counts. Celery beat runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what a run would do; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        report = asdict(retention_run(dry_run=dry_run))
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"Inactivity notices that {verb} sent: {report['notices_sent']}")
        self.stdout.write(f"Inactive accounts that {verb} deleted: {report['accounts_erased']}")
        for table, count in report["logs_deleted"].items():
            self.stdout.write(
                f"Log rows older than the retention period ({table}) that {verb} deleted: {count}"
            )
