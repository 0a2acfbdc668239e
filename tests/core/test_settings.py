"""The production configuration is clean, the embedded one works with no variable set, and
importing the settings only reads the environment."""

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from PIL import Image

from mentor.catalog.forms import TrainingForm
from mentor.core import tasks
from mentor.core.email import email_enqueue
from mentor.learning import files
from mentor.learning.forms import ActivityForm
from mentor.scorm.manifest import ScormImportError, archive_members, manifest_read
from tests.scorm.packages import valid_12

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
#: The upload limits of the settings, each read from the variable of the same name.
UPLOAD_LIMITS = {
    "CATALOG_MAX_IMAGE_BYTES": 2 * MB,
    "LEARNING_MAX_DOCUMENT_BYTES": 100 * MB,
    "LEARNING_MAX_VIDEO_BYTES": 1024 * MB,
    "LEARNING_MAX_CAPTIONS_BYTES": 2 * MB,
    "LEARNING_MAX_IMAGE_BYTES": 5 * MB,
    "LEARNING_MAX_IMAGE_PIXELS": 40_000_000,
    "SCORM_MAX_UPLOAD_BYTES": 500 * MB,
    "SCORM_MAX_UNCOMPRESSED_BYTES": 2048 * MB,
    "SCORM_MAX_FILES": 10_000,
    "SCORM_MAX_COMPRESSION_RATIO": 200,
    "SCORM_MAX_MANIFEST_BYTES": 5 * MB,
    "DATA_UPLOAD_MAX_MEMORY_SIZE": 5 * MB,
    "FILE_UPLOAD_MAX_MEMORY_SIZE": 5 * MB,
}
#: Variables of this test process that must not reach the settings under test.
_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MENTOR_VAR_DIR",
    *UPLOAD_LIMITS,
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
        SITE_URL="https://mentor.example.gouv.fr",
        SCORM_CONTENT_ORIGIN="https://scorm.mentor.example.gouv.fr",
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


def test_upload_limits_have_defaults_and_come_from_the_environment():
    key = {"SECRET_KEY": "s" * 60}
    assert _settings(*UPLOAD_LIMITS, **key) == UPLOAD_LIMITS
    given = {name: str(value // 2 + 7) for name, value in UPLOAD_LIMITS.items()}
    assert _settings(*UPLOAD_LIMITS, **key, **given) == {
        name: int(value) for name, value in given.items()
    }


def _png(size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


class TestTheCodeUsesTheUploadLimits:
    """Each limit, lowered in the settings, refuses an upload the default accepts."""

    @pytest.mark.parametrize(
        ("setting", "validate", "name", "content"),
        [
            ("LEARNING_MAX_DOCUMENT_BYTES", files.validate_document, "a.pdf", b"%PDF-1.7 " * 20),
            ("LEARNING_MAX_VIDEO_BYTES", files.validate_video, "a.mp4", b"\0\0\0\x18ftyp" * 20),
            (
                "LEARNING_MAX_CAPTIONS_BYTES",
                files.validate_captions,
                "a.vtt",
                b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n" * 5,
            ),
            ("LEARNING_MAX_IMAGE_BYTES", files.validate_image, "a.png", _png()),
        ],
    )
    def test_course_files(self, settings, setting, validate, name, content):
        validate(SimpleUploadedFile(name, content))  # accepted under the default
        setattr(settings, setting, 3 * MB)
        validate(SimpleUploadedFile(name, content))
        setattr(settings, setting, len(content) - 1)
        with pytest.raises(ValidationError, match="taille maximale autorisée"):
            validate(SimpleUploadedFile(name, content))

    def test_image_pixels(self, settings):
        settings.LEARNING_MAX_IMAGE_PIXELS = 4000_000
        files.validate_image(SimpleUploadedFile("a.png", _png((64, 64))))
        settings.LEARNING_MAX_IMAGE_PIXELS = 64 * 63
        with pytest.raises(ValidationError, match="trop grande"):
            files.validate_image(SimpleUploadedFile("a.png", _png((64, 64))))

    def test_scorm_manifest(self, settings):
        data = valid_12()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive_members(archive)
            assert manifest_read(archive, members).title
            settings.SCORM_MAX_MANIFEST_BYTES = 100
            with pytest.raises(ScormImportError, match="anormalement volumineux"):
                manifest_read(archive, members)

    @pytest.mark.django_db
    def test_training_illustration(self, settings, platform_admin):
        noise = Image.frombytes("RGB", (620, 620), random.Random(0).randbytes(620 * 620 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "PNG")
        png = buffer.getvalue()
        assert MB < len(png) < 2 * MB

        def errors():
            image = SimpleUploadedFile("a.png", png, content_type="image/png")
            form = TrainingForm(data={"title": "x"}, files={"image": image}, user=platform_admin)
            form.is_valid()
            return form.errors.get("image", [])

        assert errors() == []  # within the default 2 MB
        settings.CATALOG_MAX_IMAGE_BYTES = MB
        assert errors() == ["L’illustration ne doit pas dépasser 1 Mo."]

    def test_help_texts_say_the_limits_in_force(self, settings):
        settings.LEARNING_MAX_IMAGE_BYTES = 3 * MB
        settings.LEARNING_MAX_DOCUMENT_BYTES = 20 * MB
        settings.LEARNING_MAX_VIDEO_BYTES = 300 * MB
        assert "3 Mo au plus" in str(ActivityForm(kind="page").fields["image"].help_text)
        help_text = str(ActivityForm(kind="video").fields["file"].help_text)
        assert "(20 Mo au plus)" in help_text and "(300 Mo au plus)" in help_text


@pytest.mark.django_db
def test_emails_go_through_the_celery_task(
    mailoutbox, settings, django_capture_on_commit_callbacks
):

    settings.CELERY_TASK_ALWAYS_EAGER = False

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
