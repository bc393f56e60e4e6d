"""QR codes that open a page of the site: inline SVG for HTML, vector drawing for PDF."""

import segno
from django.utils.safestring import mark_safe

# Modules of light margin around a code: enough for phone cameras on white paper.
QUIET_ZONE = 2


def qr_code(url, mask=None):
    """Return the QR code for `url`, with medium error correction (survives a smudge).

    Without `mask`, segno tries all eight and keeps the one easiest to scan.
    """
    return segno.make(url, error="m", mask=mask)


def qr_svg(url, title):
    """Return an inline SVG QR code for `url` (no image file, no inline script)."""
    svg = qr_code(url).svg_inline(
        border=QUIET_ZONE, omitsize=True, title=title, svgclass="qr", dark="#000"
    )
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is path data


def draw_qr(canvas, url, x, y, size, *, mask=None):
    """Draw the QR code for `url` on a ReportLab canvas in the square at (x, y), linked to it.

    Drawn as vector rectangles, one per run of dark modules, so it stays sharp at any
    printer resolution and adds no image to the document.
    """
    matrix = qr_code(url, mask).matrix
    count = len(matrix) + 2 * QUIET_ZONE
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + QUIET_ZONE + 1) * module
        start = None
        for column, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(x + (start + QUIET_ZONE) * module, top, (column - start) * module, module)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)
