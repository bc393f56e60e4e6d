import io
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dekranasda import roles


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded files of each test in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Let a test send as many requests as it needs; the rate limit tests turn them on."""
    settings.RATE_LIMITS = {}


def make_staff(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="kata-sandi-uji-123", is_staff=True, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_staff(django_user_model, "editor", roles.EDITOR)


@pytest.fixture
def kurator(db, django_user_model):
    return make_staff(django_user_model, "kurator", roles.KURATOR)


@pytest.fixture
def pengelola_galeri(db, django_user_model):
    return make_staff(django_user_model, "galeri", roles.PENGELOLA_GALERI)


@pytest.fixture
def superuser(db, django_user_model):
    return make_staff(django_user_model, "admin", is_superuser=True)


def image_bytes(fmt="JPEG", size=(800, 600), colour=(120, 60, 30), **save_kwargs):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save_kwargs)
    return out.getvalue()


def truncated_jpeg():
    """Return a phone photo cut short in transfer: whole headers, half the picture."""
    out = io.BytesIO()
    Image.effect_noise((800, 600), 40).convert("RGB").save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) // 2]


# Uploads every photo field refuses, with the words its error says; tests that use
# them set IMAGE_MAX_PIXELS to BAD_PHOTOS_MAX_PIXELS so that the last one has too many.
BAD_PHOTOS = [
    ("kosong.jpg", b"", "Berkas ini kosong"),
    ("catatan.jpg", b"Ini catatan harga, bukan foto.", "bukan gambar yang dapat dibaca"),
    ("surat.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "bukan gambar"),
    ("sandal.jpg", truncated_jpeg(), "terpotong atau rusak"),
    ("animasi.gif", image_bytes("GIF"), "Format GIF tidak diterima"),
    ("pindaian.bmp", image_bytes("BMP"), "Format BMP tidak diterima"),
    ("pindaian.tif", image_bytes("TIFF"), "Format TIFF tidak diterima"),
    ("panorama.jpg", image_bytes(size=(1200, 1000)), "Gambar terlalu besar (1200×1000 piksel)"),
]
BAD_PHOTOS_MAX_PIXELS = 1_000_000


def admin_form_data(response):
    """Return the POST data that saves an admin change form as it was shown."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        count = formset.initial_form_count()
        prefix = formset.management_form.prefix
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count})
        forms.extend(formset.initial_forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            # A stored file is not sent again: the browser sends nothing for it either.
            if value is not None and not hasattr(value, "storage"):
                data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def jpeg_upload():
    def make(name="foto.jpg", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")

    return make


# Debian's Chromium, installed by scripts/ensure-browser (Playwright's own download is not used).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_tool(message):
    """Skip a test whose tool is not installed here; on CI, where every tool is, fail it."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, one per test module."""
    if not Path(CHROMIUM).exists():
        missing_tool(f"{CHROMIUM} is missing: run scripts/ensure-browser as root")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page visits are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
