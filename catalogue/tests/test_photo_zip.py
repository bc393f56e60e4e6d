import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from catalogue.images import rendition_name, rendition_widths
from catalogue.models import Product, ProductImage
from catalogue.tests.factories import ProductFactory
from conftest import BAD_PHOTOS, BAD_PHOTOS_MAX_PIXELS, image_bytes

pytestmark = pytest.mark.django_db


def gps_jpeg(size=(900, 600)):
    """Return a JPEG carrying a camera make and a GPS position, as phone photos do."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraHP"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 33.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (112.0, 25.0, 48.0)
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 60)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def make_zip(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, data)
    return SimpleUploadedFile("foto.zip", out.getvalue(), content_type="application/zip")


def upload(client, archive):
    return client.post(reverse("admin:catalogue_product_photos"), {"zip_file": archive})


@pytest.fixture
def products():
    """Products being prepared: their photos are saved at once (published ones wait)."""
    draft = Product.Status.DRAFT
    bag = ProductFactory(code="P-AAAA22", name_ind="Tas Anyaman", name_en="Woven Bag", status=draft)
    ProductImage(product=bag, image=SimpleUploadedFile("a.jpg", image_bytes()), alt_text="x").save()
    shoes = ProductFactory(slug="sepatu-kulit-sapi", name_ind="Sepatu Kulit Sapi", status=draft)
    return bag, shoes


def test_files_are_matched_by_code_or_slug_and_the_rest_reported(
    client, editor, products, settings
):
    settings.IMAGE_MAX_PIXELS = 1_500_000
    bag, shoes = products
    noise = os.urandom(200)
    archive = make_zip(
        [
            ("foto/", b""),
            ("foto/P-AAAA22.jpg", gps_jpeg()),
            ("foto/p-aaaa22_2.JPG", image_bytes(colour=(1, 2, 3))),
            ("Sepatu-Kulit-Sapi.png", image_bytes("PNG")),
            ("Galeri P-AAAA22 tampak samping.webp", image_bytes("WEBP")),
            ("P-ZZZZ99.jpg", image_bytes()),
            ("catatan.txt", b"bukan foto"),
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            ("P-AAAA22_3.jpg", noise),
            ("../P-AAAA22_4.jpg", image_bytes()),
            ("sepatu-kulit-sapi_2.jpg", image_bytes(size=(1500, 1100))),
            ("__MACOSX/foto/._P-AAAA22.jpg", b"\x00\x05\x16\x07"),
            (".DS_Store", b"\x00"),
        ]
    )
    client.force_login(editor)
    response = upload(client, archive)
    assert response.status_code == 200
    report = response.context["report"]
    matched = {entry.name: entry.product for entry in report.matched}
    assert matched == {
        "foto/P-AAAA22.jpg": bag,
        "foto/p-aaaa22_2.JPG": bag,
        "Galeri P-AAAA22 tampak samping.webp": bag,
        "Sepatu-Kulit-Sapi.png": shoes,
    }
    assert [entry.name for entry in report.unmatched] == ["P-ZZZZ99.jpg"]
    reasons = {entry.name: entry.reason for entry in report.rejected}
    assert "Bukan foto" in reasons["catatan.txt"]
    assert "SVG" in reasons["logo.svg"]
    assert "bukan gambar" in reasons["P-AAAA22_3.jpg"]
    assert "tidak aman" in reasons["../P-AAAA22_4.jpg"]
    assert "sepatu-kulit-sapi_2.jpg: Gambar terlalu besar" in reasons["sepatu-kulit-sapi_2.jpg"]
    assert report.ignored == 2

    page = response.content.decode()
    assert "4 foto disimpan" in page
    assert reverse("admin:catalogue_product_change", args=[bag.pk]) in page
    assert "P-ZZZZ99.jpg" in page

    images = list(bag.images.order_by("ordering"))
    assert len(images) == 4
    assert [image.ordering for image in images] == [0, 1, 2, 3]
    assert [image.alt_text_ind for image in images[1:]] == [
        "Tas Anyaman, foto 2",
        "Tas Anyaman, foto 3",
        "Tas Anyaman, foto 4",
    ]
    assert images[1].alt_text_en == "Woven Bag, photo 2"
    assert shoes.images.get().alt_text_ind == "Sepatu Kulit Sapi, foto 1"
    assert ProductImage.history.latest().history_user == editor


def test_exif_and_gps_are_gone_from_the_stored_photo_and_its_renditions(client, kurator):
    product = ProductFactory(code="P-GPS234")
    original = gps_jpeg()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS
    client.force_login(kurator)
    upload(client, make_zip([("P-GPS234.jpg", original)]))
    image = product.images.get()
    assert (image.width, image.height) == (900, 600)
    storage = image.image.storage
    names = [image.image.name] + [
        rendition_name(image.image.name, width, extension)
        for width in rendition_widths(image.width)
        for extension in ("jpg", "webp")
    ]
    for name in names:
        with storage.open(name) as stored:
            data = stored.read()
        with Image.open(io.BytesIO(data)) as photo:
            assert not photo.getexif(), name
            assert "exif" not in photo.info, name
        assert b"KameraHP" not in data, name


@pytest.mark.parametrize(
    ("setting", "value", "files", "message"),
    [
        (
            "PHOTO_ZIP_MAX_FILES",
            2,
            [("a.jpg", b"1"), ("b.jpg", b"2"), ("c.jpg", b"3")],
            "maksimal 2",
        ),
        (
            "PHOTO_ZIP_MAX_UNPACKED_BYTES",
            1_048_576,
            [("a.jpg", bytes(700_000)), ("b.jpg", bytes(700_000))],
            "terlalu besar setelah dibuka",
        ),
    ],
)
def test_zip_bombs_are_refused_before_unpacking(
    client, editor, settings, setting, value, files, message
):
    setattr(settings, setting, value)
    ProductFactory(slug="a")
    client.force_login(editor)
    response = upload(client, make_zip(files))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["zip_file"])
    assert not ProductImage.objects.exists()


def test_a_photo_over_the_size_cap_is_rejected(client, editor, settings):
    settings.IMAGE_MAX_BYTES = 50_000
    ProductFactory(code="P-BESAR2")
    client.force_login(editor)
    report = upload(client, make_zip([("P-BESAR2.jpg", os.urandom(60_000))])).context["report"]
    assert not report.matched
    assert "terlalu besar" in report.rejected[0].reason
    assert not ProductImage.objects.exists()


def test_a_file_that_is_not_a_zip_gets_a_form_error(client, editor):
    client.force_login(editor)
    response = upload(client, SimpleUploadedFile("foto.zip", b"PK bukan zip"))
    assert response.status_code == 200
    assert "bukan ZIP" in str(response.context["form"].errors["zip_file"])


def test_only_staff_who_may_add_product_photos_see_and_use_the_page(
    client, editor, kurator, pengelola_galeri
):
    url = reverse("admin:catalogue_product_photos")
    changelist = reverse("admin:catalogue_product_changelist")
    for user in (editor, kurator):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert url in client.get(changelist).content.decode()
    client.force_login(pengelola_galeri)
    assert client.get(url).status_code == 403
    assert upload(client, make_zip([("a.jpg", image_bytes())])).status_code == 403
    assert url not in client.get(changelist).content.decode()


def test_the_same_photos_sent_again_are_skipped(client, editor, products):
    bag, shoes = products
    client.force_login(editor)
    files = [("P-AAAA22.jpg", gps_jpeg()), ("sepatu-kulit-sapi.png", image_bytes("PNG"))]
    first = upload(client, make_zip(files)).context["report"]
    assert len(first.matched) == 2 and not first.duplicates

    # The ZIP sent twice, with one photo also copied under another name.
    files.append(("P-AAAA22_2.jpg", gps_jpeg()))
    response = upload(client, make_zip(files))
    report = response.context["report"]
    assert not report.matched
    assert sorted(entry.name for entry in report.duplicates) == [
        "P-AAAA22.jpg",
        "P-AAAA22_2.jpg",
        "sepatu-kulit-sapi.png",
    ]
    assert "3 foto sudah ada, dilewati" in response.content.decode()
    assert (bag.images.count(), shoes.images.count()) == (2, 1)


def test_each_bad_photo_in_a_zip_is_rejected_with_its_name(client, editor, products, settings):
    settings.IMAGE_MAX_PIXELS = BAD_PHOTOS_MAX_PIXELS
    bag, _shoes = products
    stored = [image.image.name for image in bag.images.all()]
    files = [(f"P-AAAA22_{n}.jpg", content) for n, (_, content, _) in enumerate(BAD_PHOTOS, 2)]
    client.force_login(editor)
    response = upload(client, make_zip(files))
    assert response.status_code == 200
    reasons = {entry.name: entry.reason for entry in response.context["report"].rejected}
    assert len(reasons) == len(BAD_PHOTOS)
    page = response.content.decode()
    for (name, _content), (_, _, message) in zip(files, BAD_PHOTOS, strict=True):
        assert reasons[name].startswith(f"{name}: ")
        assert message in reasons[name]
        assert reasons[name] in page
    assert [image.image.name for image in bag.images.all()] == stored
