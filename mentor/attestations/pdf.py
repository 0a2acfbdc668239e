"""The attestation as an A4 PDF, drawn on demand from the stored snapshot (nothing is kept
on disk: the same row always gives the same document)."""

from io import BytesIO

import qrcode
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from mentor.attestations.models import Attestation

BLUE_FRANCE = HexColor("#000091")
GREY = HexColor("#3a3a3a")
REGULAR, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
MAX_DETAIL_LINES = 12  # what fits between the body and the footer of one A4 page


def _date(value) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def _qr_image(url: str) -> ImageReader:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    return ImageReader(image)


def _centred_lines(canvas: Canvas, text: str, *, y: float, font: str, size: float, width: float):
    """Draw ``text`` centred, wrapped to ``width``; return the y below the last line."""
    page_width = A4[0]
    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, width):
        canvas.drawCentredString(page_width / 2, y, line)
        y -= size * 1.35
    return y


def attestation_pdf(attestation: Attestation, *, verify_url: str) -> bytes:
    """The French attestation of participation, with its number, verification address and a
    QR code of that address."""
    with translation.override("fr"):
        return _draw(attestation, verify_url)


def _draw(attestation: Attestation, verify_url: str) -> bytes:
    buffer = BytesIO()
    width, height = A4
    margin = 22 * mm
    text_width = width - 2 * margin
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(_("Attestation de participation %(number)s") % {"number": attestation.number})
    canvas.setSubject(attestation.training_title)
    canvas.setAuthor("Mentor")
    canvas.setCreator("Mentor")

    # Header: the State's block mark, as text only.
    y = height - margin
    canvas.setFillColor(BLUE_FRANCE)
    canvas.setFont(BOLD, 13)
    canvas.drawString(margin, y, "RÉPUBLIQUE")
    canvas.drawString(margin, y - 15, "FRANÇAISE")
    canvas.setFont(ITALIC, 8)
    for i, word in enumerate(("Liberté", "Égalité", "Fraternité")):
        canvas.drawString(margin, y - 32 - i * 10, word)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 9)
    canvas.drawRightString(width - margin, y, "Mentor")
    canvas.drawRightString(
        width - margin, y - 12, _("Plateforme de formation des agents de l’État")
    )

    # Title.
    canvas.setFillColor(BLUE_FRANCE)
    y = height - 85 * mm
    y = _centred_lines(
        canvas, _("Attestation de participation"), y=y, font=BOLD, size=24, width=text_width
    )
    canvas.setStrokeColor(BLUE_FRANCE)
    canvas.setLineWidth(1.2)
    canvas.line(width / 2 - 25 * mm, y + 8, width / 2 + 25 * mm, y + 8)

    # Body.
    canvas.setFillColor(HexColor("#161616"))
    y -= 14 * mm
    y = _centred_lines(
        canvas, _("Il est attesté que"), y=y, font=REGULAR, size=12, width=text_width
    )
    y -= 3
    name = attestation.learner_full_name or "—"
    y = _centred_lines(canvas, name, y=y, font=BOLD, size=17, width=text_width)
    y -= 3
    y = _centred_lines(
        canvas, _("a suivi la formation"), y=y, font=REGULAR, size=12, width=text_width
    )
    y -= 3
    y = _centred_lines(
        canvas, f"« {attestation.training_title} »", y=y, font=BOLD, size=15, width=text_width
    )
    y -= 6
    details = [
        _("produite par %(producer)s,") % {"producer": attestation.producer_name},
        _("d’une durée indicative de %(duration)s,") % {"duration": attestation.duration_display},
        _("et l’a terminée le %(date)s.") % {"date": _date(attestation.completed_at)},
    ]
    for line in details:
        y = _centred_lines(canvas, line, y=y, font=REGULAR, size=12, width=text_width)
    if attestation.details:  # a path: its modules, and those credited from earlier work
        y -= 4 * mm
        y = _centred_lines(
            canvas, _("Contenu attesté :"), y=y, font=BOLD, size=9.5, width=text_width
        )
        for line in attestation.details[:MAX_DETAIL_LINES]:
            y = _centred_lines(canvas, line, y=y, font=REGULAR, size=9.5, width=text_width)

    y -= 10 * mm
    _centred_lines(
        canvas,
        _("Fait pour servir et valoir ce que de droit, le %(date)s.")
        % {"date": _date(attestation.issued_at)},
        y=y,
        font=ITALIC,
        size=10,
        width=text_width,
    )

    # Footer: number, verification address and its QR code.
    qr_size = 32 * mm
    bottom = margin
    canvas.drawImage(_qr_image(verify_url), width - margin - qr_size, bottom, qr_size, qr_size)
    canvas.setStrokeColor(HexColor("#dddddd"))
    canvas.setLineWidth(0.6)
    canvas.line(margin, bottom + qr_size + 6 * mm, width - margin, bottom + qr_size + 6 * mm)
    footer_width = text_width - qr_size - 8 * mm
    canvas.setFillColor(HexColor("#161616"))
    canvas.setFont(BOLD, 11)
    line_y = bottom + qr_size - 6
    canvas.drawString(
        margin, line_y, _("Attestation n° %(number)s") % {"number": attestation.number}
    )
    canvas.setFont(REGULAR, 9)
    line_y -= 16
    for line in simpleSplit(
        _("Vérifiez son authenticité en scannant le code ou à l’adresse :"),
        REGULAR,
        9,
        footer_width,
    ):
        canvas.drawString(margin, line_y, line)
        line_y -= 12
    canvas.setFillColor(BLUE_FRANCE)
    url_top = line_y + 10
    for line in simpleSplit(verify_url, REGULAR, 9, footer_width):
        canvas.drawString(margin, line_y, line)
        line_y -= 12
    canvas.linkURL(verify_url, (margin, line_y + 9, margin + footer_width, url_top), relative=0)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
