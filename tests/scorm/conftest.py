import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every SCORM test stores its files in a fresh folder, so "nothing left" is checkable."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
