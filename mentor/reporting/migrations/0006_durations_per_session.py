import django.db.models.deletion
from django.db import migrations, models


def rebuild_rollups(apps, schema_editor):
    """The durations gained the session: their rows go, and the next run recomputes every
    day (read live till then, as after 0004)."""
    apps.get_model("reporting", "DailyDurations").objects.all().delete()
    apps.get_model("reporting", "RollupState").objects.update(watermark=None, complete_until=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_publication_review"),
        ("reporting", "0005_export_job_to_core"),
    ]

    operations = [
        migrations.RunPython(rebuild_rollups, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dailydurations",
            name="session",
            field=models.ForeignKey(
                db_constraint=False,
                default=0,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.session",
            ),
            preserve_default=False,
        ),
    ]
