"""SCORM packages built in memory for the tests: valid 1.2 and 2004 exports, and the
malicious archives an import must refuse."""

import io
import stat
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

NS_12 = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)
NS_2004 = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
    'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
)


def manifest_12(*, title="Module de test 1.2", href="index.html", parameters="", schema="1.2"):
    params = f' parameters="{parameters}"' if parameters else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" version="1.0" {NS_12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{schema}</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-2"><title>Mauvaise organisation</title>
      <item identifier="ITEM-X" identifierref="RES-X"><title>X</title></item>
    </organization>
    <organization identifier="ORG-1">
      <title>{title}</title>
      <item identifier="ITEM-0"><title>Chapitre</title>
        <item identifier="ITEM-1" identifierref="RES-1"{params}><title>Leçon 1</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-ASSET" type="webcontent" adlcp:scormtype="asset" href="asset.html">
      <file href="asset.html"/>
    </resource>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="{href}">
      <file href="{href}"/>
    </resource>
    <resource identifier="RES-X" type="webcontent" adlcp:scormtype="sco" href="other.html"/>
  </resources>
</manifest>
"""


def manifest_2004(*, title="Module de test 2004", href="content/start.html", base=""):
    xml_base = f' xml:base="{base}"' if base else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-2004" version="1" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>{title}</title>
      <item identifier="ITEM-1" identifierref="RES-1"><title>Partie 1</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="{href}"{xml_base}>
      <file href="{href}"/>
    </resource>
  </resources>
</manifest>
"""


def manifest_2004_of(
    *, identifier: str, title: str, items: str, scos: dict[str, str], edition: str = "4th Edition"
) -> str:
    """A SCORM 2004 manifest of one organisation ``ORG`` titled ``title`` and holding
    ``items`` (its items, and its own sequencing, as XML), with one SCO resource for each
    ``{resource identifier: href}`` of ``scos``."""
    resources = "".join(
        f'    <resource identifier="{resource}" type="webcontent" adlcp:scormType="sco"'
        f' href="{href}"><file href="{href}"/></resource>\n'
        for resource, href in scos.items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 {edition}</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources>
{resources}  </resources>
</manifest>
"""


SCO_12_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>SCO de test</title></head>
<body><main><h1>Leçon</h1><p id="state">chargement</p></main>
<script>
(function () {
  var win = window, api = null, hops = 0;
  while (win && !win.API && win.parent && win.parent !== win && hops < 10) {
    win = win.parent; hops += 1;
  }
  api = win && win.API;
  var out = document.getElementById("state");
  if (!api) { out.textContent = "API introuvable"; return; }
  api.LMSInitialize("");
  var before = api.LMSGetValue("cmi.suspend_data");
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  api.LMSSetValue("cmi.suspend_data", "page=3");
  api.LMSSetValue("cmi.core.session_time", "00:00:05");
  var committed = api.LMSCommit("");
  var finished = api.LMSFinish("");
  out.textContent = "fini:" + committed + ":" + finished + ":" + before;
})();
</script></body></html>
"""


def build_zip(files: dict, *, compression=zipfile.ZIP_DEFLATED, level=None) -> bytes:
    """A zip of ``{name: bytes | str}``; a ``zipfile.ZipInfo`` key is written as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=level) as archive:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            if isinstance(name, zipfile.ZipInfo):
                name.compress_type = compression
                archive.writestr(name, data)
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def symlink_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def valid_12(**kwargs) -> bytes:
    return build_zip(
        {
            "imsmanifest.xml": manifest_12(**kwargs),
            kwargs.get("href", "index.html"): SCO_12_HTML,
            "asset.html": "<p>ressource</p>",
            "css/style.css": "body { color: #161616; }",
        }
    )


def valid_2004(**kwargs) -> bytes:
    return build_zip(
        {
            "imsmanifest.xml": manifest_2004(**kwargs),
            "content/start.html": "<!DOCTYPE html><title>Début</title><p>2004</p>",
            "content/script.js": "console.log('ok');",
        }
    )


def patch_entries(data: bytes, *, file_size: int | None = None, flags: int | None = None) -> bytes:
    """Rewrite the headers of every entry: a lying uncompressed size, or flag bits (an
    "encrypted" entry). Local headers: flags at +6, size at +22; central: +8 and +24."""
    out = bytearray(data)
    for signature, flag_offset, size_offset in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        start = 0
        while (found := out.find(signature, start)) != -1:
            if flags is not None:
                current = struct.unpack_from("<H", out, found + flag_offset)[0]
                struct.pack_into("<H", out, found + flag_offset, current | flags)
            if file_size is not None:
                struct.pack_into("<I", out, found + size_offset, file_size)
            start = found + 4
    return bytes(out)


def upload(data: bytes, name: str = "module.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")
