"""The production configuration is clean, and the embedded one works with no variable set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_settings_prints_no_warning(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-secret-key-that-is-long-and-random-0123456789",
        ALLOWED_HOSTS="mentor.example.gouv.fr",
        SITE_URL="https://mentor.example.gouv.fr",
        SCORM_CONTENT_ORIGIN="https://scorm.mentor.example.gouv.fr",
        MENTOR_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "System check identified no issues" in result.stdout


def test_embedded_default_creates_its_secret_key_and_sqlite_database(tmp_path):
    result = _manage("migrate", "-v", "0", MENTOR_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mentor.sqlite3").exists()
    assert len((tmp_path / "secret_key").read_text()) > 50


@pytest.mark.django_db
def test_emails_go_through_the_celery_task(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    from mentor.core.email import email_enqueue

    settings.CELERY_TASK_ALWAYS_EAGER = False
    from mentor.core import tasks

    sent = []
    original = tasks.send_email.apply_async

    def queue(kwargs=None, **options):  # stands for the broker: records, then runs the task
        sent.append(kwargs)
        return tasks.send_email.apply(kwargs=kwargs)

    tasks.send_email.apply_async = queue
    try:
        with django_capture_on_commit_callbacks(execute=True):
            email_enqueue(EmailMessage("Sujet", "Corps", "from@x.fr", ["to@x.fr"]))
            assert sent == []  # nothing leaves before the transaction commits
    finally:
        tasks.send_email.apply_async = original
    assert sent[0]["to"] == ["to@x.fr"] and mailoutbox[0].subject == "Sujet"
