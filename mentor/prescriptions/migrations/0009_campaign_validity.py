import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("prescriptions", "0008_opening_pending_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="validity_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Vide : un achèvement antérieur compte sans limite de durée.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(600),
                ],
                verbose_name="validité des acquis (mois)",
            ),
        ),
    ]
