"""Uploaded photos: validation, re-encoding without metadata, resized renditions.

A stored photo is named by a random token, never by the uploaded file's name.
Renditions are made once, when a photo is stored, and named after it:
``products/2026/Xq3…Tz.jpg`` has ``renditions/products/2026/Xq3…Tz-640.webp`` and
``…-640.jpg`` beside it, for each width in RENDITION_WIDTHS that is not larger
than the original.
"""

import functools
import hashlib
import io
import posixpath
import secrets
from urllib.parse import urljoin

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

RENDITION_WIDTHS = (320, 640, 1024, 1600)
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# The stored original's longest side: room above the largest rendition for a later,
# wider one, without keeping a camera's full size.
PHOTO_MAX_EDGE = 2400


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


def pixel_limit(image_format):
    """Return the most pixels accepted in a photo of `image_format`."""
    # Pillow decodes WebP through libwebp's animation decoder, which holds two more
    # full-size copies than the other formats need: half the pixels, the same memory.
    return settings.IMAGE_MAX_PIXELS // (2 if image_format == "WEBP" else 1)


def _refusal(name, message, code, **params):
    return ValidationError(message, code=code, params={"name": name, **params})


def validate_image_upload(file):
    """Refuse a new upload that is not a whole JPEG, PNG or WebP photo of sane size.

    A photo already stored was checked when it came and is left alone: forms
    validate it again each time its record is saved.
    """
    if not file or getattr(file, "_committed", False):
        return
    name = posixpath.basename(file.name)
    if not file.size:
        # Not code "empty": a model form would show Django's message, without the name.
        raise _refusal(
            name, _("%(name)s: Berkas ini kosong. Unggah foto JPEG, PNG, atau WebP."), "empty_file"
        )
    if file.size > settings.IMAGE_MAX_BYTES:
        raise _refusal(
            name,
            _("%(name)s: Berkas terlalu besar (%(size)s MB); maksimal %(max)s MB."),
            "too_large",
            size=round(file.size / 1_048_576, 1),
            max=settings.IMAGE_MAX_BYTES // 1_048_576,
        )
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.format not in ALLOWED_FORMATS:
                raise _refusal(
                    name,
                    _(
                        "%(name)s: Format %(format)s tidak diterima. "
                        "Unggah foto JPEG, PNG, atau WebP."
                    ),
                    "bad_format",
                    format=image.format,
                )
            limit = pixel_limit(image.format)
            if image.width * image.height > limit:
                raise _refusal(
                    name,
                    _(
                        "%(name)s: Gambar terlalu besar (%(width)s×%(height)s piksel); "
                        "maksimal %(max)s juta piksel."
                    ),
                    "too_many_pixels",
                    width=image.width,
                    height=image.height,
                    max=number_format(f"{limit / 1_000_000:g}"),
                )
            # Only decoding finds a photo cut short; a JPEG decoded at its smallest
            # scale still reads every byte, in a fraction of the memory.
            image.draft(None, (1, 1))
            try:
                image.load()
            except Exception as error:
                raise _refusal(
                    name,
                    _("%(name)s: Foto ini terpotong atau rusak. Unggah ulang berkas aslinya."),
                    "truncated",
                ) from error
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise _refusal(
            name,
            _("%(name)s: Gambar terlalu besar; maksimal %(max)s juta piksel."),
            "too_many_pixels",
            max=number_format(f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}"),
        ) from error
    except Exception as error:
        raise _refusal(
            name,
            _(
                "%(name)s: Berkas ini bukan gambar yang dapat dibaca. "
                "Unggah foto JPEG, PNG, atau WebP."
            ),
            "not_an_image",
        ) from error
    finally:
        file.seek(position)


class PhotoFormField(forms.ImageField):
    """A photo upload left for the model field's validate_image_upload to check.

    Django's own image check would answer first, without the file's name, and would
    let a truncated photo through.
    """

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def to_python(self, data):
        return forms.FileField.to_python(self, data)


class PhotoField(models.ImageField):
    """An uploaded photo: checked by validate_image_upload, stored through store_photo."""

    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})


def _decode(file, max_width, max_height):
    """Return the photo in `file` decoded and shrunk to fit the box, and its format.

    A JPEG is decoded at a reduced scale when that still fills the box.
    """
    file.seek(0)
    # Not closed: closing would discard the decoded pixels, and the file is the caller's.
    image = Image.open(file)
    image_format = image.format
    image.draft(None, (max_width, max_height))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    mode = image.mode
    if mode in ("RGBA", "LA") and (image.width > max_width or image.height > max_height):
        # Resizing works on premultiplied alpha; Pillow would convert to it in a copy
        # beside the decoded photo, so convert here and let the decoded one go.
        image = image.convert(mode[:-1] + "a")
    image.thumbnail((max_width, max_height), Image.LANCZOS)
    image.load()
    return (image if image.mode == mode else image.convert(mode)), image_format


def _flatten(image):
    """Return the image in RGB, with transparency laid on white (JPEG has no alpha)."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def reencode(file):
    """Return the photo upright and at most PHOTO_MAX_EDGE pixels a side, without metadata.

    Phone photos carry GPS positions: an artisan's home must not leak. The returned
    file's name has the extension of its format.
    """
    image, image_format = _decode(file, PHOTO_MAX_EDGE, PHOTO_MAX_EDGE)
    ImageOps.exif_transpose(image, in_place=True)
    # A fresh image has no info dict to carry EXIF, XMP or text chunks.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    del image
    out = io.BytesIO()
    if image_format == "PNG":
        clean.save(out, "PNG", optimize=True)
    elif image_format == "WEBP":
        clean.save(out, "WEBP", quality=85)
    else:
        image_format = "JPEG"
        _flatten(clean).save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=f"photo.{ALLOWED_FORMATS[image_format]}")


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
    with storage.open(name) as f:
        # Only the width is bounded: a tall photo keeps the widths it is listed with.
        image, _format = _decode(f, RENDITION_WIDTHS[-1], 1 << 16)
    image = _flatten(image)
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


def delete_photo(name, width, storage=default_storage):
    """Remove a stored photo and its renditions."""
    for rendition_width in rendition_widths(min(width or 0, RENDITION_WIDTHS[-1]) or None):
        for extension in ("webp", "jpg"):
            storage.delete(rendition_name(name, rendition_width, extension))
    storage.delete(name)


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
    fieldfile.save(clean.name, clean, save=False)
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
