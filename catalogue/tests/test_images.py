import functools
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue.images import (
    PHOTO_MAX_EDGE,
    PhotoFormField,
    pixel_limit,
    rendition_name,
    rendition_widths,
    validate_image_upload,
)
from catalogue.models import ProductImage
from conftest import image_bytes

from .factories import ProductFactory


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_photos_in_accepted_formats_pass(fmt):
    validate_image_upload(upload(f"foto.{fmt.lower()}", image_bytes(fmt)))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catatan.jpg", b"bukan gambar sama sekali", "bukan gambar"),
        ("kosong.jpg", b"", "kosong"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "bukan gambar",
        ),
        ("animasi.gif", image_bytes("GIF"), "Format GIF tidak diterima"),
        ("potong.jpg", image_bytes("JPEG")[:200], "bukan gambar"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_image_upload(upload(name, content))


def test_too_large_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="terlalu besar"):
        validate_image_upload(upload("besar.jpg", image_bytes("JPEG", size=(800, 800))))


def test_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match=r"terlalu besar|terlalu banyak piksel"):
        validate_image_upload(upload("lebar.png", image_bytes("PNG", size=(200, 200))))


@pytest.mark.parametrize(
    ("width", "expected"),
    [(200, [200]), (320, [320]), (900, [320, 640, 900]), (2400, [320, 640, 1024, 1600])],
)
def test_rendition_widths_never_upscale(width, expected):
    assert rendition_widths(width) == expected


@pytest.mark.django_db
def test_stored_photo_loses_exif_and_gets_renditions():
    exif = Image.Exif()
    exif[0x010F] = "KameraPonsel"  # Make
    exif[0x8825] = {2: (7.0, 33.0, 0.0), 4: (112.0, 23.0, 0.0)}  # GPS position
    photo = ProductImage(
        product=ProductFactory(),
        image=upload("rumah.jpg", image_bytes("JPEG", size=(1200, 900), exif=exif.tobytes())),
        alt_text="Sepatu kulit hitam",
    )
    photo.save()
    with default_storage.open(photo.image.name) as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert (photo.width, photo.height) == (1200, 900)
    for width in (320, 640, 1024, 1200):
        for extension in ("webp", "jpg"):
            name = rendition_name(photo.image.name, width, extension)
            assert default_storage.exists(name), name
            with default_storage.open(name) as f, Image.open(io.BytesIO(f.read())) as rendition:
                assert rendition.width == width
                assert not rendition.getexif()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("logo.svg", "image/svg+xml"),
        ("foto.jpg", "image/jpeg"),  # an SVG dressed as a photo
        ("foto.png", "image/png"),
        ("logo.svgz", "image/svg+xml"),
    ],
)
def test_svg_is_refused_whatever_its_name_or_type(name, content_type):
    with pytest.raises(ValidationError, match="bukan gambar"):
        validate_image_upload(upload(name, SVG, content_type))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("halaman.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("dokumen.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("arsip.jpg", b"PK\x03\x04" + b"\x00" * 60),
        ("skrip.png", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_non_images_are_refused(name, content):
    with pytest.raises(ValidationError, match="bukan gambar"):
        validate_image_upload(upload(name, content))


def test_every_uploaded_image_field_is_validated():
    from django.apps import apps
    from django.db import models

    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField)
    ]
    assert fields
    for field in fields:
        assert validate_image_upload in field.validators, field
        # Django's own image check in the form would answer before it, without the name.
        assert isinstance(field.formfield(), PhotoFormField), field


@pytest.mark.django_db
def test_stored_photo_keeps_nothing_appended_to_the_image():
    # A valid JPEG carrying a page after its end: browsers sniffing it must find nothing.
    payload = b"<html><script>alert(document.cookie)</script></html>"
    photo = ProductImage(
        product=ProductFactory(),
        image=upload("poliglot.jpg", image_bytes("JPEG") + payload),
        alt_text="Foto",
    )
    photo.full_clean()
    photo.save()
    with default_storage.open(photo.image.name) as stored:
        assert payload not in stored.read()


