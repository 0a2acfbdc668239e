"""Celery application. Without a broker (embedded default) tasks run inline (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentor.settings")

app = Celery("mentor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
