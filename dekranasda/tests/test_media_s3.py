"""Photos in an S3-compatible bucket: a moto server stands in for S3 (or MinIO).

The storage settings are the ones settings.py builds from DJANGO_MEDIA_S3_* variables.
"""

import json
import os
import re
import runpy
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.models import ProductImage
from catalogue.tests.factories import ProductFactory
from conftest import image_bytes
from dekranasda.tests.test_app_servers import free_ports

pytest.importorskip("moto")
boto3 = pytest.importorskip("boto3")

BUCKET = "dekranasda-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
KEYS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    [port] = free_ports(1)
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "w") as output:
        server = subprocess.Popen(  # noqa: S603 (moto from our own environment)
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"moto did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    """Point the media storage at a fresh bucket, as DJANGO_MEDIA_S3_* would."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="ap-southeast-3",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
    )
    # Photos are public: the bucket lets anyone read them (docs/deploying.md).
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "ap-southeast-3",
                "location": "media",
                "querystring_auth": False,
                "file_overwrite": False,
                "addressing_style": "path",
                **KEYS,
            },
        },
    }
    cache.clear()
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket_policy(Bucket=BUCKET)
    client.delete_bucket(Bucket=BUCKET)


def bucket_keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"])


@pytest.mark.django_db
def test_product_photos_and_their_renditions_go_to_the_bucket(s3_media, s3_endpoint, client):
    product = ProductFactory(name="Tas Anyaman", slug="tas-anyaman")
    for _ in range(2):
        ProductImage.objects.create(
            product=product,
            image=SimpleUploadedFile("foto.jpg", image_bytes(size=(1200, 900))),
            alt_text="Tas anyaman",
        )
    keys = bucket_keys(s3_media)
    originals = [key for key in keys if not key.startswith("media/renditions/")]
    assert len(originals) == 2, "two photos named foto.jpg must not overwrite each other"
    for original in originals:
        stem = original.removeprefix("media/").rsplit(".", 1)[0]
        for width in (320, 640, 1024, 1200):
            for extension in ("webp", "jpg"):
                assert f"media/renditions/{stem}-{width}.{extension}" in keys
    assert not os.path.exists(product.images.first().image.name)

    html = client.get(product.get_absolute_url()).content.decode()
    base = f"{s3_endpoint}/{BUCKET}/media/renditions/"
    urls = re.findall(r'(?:src|srcset)="([^" ]+)', html)
    photo_urls = [url for url in urls if "renditions/" in url]
    assert photo_urls
    assert all(url.startswith(base) for url in photo_urls), photo_urls
    with urllib.request.urlopen(photo_urls[0], timeout=5) as response:  # noqa: S310
        assert response.status == 200
        assert response.read(3) in (b"\xff\xd8\xff", b"RIF")


@pytest.mark.django_db
def test_a_custom_domain_serves_the_photos(s3_media, settings, client):
    settings.STORAGES["default"]["OPTIONS"]["custom_domain"] = "foto.dekranasda.example.id"
    settings.STORAGES = {**settings.STORAGES}
    product = ProductFactory(name="Batik Tulis", slug="batik-tulis")
    ProductImage.objects.create(
        product=product, image=SimpleUploadedFile("batik.png", image_bytes("PNG")), alt_text="x"
    )
    html = client.get(product.get_absolute_url()).content.decode()
    assert "https://foto.dekranasda.example.id/media/renditions/" in html


def test_settings_build_the_bucket_storage_from_the_environment(monkeypatch):
    settings_file = Path(__file__).resolve().parents[1] / "settings.py"
    assert runpy.run_path(str(settings_file))["STORAGES"]["default"]["BACKEND"].endswith(
        "FileSystemStorage"
    )
    monkeypatch.setenv("DJANGO_MEDIA_S3_BUCKET", "foto-katalog")
    monkeypatch.setenv("DJANGO_MEDIA_S3_ENDPOINT_URL", "https://s3.example.id")
    monkeypatch.setenv("DJANGO_MEDIA_S3_REGION", "id-jkt-1")
    monkeypatch.setenv("DJANGO_MEDIA_S3_CUSTOM_DOMAIN", "foto.example.id")
    storage = runpy.run_path(str(settings_file))["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "foto-katalog"
    assert options["endpoint_url"] == "https://s3.example.id"
    assert options["region_name"] == "id-jkt-1"
    assert options["custom_domain"] == "foto.example.id"
    assert options["location"] == "media"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False