@pytest.mark.django_db
def test_admin_refuses_an_svg_photo_and_stores_nothing(client, superuser, media_root):
    from django.urls import reverse

    from .factories import IKMFactory

    ikm = IKMFactory()
    client.force_login(superuser)
    url = reverse("admin:catalogue_ikm_change", args=[ikm.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not hasattr(value, "pk") and not isinstance(value, list)
    }
    response = client.post(url, {**data, "photo": upload("logo.svg", SVG, "image/svg+xml")})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    ikm.refresh_from_db()
    assert not ikm.photo
    assert not list(media_root.rglob("*.svg"))


@pytest.mark.django_db
def test_photos_with_the_same_file_name_keep_their_own_photo_and_renditions(media_root):
    uploads = [
        ("sandal.jpg", image_bytes("JPEG", colour=(200, 30, 30)), "jpg"),
        ("sandal.png", image_bytes("PNG", colour=(30, 30, 200)), "png"),
        # A PNG sent under a JPEG's name is stored under a PNG's.
        ("sandal.jpg", image_bytes("PNG", colour=(30, 200, 30)), "png"),
    ]
    photos = []
    for n, (name, content, _extension) in enumerate(uploads):
        photo = ProductImage(
            product=ProductFactory(slug=f"sandal-kulit-{n}"),
            image=upload(name, content),
            alt_text="Sandal kulit",
        )
        photo.save()
        photos.append(photo)

    names = [photo.image.name for photo in photos]
    assert len(set(names)) == len(names)
    for photo, (_name, content, extension) in zip(photos, uploads, strict=True):
        assert re.fullmatch(rf"products/\d{{4}}/[\w-]{{16}}\.{extension}", photo.image.name)
        with Image.open(io.BytesIO(content)) as sent:
            colour = sent.convert("RGB").getpixel((0, 0))
        for width in rendition_widths(photo.width):
            for rendition_extension in ("webp", "jpg"):
                name = rendition_name(photo.image.name, width, rendition_extension)
                with default_storage.open(name) as f, Image.open(f) as rendition:
                    shown = rendition.convert("RGB").getpixel((0, 0))
                assert all(abs(a - b) < 8 for a, b in zip(shown, colour, strict=True)), name
        with default_storage.open(photo.image.name) as f, Image.open(f) as stored:
            assert stored.format == {"jpg": "JPEG", "png": "PNG"}[extension]
    assert not [path for path in media_root.rglob("*") if "sandal" in str(path)]


@pytest.mark.django_db
def test_a_large_photo_is_stored_no_larger_than_its_largest_use():
    photo = ProductImage(
        product=ProductFactory(),
        image=upload("besar.jpg", image_bytes("JPEG", size=(3600, 2400))),
        alt_text="Kain tenun",
    )
    photo.save()
    assert (photo.width, photo.height) == (PHOTO_MAX_EDGE, 1600)
    with default_storage.open(photo.image.name) as f, Image.open(f) as stored:
        assert stored.size == (PHOTO_MAX_EDGE, 1600)
    assert default_storage.exists(rendition_name(photo.image.name, 1600, "webp"))


MAKE_LARGEST_PHOTO = """
import sys
from PIL import Image

path, image_format, side = sys.argv[1], sys.argv[2], int(sys.argv[3])
across = Image.linear_gradient("L").resize((side, side))
round_ = Image.radial_gradient("L").resize((side, side))
bands = (across, round_, across.transpose(Image.Transpose.ROTATE_90), round_.rotate(45))
Image.merge("RGBA", bands).save(path, image_format, method=0, compress_level=1)
"""

STORE_AND_MEASURE = """
import os, resource, sys
import django

django.setup()
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from catalogue.images import store_photo, validate_image_upload
from council.models import BoardMember

path, settings.MEDIA_ROOT = sys.argv[1:]
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(path, "rb") as file:
    upload = UploadedFile(file, name=os.path.basename(path), size=os.path.getsize(path))
    member = BoardMember(photo=upload)
    validate_image_upload(member.photo)
    store_photo(member.photo)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((peak - baseline) // 1024, member.photo_width, member.photo_height)
"""

PEAK_MEMORY_MB = 350


# With transparency, the costliest photos: no reduced-scale decoding, four bytes a
# pixel, and WebP's decoder keeps copies of its own. JPEGs are decoded at reduced scale.
@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_the_largest_accepted_photo_is_checked_and_stored_in_bounded_memory(
    settings, tmp_path, image_format
):
    side = math.isqrt(pixel_limit(image_format))
    path = tmp_path / f"terbesar.{image_format.lower()}"
    root = Path(__file__).resolve().parents[2]
    run = functools.partial(subprocess.run, check=True, cwd=root, capture_output=True, text=True)
    run([sys.executable, "-c", MAKE_LARGEST_PHOTO, path, image_format, str(side)])
    assert path.stat().st_size <= settings.IMAGE_MAX_BYTES
    # Measured in a process of its own, where nothing else has used memory before.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dekranasda.settings"}
    result = run([sys.executable, "-c", STORE_AND_MEASURE, path, tmp_path / "media"], env=env)
    peak, width, height = map(int, result.stdout.split()[-3:])
    assert (width, height) == (PHOTO_MAX_EDGE, PHOTO_MAX_EDGE)
    assert peak < PEAK_MEMORY_MB, f"{side}×{side} {image_format}: {peak} MB above the baseline"


@pytest.mark.django_db
def test_checking_leaves_an_upload_open_where_it_was_and_a_stored_photo_alone(jpeg_upload):
    sent = jpeg_upload()
    sent.seek(5)
    validate_image_upload(sent)
    assert (sent.closed, sent.tell()) == (False, 5)
    ProductImage(product=ProductFactory(), image=sent, alt_text="Tas").save()
    photo = ProductImage.objects.get()
    photo.full_clean()
    photo.save()
    assert photo.image.storage.exists(photo.image.name)
