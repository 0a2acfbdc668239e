"""The one file-serving helper: content types, ranges and the security headers asked for."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from mentor.core.files import SANDBOX_POLICY, content_type_for, stored_file_response


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a/index.HTML", "text/html; charset=utf-8"),
        ("app.js", "text/javascript"),
        ("film.mp4", "video/mp4"),
        ("sous-titres.vtt", "text/vtt; charset=utf-8"),
        ("police.woff2", "font/woff2"),
        ("cours.pdf", "application/pdf"),
        ("sans-extension", "application/octet-stream"),
        ("", "application/octet-stream"),
    ],
)
def test_content_type_for(name, expected):
    assert content_type_for(name) == expected


@pytest.fixture
def stored(settings, tmp_path, db):
    # ``db``: closing a response sends request_finished, which checks the connections.
    settings.MEDIA_ROOT = str(tmp_path)
    return default_storage.save("dossier/page.html", ContentFile(b"<p>0123456789</p>"))


def _body(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return body


def test_a_file_is_sandboxed_by_default(stored):
    response = stored_file_response(RequestFactory().get("/"), name=stored)

    assert response.status_code == HTTPStatus.OK
    assert _body(response) == b"<p>0123456789</p>"
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"


def test_the_caller_sets_its_own_headers(stored):
    request = RequestFactory().get("/", headers={"range": "bytes=3-7"})

    response = stored_file_response(
        request, name=stored, headers={"Referrer-Policy": "no-referrer"}, max_age=60
    )

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert _body(response) == b"01234"
    assert "Content-Security-Policy" not in response
    assert response["Referrer-Policy"] == "no-referrer"
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["", "dossier", "absent.html"])
def test_missing_files_and_folders_are_404(stored, name):
    with pytest.raises(Http404):
        stored_file_response(RequestFactory().get("/"), name=name)
