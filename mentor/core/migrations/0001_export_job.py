"""The export jobs move from reporting to core (``core.export_jobs``, shared by every app
that prepares a large export). Their table stays where it is (``reporting_exportjob``,
created by reporting's first migration): this migration only tells Django's state."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("kind", models.CharField(max_length=20, verbose_name="export")),
                        ("params", models.JSONField(default=dict, verbose_name="filtres")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "En attente"),
                                    ("running", "En cours"),
                                    ("done", "Prêt"),
                                    ("failed", "Échec"),
                                    ("expired", "Expiré"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "total",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="lignes à écrire"
                            ),
                        ),
                        ("done", models.PositiveIntegerField(default=0, verbose_name="lignes écrites")),
                        ("file", models.CharField(blank=True, max_length=255, verbose_name="fichier")),
                        ("error", models.TextField(blank=True, verbose_name="erreur")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="demandé le"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="terminé le"),
                        ),
                        (
                            "requester",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="demandé par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export",
                        "verbose_name_plural": "exports",
                        "db_table": "reporting_exportjob",
                        "indexes": [
                            models.Index(
                                fields=["requester", "-created_at"],
                                name="reporting_e_request_112e4b_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
