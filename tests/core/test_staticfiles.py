"""Production's static storage keeps each file's URL for the life of the process: the
manifest it reads them from does not change while the process lives."""

import json

import pytest

from mentor.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"site.css": "site.0123abcd.css"}, "hash": "x"})
    )
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_the_url_comes_from_the_manifest_and_is_kept(storage, monkeypatch):
    assert storage.url("site.css") == "/static/site.0123abcd.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # the manifest is not read again
    assert storage.url("site.css") == "/static/site.0123abcd.css"


def test_a_name_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("missing.css")


def test_collecting_forgets_the_kept_urls(storage):
    assert storage.url("site.css") == "/static/site.0123abcd.css"
    list(storage.post_process({}, dry_run=True))
    storage.hashed_files = {"site.css": "site.4567cdef.css"}  # what the new manifest says
    assert storage.url("site.css") == "/static/site.4567cdef.css"
