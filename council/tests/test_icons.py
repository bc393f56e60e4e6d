import io

import pytest
from django.core.cache import cache
from PIL import Image

from council.icons import initials
from council.models import SiteSettings
from council.tests.test_council import settings_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_favicon_is_an_icon_kept_by_browsers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"


def test_manifest_names_the_council_and_lists_its_icons(client):
    SiteSettings(**settings_data()).save()
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Dekranasda Kota Contoh"
    assert manifest["short_name"] == "Dekranasda Contoh"
    assert manifest["theme_color"] == "#1d3a7a"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    for entry in manifest["icons"]:
        image = client.get(entry["src"])
        assert image.status_code == 200
        assert image["Content-Type"] == "image/png"
        assert "max-age=31536000" in image["Cache-Control"]
        size = int(entry["sizes"].split("x")[0])
        assert Image.open(io.BytesIO(image.content)).size == (size, size)


def test_icon_without_a_logo_is_the_initials_on_the_primary_colour(client):
    SiteSettings(**settings_data()).save()
    icon = Image.open(io.BytesIO(client.get("/icon-192.png").content)).convert("RGB")
    assert icon.getpixel((2, 2)) == (0x1D, 0x3A, 0x7A)
    assert initials("Dekranasda Contoh") == "DC"


def test_icon_is_drawn_from_the_logo_when_there_is_one(client, jpeg_upload):
    SiteSettings(**settings_data(logo=jpeg_upload("logo.jpg"))).save()
    icon = Image.open(io.BytesIO(client.get("/icon-512.png").content)).convert("RGB")
    assert icon.getpixel((2, 2)) == (255, 255, 255)
    assert icon.getpixel((256, 256)) != (0x1D, 0x3A, 0x7A)


def test_unknown_icon_size_is_not_found(client):
    assert client.get("/icon-64.png").status_code == 404


def test_every_page_links_its_icons_and_manifest(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="apple-touch-icon" href="/icon-180.png?v=' in html
    assert '<link rel="manifest" href="/site.webmanifest">' in html
