"""Uploaded photos: validation, re-encoding without metadata, resized renditions.

Renditions are made once, when a photo is stored, and named after it:
``products/2026/tas.jpg`` has ``renditions/products/2026/tas-640.webp`` and
``…-640.jpg`` beside it, for each width in RENDITION_WIDTHS that is not larger
than the original.
"""

import functools
import hashlib
import io
import posixpath
import secrets
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

RENDITION_WIDTHS = (320, 640, 1024, 1600)
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@deconstructible
class UniquePhotoPath:
    """Name a stored photo by a random token under `folder/<year>/`.

    No upload can replace another record's photo or renditions, and a photo of an
    unpublished product cannot be found by guessing its name.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = posixpath.splitext(filename)[1].lower() or ".jpg"
        token = secrets.token_urlsafe(12)
        return f"{self.folder}/{timezone.now():%Y}/{token}{extension}"

    def __eq__(self, other):
        return isinstance(other, UniquePhotoPath) and other.folder == self.folder


def validate_image_upload(file):
    """Refuse anything that is not a JPEG, PNG or WebP photo of sane size."""
    if file is None or getattr(file, "_committed", False):
        return
    if file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); maksimal %(max)s MB."),
            code="too_large",
            params={
                "size": round(file.size / 1_048_576, 1),
                "max": settings.IMAGE_MAX_BYTES // 1_048_576,
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Gambar memiliki terlalu banyak piksel."), code="too_many_pixels"
        ) from error
    except Exception as error:
        raise ValidationError(
            _("Berkas ini bukan gambar yang dapat dibaca. Unggah foto JPEG, PNG, atau WebP."),
            code="not_an_image",
        ) from error
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Format %(format)s tidak diterima. Unggah foto JPEG, PNG, atau WebP."),
            code="bad_format",
            params={"format": image_format},
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("Gambar terlalu besar (%(width)s×%(height)s piksel)."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )


def _flatten(image):
    """Return an RGB copy, with transparency laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def reencode(file):
    """Return the photo re-encoded upright, with EXIF and other metadata dropped.

    Phone photos carry GPS positions: an artisan's home must not leak.
    """
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        # A fresh image has no info dict to carry EXIF, XMP or text chunks.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
    out = io.BytesIO()
    if image_format == "PNG":
        clean.save(out, "PNG", optimize=True)
    elif image_format == "WEBP":
        clean.save(out, "WEBP", quality=85)
    else:
        _flatten(clean).save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(out.getvalue())


def rendition_name(name, width, extension):
    stem, _ext = posixpath.splitext(name)
    return f"renditions/{stem}-{width}.{extension}"


def rendition_widths(original_width):
    """Return the widths rendered for a photo `original_width` pixels wide."""
    original_width = original_width or RENDITION_WIDTHS[0]
    widths = [w for w in RENDITION_WIDTHS if w < original_width]
    if original_width <= RENDITION_WIDTHS[-1]:
        widths.append(original_width)
    return widths


def make_renditions(name, storage=default_storage):
    """Write the WebP and JPEG renditions of the stored photo `name`."""
    with storage.open(name) as f, Image.open(f) as original:
        image = _flatten(original)
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        for extension, kwargs in (
            ("webp", {"format": "WEBP", "quality": 78, "method": 2}),
            ("jpg", {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True}),
        ):
            out = io.BytesIO()
            resized.save(out, **kwargs)
            target = rendition_name(name, width, extension)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(out.getvalue()))


def file_digest(file):
    """Return the SHA-256 of an uploaded file's bytes, leaving it ready to read again."""
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    return digest


def store_photo(fieldfile):
    """Re-encode a newly assigned photo, save it, and prepare its renditions.

    Call from a model's save() before the row is written; does nothing for a
    photo that is already stored.
    """
    if not fieldfile or fieldfile._committed:
        return False
    clean = reencode(fieldfile.file)
    instance, field = fieldfile.instance, fieldfile.field
    fieldfile.save(posixpath.basename(fieldfile.name), clean, save=False)
    if hasattr(field, "update_dimension_fields"):
        field.update_dimension_fields(instance, force=True)
    make_renditions(fieldfile.name, fieldfile.storage)
    return True


def rendition_url(fieldfile, width, extension, *, storage=None):
    """Return the URL of one rendition of a stored photo (a field file, or a name and storage)."""
    name = getattr(fieldfile, "name", fieldfile)
    storage = storage or fieldfile.storage
    if isinstance(storage, FileSystemStorage):
        # Local URLs are the stem's URL plus the suffix: one URL built per photo,
        # not one per rendition (a list page shows hundreds).
        return f"{_local_stem_url(storage.base_url, name)}-{width}.{extension}"
    return storage.url(rendition_name(name, width, extension))


@functools.lru_cache(maxsize=4096)
def _local_stem_url(base_url, name):
    return urljoin(base_url, filepath_to_uri(rendition_name(name, 0, "x")[: -len("-0.x")]))


def srcset(fieldfile, width, extension):
    """Return the `srcset` value listing a stored photo's renditions."""
    return ", ".join(
        f"{rendition_url(fieldfile, w, extension)} {w}w" for w in rendition_widths(width)
    )


def thumbnail_url(fieldfile, width, extension="jpg"):
    """Return the URL of a stored photo's smallest rendition."""
    return rendition_url(fieldfile, rendition_widths(width)[0], extension)
