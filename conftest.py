import io

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


@pytest.fixture
def jpeg_upload():
    def make(name="foto.jpg", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")

    return make
