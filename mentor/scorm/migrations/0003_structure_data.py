"""Packages imported before the organization tree was stored get one SCO (their launch
page); each learner's runtime row becomes the first attempt at that SCO, its data kept."""

from django.db import migrations

DONE_12 = {"completed", "passed"}


def forwards(apps, schema_editor):
    Package = apps.get_model("scorm", "Package")
    Sco = apps.get_model("scorm", "Sco")
    Runtime = apps.get_model("scorm", "Runtime")
    Attempt = apps.get_model("scorm", "Attempt")
    first_sco = {}
    for package in Package.objects.filter(scos__isnull=True).iterator():
        sco = Sco.objects.create(
            package=package,
            identifier="ITEM-1",
            title=package.title,
            position=0,
            launch_path=package.launch_path,
            is_sco=True,
        )
        first_sco[package.pk] = sco.pk
    for runtime in Runtime.objects.filter(attempt__isnull=True).select_related("activity"):
        package_id = runtime.activity.scorm_package_id
        if package_id is None:
            continue
        if package_id not in first_sco:
            sco = Sco.objects.filter(package_id=package_id).order_by("position").first()
            first_sco[package_id] = sco.pk if sco else None
        passed = "passed" in (runtime.lesson_status, runtime.success_status)
        mentor = runtime.cmi.get("mentor", {}) if isinstance(runtime.cmi, dict) else {}
        total = mentor.get("total_seconds", 0) if isinstance(mentor, dict) else 0
        attempt = Attempt.objects.create(
            enrolment_id=runtime.enrolment_id,
            activity_id=runtime.activity_id,
            number=1,
            completed=runtime.lesson_status in DONE_12 or runtime.completion_status == "completed",
            passed=passed,
            score=None if runtime.score_scaled is None else runtime.score_scaled * 100,
            total_seconds=total if isinstance(total, int) else 0,
        )
        Runtime.objects.filter(pk=runtime.pk).update(attempt=attempt, sco_id=first_sco[package_id])


class Migration(migrations.Migration):
    dependencies = [("scorm", "0002_structure")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
