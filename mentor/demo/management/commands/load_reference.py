"""Load the reference data (entity tree, e-mail domains, collections). Idempotent: run it
after every ``migrate``, in production too; a second run changes nothing."""

from django.core.management.base import BaseCommand

from mentor.demo.reference import load_reference


class Command(BaseCommand):
    help = "Load (or refresh) the organisation tree, its e-mail domains and the collections."

    def handle(self, *args, **options) -> None:
        entities, collections = load_reference()
        self.stdout.write(f"Reference data ready: {entities} entities, {collections} collections.")
