"""The production configuration is clean, the embedded one works with no variable set, and
importing the settings only reads the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Variables of this test process that must not reach the settings under test.
_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MENTOR_VAR_DIR",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Python in a fresh process, on the production settings module (not the tests')."""
    clean = {k: v for k, v in os.environ.items() if k not in _INHERITED}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "mentor.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return _run("manage.py", *args, **env)


def _settings(*names: str, **env: str) -> dict:
    """Django set up in a fresh process; the named settings as it sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = _run("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_with_production_settings_prints_no_warning(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-secret-key-that-is-long-and-random-0123456789",
        ALLOWED_HOSTS="mentor.example.gouv.fr",
        MENTOR_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "System check identified no issues" in result.stdout


def test_embedded_default_migrates_a_sqlite_database_in_var_and_writes_no_key(tmp_path):
    """What `make migrate` does: var/ created beforehand, DEBUG on, no variable else."""
    result = _manage("migrate", "-v", "0", DEBUG="true", MENTOR_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentor.sqlite3"]


def test_with_debug_off_mentor_refuses_to_start_without_secret_key(tmp_path):
    result = _manage("check", DEBUG="false", MENTOR_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr
    assert "the same long random SECRET_KEY on every machine" in result.stderr
    # An empty value is no key either.
    result = _run("-c", "import mentor.settings", DEBUG="false", SECRET_KEY="")
    assert "SECRET_KEY is not set" in result.stderr and result.returncode != 0


def test_with_debug_on_the_development_key_is_stable_and_flagged_as_insecure(tmp_path):
    first = _settings("SECRET_KEY", DEBUG="true", MENTOR_VAR_DIR=str(tmp_path))
    again = _settings("SECRET_KEY", DEBUG="true", MENTOR_VAR_DIR=str(tmp_path))
    assert first == again  # sessions survive a restart of `make run`
    assert first["SECRET_KEY"].startswith("django-insecure-")  # check --deploy says so
    assert len(first["SECRET_KEY"]) > 50
    given = _settings("SECRET_KEY", DEBUG="true", SECRET_KEY="k" * 60)
    assert given == {"SECRET_KEY": "k" * 60}


@pytest.mark.parametrize(
    ("module", "env"),
    [
        pytest.param("mentor.settings", {"DEBUG": "true"}, id="development"),
        pytest.param("mentor.settings", {"SECRET_KEY": "s" * 60}, id="production"),
        pytest.param("mentor.settings_test", {}, id="tests"),
    ],
)
def test_starting_django_creates_no_folder_and_writes_no_file(tmp_path, module, env):
    var = tmp_path / "var"  # does not exist, and must not after Django has started
    code = "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY"
    result = _run("-c", code, DJANGO_SETTINGS_MODULE=module, MENTOR_VAR_DIR=str(var), **env)
    assert result.returncode == 0, result.stderr
    assert not var.exists()
    assert list(tmp_path.iterdir()) == []


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
