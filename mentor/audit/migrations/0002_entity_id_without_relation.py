"""``AuditEvent.entity`` becomes a plain ``entity_id`` (same column, same values): audit sits
below organisations, so its table no longer points at ``organisations.Entity``. The foreign
key constraint goes; the column and its index stay."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="entity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Permet aux administrateurs d'espace de voir les actions de leur périmètre.",
                null=True,
                on_delete=models.deletion.DO_NOTHING,
                related_name="+",
                to="organisations.entity",
                verbose_name="entité concernée",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="auditevent", name="entity"),
                migrations.AddField(
                    model_name="auditevent",
                    name="entity_id",
                    field=models.BigIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="Permet aux administrateurs d'espace de voir les actions de leur périmètre.",
                        null=True,
                        verbose_name="entité concernée",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
