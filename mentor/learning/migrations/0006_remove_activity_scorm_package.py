"""``Activity.scorm_package`` now lives in ``scorm.ActivityPackage`` (scorm.0004 copied the
rows first): learning's table points at nothing of the apps above it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_merge_paths_quiz_review"),
        ("scorm", "0004_activity_package"),
    ]

    operations = [
        migrations.RemoveField(model_name="activity", name="scorm_package"),
    ]
