import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from catalogue.images import rendition_name, rendition_widths
from catalogue.models import ProductImage
from catalogue.tests.factories import ProductFactory
from conftest import image_bytes
from council.models import BoardMember, BoardTerm

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("make_renditions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def renditions_of(name, width):
    return [
        rendition_name(name, w, extension)
        for w in rendition_widths(width)
        for extension in ("webp", "jpg")
    ]


def test_missing_renditions_and_sizes_are_made_for_photos_stored_without_them():
    product = ProductFactory()
    # A photo stored directly, as older imports did: no renditions, no size.
    name = default_storage.save("products/lama.jpg", io.BytesIO(image_bytes(size=(1200, 800))))
    ProductImage.objects.bulk_create([ProductImage(product=product, image=name, alt_text="Lama")])
    term = BoardTerm.objects.create(start_year=2025, end_year=2030)
    member = BoardMember(
        term=term, position="ketua", name="Siti", photo=SimpleUploadedFile("s.jpg", image_bytes())
    )
    member.save()
    default_storage.delete(rendition_name(member.photo.name, 320, "webp"))

    assert not any(default_storage.exists(n) for n in renditions_of(name, 1200))
    output = run()
    assert "renditions made for 2" in output
    assert all(default_storage.exists(n) for n in renditions_of(name, 1200))
    assert default_storage.exists(rendition_name(member.photo.name, 320, "webp"))
    image = ProductImage.objects.get()
    assert (image.width, image.height) == (1200, 800)

    # Nothing left to do the second time, unless forced.
    assert "renditions made for 0" in run()
    assert "renditions made for 2" in run("--force")


def test_a_missing_original_is_reported_not_fatal():
    product = ProductFactory()
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product=product, image="products/hilang.jpg", width=9, height=9, alt_text="H"
            )
        ]
    )
    assert "1 originals missing" in run()
