"""A SCORM activity's package moves from ``learning.Activity.scorm_package`` to a table the
scorm app owns (learning sits below scorm). Creates it and copies every existing relation;
``learning.0006`` then drops the old column."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def copy_relations(apps, schema_editor):
    Activity = apps.get_model("learning", "Activity")
    ActivityPackage = apps.get_model("scorm", "ActivityPackage")
    rows = (
        Activity.objects.filter(scorm_package__isnull=False)
        .order_by("pk")
        .values_list("pk", "scorm_package_id")
    )
    links = [ActivityPackage(activity_id=pk, package_id=package_id) for pk, package_id in rows]
    ActivityPackage.objects.bulk_create(links, batch_size=BATCH)


def copy_back(apps, schema_editor):
    Activity = apps.get_model("learning", "Activity")
    ActivityPackage = apps.get_model("scorm", "ActivityPackage")
    for activity_id, package_id in ActivityPackage.objects.values_list("activity_id", "package_id"):
        Activity.objects.filter(pk=activity_id).update(scorm_package_id=package_id)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_merge_paths_quiz_review"),
        ("scorm", "0003_structure_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityPackage",
            fields=[
                (
                    "activity",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="scorm_package_link",
                        serialize=False,
                        to="learning.activity",
                        verbose_name="activité",
                    ),
                ),
                (
                    "package",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="activity_links",
                        to="scorm.package",
                        verbose_name="paquet SCORM",
                    ),
                ),
            ],
            options={
                "verbose_name": "paquet SCORM d’une activité",
                "verbose_name_plural": "paquets SCORM des activités",
            },
        ),
        migrations.RunPython(copy_relations, copy_back, elidable=False),
    ]
