"""Importing SCORM packages: what authoring tools export is accepted, and every malicious
or broken archive is refused with a French message, leaving nothing behind."""

import random
import zipfile

import pytest

from mentor.scorm import manifest, services
from mentor.scorm.manifest import ScormImportError
from mentor.scorm.models import Package
from mentor.scorm.services import package_import
from tests.factories import TrainingFactory, UserFactory
from tests.scorm.conftest import stored_files
from tests.scorm.packages import (
    SCO_12_HTML,
    build_zip,
    manifest_12,
    manifest_2004,
    patch_entries,
    symlink_entry,
    upload,
    valid_12,
    valid_2004,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def training():
    return TrainingFactory()


@pytest.fixture
def designer():
    return UserFactory()


def _import(training, designer, data: bytes, name="module.zip") -> Package:
    return package_import(training=training, uploaded_file=upload(data, name), actor=designer)


class TestValidPackages:
    def test_scorm_12_is_stored_with_its_launch_page(self, training, designer, media):
        package = _import(training, designer, valid_12(parameters="?mode=normal"))

        assert package.version == "1.2"
        assert package.title == "Module de test 1.2"  # the default organization's title
        assert package.launch_path == "index.html?mode=normal"
        assert package.file_count == 4
        assert package.total_size == sum(
            len(c.encode())
            for c in (
                manifest_12(parameters="?mode=normal"),
                SCO_12_HTML,
                "<p>ressource</p>",
                "body { color: #161616; }",
            )
        )
        assert package.uploaded_by == designer
        assert package.storage_prefix.startswith("scorm/")
        prefix = package.storage_prefix
        assert stored_files(media) == sorted(
            f"{prefix}/{name}"
            for name in ("imsmanifest.xml", "index.html", "asset.html", "css/style.css")
        )
        assert (media / prefix / "index.html").read_text() == SCO_12_HTML

    def test_scorm_2004_with_xml_base(self, training, designer, media):
        data = build_zip(
            {
                "imsmanifest.xml": manifest_2004(href="start.html", base="content/"),
                "content/start.html": "<p>2004</p>",
            }
        )
        package = _import(training, designer, data)

        assert package.version == "2004"
        assert package.title == "Module de test 2004"
        assert package.launch_path == "content/start.html"
        assert package.file_count == 2

    def test_scorm_2004_detected_by_namespace_without_schemaversion(self, training, designer):
        manifest = manifest_2004().replace("<schemaversion>2004 4th Edition</schemaversion>", "")
        data = build_zip({"imsmanifest.xml": manifest, "content/start.html": "<p>ok</p>"})

        assert _import(training, designer, data).version == "2004"

    def test_parameters_without_question_mark_are_appended(self, training, designer):
        package = _import(training, designer, valid_12(parameters="lang=fr"))

        assert package.launch_path == "index.html?lang=fr"

    def test_directories_entries_are_skipped(self, training, designer, media):
        data = build_zip({"css/": b"", "imsmanifest.xml": manifest_12(), "index.html": "x"})

        package = _import(training, designer, data)

        assert package.file_count == 2

    def test_macos_and_finder_junk_is_not_stored(self, training, designer, media):
        data = build_zip(
            {
                "imsmanifest.xml": manifest_12(),
                "index.html": SCO_12_HTML,
                ".DS_Store": b"\x00\x00\x00\x01Bud1",
                "css/.DS_Store": b"\x00\x00\x00\x01Bud1",
                "__MACOSX/._index.html": b"\x00\x05\x16\x07",
                "__MACOSX/css/._style.css": b"\x00\x05\x16\x07",
                "css/style.css": "body {}",
            }
        )

        package = _import(training, designer, data)

        assert package.file_count == 3
        prefix = package.storage_prefix
        assert stored_files(media) == sorted(
            f"{prefix}/{name}" for name in ("imsmanifest.xml", "index.html", "css/style.css")
        )

    def test_junk_alone_is_an_empty_package(self, training, designer, media):
        data = build_zip({"__MACOSX/._x": b"x", ".DS_Store": b"x"})

        with pytest.raises(ScormImportError, match="Le paquet est vide"):
            _import(training, designer, data)
        assert stored_files(media) == []

    def test_valid_2004_helper(self, training, designer):
        assert _import(training, designer, valid_2004()).launch_path == "content/start.html"


XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<manifest><metadata><schemaversion>&xxe;</schemaversion></metadata></manifest>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<manifest><metadata><schemaversion>&lol4;</schemaversion></metadata></manifest>"""


def _with_manifest(manifest: str, extra: dict | None = None) -> bytes:
    return build_zip({"imsmanifest.xml": manifest, "index.html": SCO_12_HTML, **(extra or {})})


ZEROS = b"\0" * (50 * 1024 * 1024)


class TestRefusedPackages:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            pytest.param(
                b"Ceci n'est pas une archive.", "n’est pas une archive ZIP", id="not-a-zip"
            ),
            pytest.param(b"", "n’est pas une archive ZIP", id="empty-file"),
            pytest.param(b"%PDF-1.7\n" + b"x" * 200, "n’est pas une archive ZIP", id="pdf"),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "../evil.html": "x"}
                ),
                "chemin de fichier interdit",
                id="zip-slip",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "a/../../evil.html": "x"}
                ),
                "chemin de fichier interdit",
                id="zip-slip-nested",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "/etc/evil.html": "x"}
                ),
                "chemin de fichier interdit",
                id="absolute-path",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "C:/evil.html": "x"}
                ),
                "chemin de fichier interdit",
                id="drive-letter",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "..\\evil.html": "x"}
                ),
                "chemin de fichier interdit",
                id="backslash",
            ),
            pytest.param(
                build_zip(
                    {
                        "imsmanifest.xml": manifest_12(),
                        "index.html": "x",
                        symlink_entry("link.html"): "/etc/passwd",
                    }
                ),
                "lien symbolique",
                id="symlink",
            ),
            pytest.param(patch_entries(valid_12(), flags=0x1), "chiffré", id="encrypted"),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "bomb.bin": ZEROS},
                    level=9,
                ),
                "anormalement compressé",
                id="zip-bomb-ratio",
            ),
            pytest.param(
                build_zip({"index.html": SCO_12_HTML}),
                "imsmanifest.xml est introuvable",
                id="no-manifest",
            ),
            pytest.param(
                build_zip(
                    {
                        "course.crs": "[Course]\nCourse_ID=C1\n",
                        "course.au": '"System_ID","File_Name"\n"A1","index.html"\n',
                        "course.des": '"System_ID","Title"\n"A1","Leçon"\n',
                        "course.cst": '"Block","Member"\n"root","A1"\n',
                        "index.html": "x",
                    }
                ),
                "AICC n’est pas pris en charge",
                id="aicc",
            ),
            pytest.param(
                build_zip({"sons/cloche.au": b".snd", "index.html": "x"}),
                "imsmanifest.xml est introuvable",  # an audio .au is not AICC
                id="no-manifest-with-au-audio",
            ),
            pytest.param(
                build_zip({"module/imsmanifest.xml": manifest_12(), "module/index.html": "x"}),
                "imsmanifest.xml est introuvable",
                id="manifest-not-at-root",
            ),
            pytest.param(
                _with_manifest("<manifest><organizations>"),
                "pas un document XML valide",
                id="broken-xml",
            ),
            pytest.param(_with_manifest(XXE), "déclarations interdites", id="xxe"),
            pytest.param(
                _with_manifest(BILLION_LAUGHS), "déclarations interdites", id="billion-laughs"
            ),
            pytest.param(
                build_zip({"imsmanifest.xml": manifest_12(href="missing.html"), "index.html": "x"}),
                "« missing.html » indiquée dans le manifeste est absente",
                id="launch-missing",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(href="../index.html"), "index.html": "x"}
                ),
                "est absente du paquet",
                id="launch-outside",
            ),
            pytest.param(
                build_zip(
                    {
                        "imsmanifest.xml": manifest_12(href="https://example.org/sco.html"),
                        "index.html": "x",
                    }
                ),
                "pas sur un autre site",
                id="launch-external",
            ),
            pytest.param(
                _with_manifest(
                    manifest_12(schema="CAM 1.0").replace(
                        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
                        'xmlns:adlcp="urn:x"',
                    )
                ),
                "version SCORM du paquet n’est pas reconnue",
                id="unknown-version",
            ),
            pytest.param(
                _with_manifest(
                    "<manifest><metadata><schemaversion>1.2</schemaversion></metadata>"
                    '<organizations default="A"/></manifest>'
                ),
                "aucune organisation",
                id="no-organization",
            ),
            pytest.param(
                _with_manifest(manifest_12().replace('scormtype="sco"', 'scormtype="asset"')),
                "aucun élément",
                id="no-sco",
            ),
            pytest.param(
                build_zip(
                    {"imsmanifest.xml": manifest_12(), "index.html": "x", "index.html/x": "y"}
                ),
                "à la fois un fichier et un dossier",
                id="file-and-folder",
            ),
            pytest.param(
                patch_entries(
                    build_zip({"imsmanifest.xml": manifest_12(), "index.html": "x" * 100_000}),
                    file_size=50,
                ),
                "endommagée",
                id="lying-sizes",
            ),
        ],
    )
    def test_refused_and_nothing_left(self, training, designer, media, data, message):
        with pytest.raises(ScormImportError, match=message):
            _import(training, designer, data)

        assert not Package.objects.exists()
        assert stored_files(media) == []

    def test_too_big_upload(self, training, designer, media, settings):
        settings.SCORM_MAX_UPLOAD_BYTES = 100

        with pytest.raises(ScormImportError, match="taille maximale autorisée"):
            _import(training, designer, valid_12())

        assert not Package.objects.exists()

    def test_too_many_files(self, training, designer, media, settings):
        settings.SCORM_MAX_FILES = 5
        data = build_zip(
            {"imsmanifest.xml": manifest_12(), "index.html": "x"}
            | {f"p{i}.html": "x" for i in range(10)}
        )

        with pytest.raises(ScormImportError, match="trop de fichiers"):
            _import(training, designer, data)

        assert stored_files(media) == []

    def test_zip_bomb_beyond_uncompressed_limit(self, training, designer, media, settings):
        """50 MB of zeros, within the ratio allowed here but beyond the size limit."""
        settings.SCORM_MAX_COMPRESSION_RATIO = 10_000
        settings.SCORM_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
        data = build_zip(
            {"imsmanifest.xml": manifest_12(), "index.html": "x", "bomb.bin": ZEROS}, level=9
        )
        assert len(data) < 200_000

        with pytest.raises(ScormImportError, match="dépasse la taille autorisée"):
            _import(training, designer, data)

        assert stored_files(media) == []

    def test_size_limit_enforced_while_extracting(
        self, training, designer, media, settings, monkeypatch
    ):
        """Even if the declared sizes passed, inflating more than the limit stops the import
        and removes the files already stored."""
        noise = random.Random(0).randbytes(5000)  # incompressible: the ratio check passes
        data = build_zip({"imsmanifest.xml": manifest_12(), "index.html": noise, "z.bin": noise})
        real = manifest.archive_members

        def members_then_lower_limit(archive):
            members = real(archive)
            settings.SCORM_MAX_UNCOMPRESSED_BYTES = 6000
            return members

        monkeypatch.setattr(services, "archive_members", members_then_lower_limit)

        with pytest.raises(ScormImportError, match="dépasse la taille autorisée"):
            _import(training, designer, data)

        assert not Package.objects.exists()
        assert stored_files(media) == []

    def test_database_failure_removes_stored_files(self, training, designer, media, monkeypatch):
        def broken_create(**kwargs):
            raise RuntimeError("base indisponible")

        monkeypatch.setattr(Package.objects, "create", broken_create)

        with pytest.raises(RuntimeError):
            _import(training, designer, valid_12())

        assert stored_files(media) == []

    def test_unsupported_compression(self, training, designer, media):
        data = build_zip({"imsmanifest.xml": manifest_12(), "index.html": "x"})
        # Compression method 99 (AES, WinZip) in every header.
        patched = bytearray(data)
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            start = 0
            while (found := patched.find(signature, start)) != -1:
                patched[found + offset : found + offset + 2] = (99).to_bytes(2, "little")
                start = found + 4

        with pytest.raises(ScormImportError):
            _import(training, designer, bytes(patched))

        assert stored_files(media) == []


def test_is_zipfile_accepts_our_helpers():
    assert zipfile.is_zipfile(upload(valid_12()))
