"""The site's icons (favicon, home-screen icons), drawn from the council's logo or initials."""

import hashlib
import io
import logging

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont, ImageOps

logger = logging.getLogger(__name__)

ICON_SIZES = (180, 192, 512)
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
CACHE_SECONDS = 30 * 24 * 60 * 60


def icon_version(council):
    """Return a short fingerprint of what the icons are drawn from, to key caches and URLs."""
    source = f"{council.logo.name if council.logo else ''}|{council.primary_color}|"
    source += council.short_name
    return hashlib.sha256(source.encode()).hexdigest()[:10]


def initials(name):
    """Return up to two initials of the council's short name: "Dekranasda Mojokerto" → "DM"."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "D"


def _drawn_mark(council, size):
    image = Image.new("RGB", (size, size), council.primary_color)
    draw = ImageDraw.Draw(image)
    text = initials(council.short_name)
    font = ImageFont.load_default(size=size * (0.5 if len(text) > 1 else 0.62))
    draw.text((size / 2, size / 2), text, fill="white", font=font, anchor="mm")
    return image


def _from_logo(council, size):
    with council.logo.open("rb") as file:
        logo = Image.open(file)
        logo.load()
    logo = ImageOps.exif_transpose(logo).convert("RGBA")
    # Home screens crop icons to a circle or rounded square: keep the logo inside the margin.
    inner = round(size * 0.8)
    logo.thumbnail((inner, inner), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (size, size), "white")
    image.alpha_composite(logo, ((size - logo.width) // 2, (size - logo.height) // 2))
    return image.convert("RGB")


def icon_image(council, size):
    """Return the council's square icon of `size` pixels: its logo if readable, else a mark."""
    if council.logo:
        try:
            return _from_logo(council, size)
        except (OSError, ValueError):
            logger.warning("logo %s could not be read for the icon", council.logo.name)
    return _drawn_mark(council, size)


def _cached(council, kind, render):
    key = f"council:icon:{kind}:{icon_version(council)}"
    data = cache.get(key)
    if data is None:
        data = render()
        cache.set(key, data, CACHE_SECONDS)
    return data


def icon_png(council, size):
    """Return the PNG bytes of the council's icon at `size` pixels."""

    def render():
        buffer = io.BytesIO()
        icon_image(council, size).save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    return _cached(council, f"png{size}", render)


def favicon_ico(council):
    """Return the bytes of favicon.ico with the small sizes browsers ask for."""

    def render():
        buffer = io.BytesIO()
        icon_image(council, 64).save(buffer, "ICO", sizes=FAVICON_SIZES)
        return buffer.getvalue()

    return _cached(council, "ico", render)
