"""The export jobs now belong to core (``core.ExportJob``, same table): reporting forgets
its model without touching the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_export_job"),
        ("reporting", "0004_rollups_everything"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExportJob")],
            database_operations=[],
        ),
    ]
