"""Re-read the stored manifest of every SCORM package and bring its SCO tree up to date
(packages imported before multi-SCO support have one SCO until then). Idempotent."""

from django.core.management.base import BaseCommand

from mentor.scorm.manifest import ScormImportError
from mentor.scorm.models import Package
from mentor.scorm.services import package_restructure


class Command(BaseCommand):
    help = (
        "Re-parse the stored imsmanifest.xml of SCORM packages and update their SCO tree "
        "(learners' data kept). Safe to run again: unchanged packages are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--package", type=int, help="Only this package (id).")

    def handle(self, *args, **options):
        packages = Package.objects.order_by("pk")
        if options.get("package"):
            packages = packages.filter(pk=options["package"])
        updated = unchanged = failed = 0
        for package in packages.iterator():
            try:
                changed = package_restructure(package=package)
            except (ScormImportError, OSError) as exc:
                failed += 1
                self.stderr.write(f"Package {package.pk} ({package.title}): {exc}")
                continue
            updated += changed
            unchanged += not changed
        self.stdout.write(
            f"SCORM packages updated: {updated}, unchanged: {unchanged}, failed: {failed}"
        )
