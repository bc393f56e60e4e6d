import io
import os
from html.parser import HTMLParser
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


PASSWORD = "kata-sandi-uji-123"


def make_staff(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
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


class _FormReader(HTMLParser):
    """Collect the fields of one HTML form as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea = self.select = None
        self.select_values, self.text = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in ("file", "submit", "button", "image", "reset"):
                self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.select_values = (name, "multiple" in attrs), []
            self.first_option = None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_values.append(value)

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea:
            # Browsers drop the one newline that follows <textarea>.
            text = "".join(self.text)
            self.data.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            values = self.select_values or ([] if multiple else [self.first_option or ""])
            self.data.extend((name, value) for value in values)
            self.select = None


def form_data(html, form_id):
    """Return {name: value or [values]} of the form `form_id` in `html`, as submitted unchanged."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def admin_form_data(response):
    """Return the POST data that saves an admin form page as it was shown, unchanged."""
    form_id = f"{response.context['opts'].model_name}_form"
    return {**form_data(response.content.decode(), form_id), "_save": "1"}
