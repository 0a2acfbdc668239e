"""The attestation as a tagged, accessible A4 PDF (PDF/UA-1), drawn on demand from the stored
snapshot (nothing is kept on disk: the same row always gives the same document).

The document is an HTML template (``attestations/pdf.html``, styled by
``attestations/pdf.css``) laid out by WeasyPrint, which
writes the structure tree from the HTML (headings, paragraphs, the list of a path's modules,
the QR code as a figure with its alternative text, the link), the document language (``fr``),
its title and the PDF/UA identification in the XMP metadata. The DSFR's Marianne font is
embedded. WeasyPrint needs Pango (``scripts/ensure-weasyprint`` installs it).
"""

import base64
from io import BytesIO
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from mentor.attestations.models import Attestation

MAX_DETAIL_LINES = 12  # what fits between the body and the footer of one A4 page
PDF_VARIANT = "pdf/ua-1"
FONTS = {
    "regular": "dsfr/dist/fonts/Marianne-Regular.woff2",
    "bold": "dsfr/dist/fonts/Marianne-Bold.woff2",
    "italic": "dsfr/dist/fonts/Marianne-Regular_Italic.woff2",
}


def _qr_data_uri(url: str) -> str:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=2,
        image_factory=qrcode.image.svg.SvgPathFillImage,
    )
    qr.add_data(url)
    qr.make(fit=True)
    buffer = BytesIO()
    qr.make_image().save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _font_urls() -> dict[str, str]:
    """file:// addresses of the DSFR's Marianne font files (django-dsfr's static files)."""
    urls = {}
    for style, name in FONTS.items():
        found = finders.find(name)
        if found:
            urls[style] = Path(found).resolve().as_uri()
    return urls


class _Fetcher(URLFetcher):
    """Only the embedded data and the font files: the template holds user-written text (a
    training's title), and nothing in it may make the server fetch anything else."""

    def __init__(self, allowed: set[str]):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self._allowed = allowed

    def fetch(self, url, headers=None):
        if url.startswith("data:") or url in self._allowed:
            return super().fetch(url, headers)
        raise ValueError(f"Refused resource in the attestation: {url[:80]}")


def attestation_html(attestation: Attestation, *, verify_url: str) -> str:
    fonts = _font_urls()
    with translation.override("fr"):
        return render_to_string(
            "attestations/pdf.html",
            {
                "attestation": attestation,
                "verify_url": verify_url,
                "qr": _qr_data_uri(verify_url),
                "fonts": fonts,
                "details": attestation.details[:MAX_DETAIL_LINES],
            },
        )


def attestation_pdf(attestation: Attestation, *, verify_url: str) -> bytes:
    """The French attestation of participation, with its number, verification address and a
    QR code of that address, as a tagged PDF/UA-1 document."""
    fonts = _font_urls()
    html = attestation_html(attestation, verify_url=verify_url)
    fetcher = _Fetcher(set(fonts.values()))
    font_config = FontConfiguration()
    css = CSS(
        string=render_to_string("attestations/pdf.css", {"fonts": fonts}),
        url_fetcher=fetcher,
        font_config=font_config,
    )
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT, pdf_tags=True
    )
