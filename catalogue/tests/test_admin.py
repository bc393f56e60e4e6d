import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalogue.models import Product, ProductImage
from conftest import BAD_PHOTOS, BAD_PHOTOS_MAX_PIXELS, admin_form_data
from council.models import BoardMember, BoardTerm
from galleries.models import Gallery
from galleries.tests.factories import GalleryFactory

from .factories import BrandCertificateFactory, IKMFactory, ProductFactory

Status = Product.Status

CATALOGUE_PAGES = [
    "admin:catalogue_product_changelist",
    "admin:catalogue_product_add",
    "admin:catalogue_ikm_changelist",
    "admin:catalogue_ikm_add",
    "admin:catalogue_brandcertificate_changelist",
]
GALLERY_PAGES = [
    "admin:galleries_gallery_changelist",
    "admin:galleries_gallery_add",
    "admin:galleries_display_changelist",
]


@pytest.fixture
def catalogue(db):
    product = ProductFactory(status=Status.SUBMITTED)
    BrandCertificateFactory(ikm=product.ikm)
    gallery = GalleryFactory()
    return product, gallery


@pytest.mark.parametrize("role", ["editor", "kurator", "superuser"])
@pytest.mark.parametrize("page", CATALOGUE_PAGES)
def test_catalogue_admin_pages_load_for_catalogue_staff(client, request, catalogue, role, page):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("role", ["pengelola_galeri", "superuser"])
@pytest.mark.parametrize("page", GALLERY_PAGES)
def test_gallery_admin_pages_load_for_gallery_staff(client, request, catalogue, role, page):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("role", ["editor", "kurator", "pengelola_galeri", "superuser"])
def test_change_pages_load_for_each_role(client, request, catalogue, role):
    product, gallery = catalogue
    client.force_login(request.getfixturevalue(role))
    product_page = client.get(reverse("admin:catalogue_product_change", args=[product.pk]))
    gallery_page = client.get(reverse("admin:galleries_gallery_change", args=[gallery.pk]))
    assert product_page.status_code == 200  # gallery staff may view products
    assert gallery_page.status_code == 200  # catalogue staff may view galleries


def test_gallery_manager_cannot_edit_products(client, pengelola_galeri, catalogue):
    product, _gallery = catalogue
    client.force_login(pengelola_galeri)
    assert client.get(reverse("admin:catalogue_product_add")).status_code == 403
    response = client.post(
        reverse("admin:catalogue_product_change", args=[product.pk]), {"name_ind": "Diubah"}
    )
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name != "Diubah"


def test_editor_cannot_edit_galleries(client, editor, catalogue):
    client.force_login(editor)
    assert client.get(reverse("admin:galleries_gallery_add")).status_code == 403


def test_editor_sees_submit_but_not_approve(client, editor, catalogue):
    client.force_login(editor)
    response = client.get(reverse("admin:catalogue_product_changelist"))
    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "submit_selected" in actions
    assert "approve_selected" not in actions
    assert "reject_selected" not in actions


def test_editor_cannot_approve_through_the_change_page(client, editor, catalogue):
    product, _gallery = catalogue
    client.force_login(editor)
    client.post(reverse("admin:catalogue_product_move", args=[product.pk, "approved"]))
    product.refresh_from_db()
    assert product.status == Status.SUBMITTED


def test_kurator_approves_in_bulk(client, kurator):
    products = [ProductFactory(status=Status.SUBMITTED, photo=True) for _ in range(3)]
    draft = ProductFactory(status=Status.DRAFT, photo=True)
    client.force_login(kurator)
    response = client.post(
        reverse("admin:catalogue_product_changelist"),
        {"action": "approve_selected", "_selected_action": [p.pk for p in [*products, draft]]},
        follow=True,
    )
    assert "3 produk menjadi disetujui" in response.content.decode()
    assert "tidak dapat menjadi" in response.content.decode()
    assert Product.objects.filter(status=Status.APPROVED).count() == 3
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_reject_asks_for_a_reason_first(client, kurator):
    products = [ProductFactory(status=Status.SUBMITTED) for _ in range(2)]
    client.force_login(kurator)
    response = client.post(
        reverse("admin:catalogue_product_changelist"),
        {"action": "reject_selected", "_selected_action": [p.pk for p in products]},
        follow=True,
    )
    assert "Alasan penolakan" in response.content.decode()
    assert all(p.status == Status.SUBMITTED for p in Product.objects.all())

    ids = ",".join(str(p.pk) for p in products)
    empty = client.post(reverse("admin:catalogue_product_reject"), {"ids": ids, "reason": ""})
    assert empty.status_code == 200
    assert "wajib" in empty.content.decode() or "required" in empty.content.decode()

    client.post(reverse("admin:catalogue_product_reject"), {"ids": ids, "reason": "Foto buram"})
    for product in Product.objects.all():
        assert product.status == Status.REJECTED
        assert product.status_note == "Foto buram"
        assert product.transitions.get().note == "Foto buram"


def test_editor_cannot_open_the_reject_page(client, editor, catalogue):
    product, _gallery = catalogue
    client.force_login(editor)
    response = client.get(reverse("admin:catalogue_product_reject") + f"?ids={product.pk}")
    assert response.status_code == 403


def test_change_page_offers_allowed_moves_and_shows_history(client, kurator, editor):
    product = ProductFactory(status=Status.DRAFT, photo=True)
    product.submit(by=editor)
    client.force_login(kurator)
    page = client.get(reverse("admin:catalogue_product_change", args=[product.pk])).content.decode()
    assert "Setujui (terbitkan)" in page
    assert "Tolak dengan alasan" in page
    assert "Riwayat kurasi" in page or "riwayat kurasi" in page
    client.post(reverse("admin:catalogue_product_move", args=[product.pk, "approved"]))
    product.refresh_from_db()
    assert product.status == Status.APPROVED


def test_waiting_for_review_filter_lists_oldest_first(client, kurator, editor):
    older = ProductFactory(status=Status.DRAFT, name="Lebih lama")
    newer = ProductFactory(status=Status.DRAFT, name="Lebih baru")
    older.submit(by=editor)
    newer.submit(by=editor)
    ProductFactory(status=Status.APPROVED, name="Sudah terbit")
    client.force_login(kurator)
    response = client.get(reverse("admin:catalogue_product_changelist") + "?review=waiting")
    assert list(response.context["cl"].result_list) == [older, newer]


def test_bad_image_upload_is_a_form_error_not_a_500(client, superuser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = ProductFactory()
    client.force_login(superuser)
    url = reverse("admin:catalogue_product_change", args=[product.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "ikm": product.ikm_id,
            "category": product.category_id,
            "name_ind": product.name,
            "slug": product.slug,
            "code": product.code,
            "min_order": 1,
            "images-TOTAL_FORMS": 1,
            "images-INITIAL_FORMS": 0,
            "images-0-image": SimpleUploadedFile("virus.jpg", b"MZ not an image"),
            "images-0-alt_text_ind": "Foto",
            "images-0-ordering": 0,
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "gambar" in str(errors[0]["image"])
    assert not ProductImage.objects.exists()


def test_ikm_list_shows_registered_brand(client, kurator):
    ikm = IKMFactory(name="Batik Surya")
    BrandCertificateFactory(ikm=ikm)
    client.force_login(kurator)
    response = client.get(reverse("admin:catalogue_ikm_changelist"))
    assert response.status_code == 200
    assert "Batik Surya" in response.content.decode()


def test_gallery_count_column_uses_one_query(client, superuser, django_assert_max_num_queries):
    for _ in range(5):
        GalleryFactory()
    client.force_login(superuser)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:galleries_gallery_changelist"))
    assert response.status_code == 200
    assert Gallery.objects.count() == 5


def test_admin_warns_while_demo_data_is_loaded(client, superuser):
    from django.core.cache import cache

    from dekranasda import demo

    client.force_login(superuser)
    cache.delete("demo-data-present")
    assert "DATA DEMO" not in client.get(reverse("admin:index")).content.decode()
    IKMFactory(slug=demo.IKM[0][0])
    cache.delete("demo-data-present")
    assert "DATA DEMO" in client.get(reverse("admin:index")).content.decode()


def test_every_model_has_a_plural_name_in_english():
    with translation.override("en"):
        names = {
            model._meta.label: (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
            for app in ("catalogue", "galleries", "council")
            for model in apps.get_app_config(app).get_models()
            if not model.__name__.startswith("Historical")
        }
    assert names["catalogue.Product"] == ("product", "products")
    assert names["galleries.Display"] == ("product on display", "products on display")
    assert names["council.BoardMember"] == ("board member", "board members")
    same = [label for label, (one, many) in names.items() if one == many]
    assert sorted(same) == ["catalogue.IKM", "council.SiteSettings", "galleries.OpeningHours"]


def product_with_photo(upload):
    product = ProductFactory()
    ProductImage.objects.create(product=product, image=upload, alt_text="Tas anyaman")
    return reverse("admin:catalogue_product_change", args=[product.pk]), product.images.get()


def ikm_with_photo(upload):
    ikm = IKMFactory(photo=upload)
    return reverse("admin:catalogue_ikm_change", args=[ikm.pk]), ikm


def gallery_with_photo(upload):
    gallery = GalleryFactory(photo=upload)
    return reverse("admin:galleries_gallery_change", args=[gallery.pk]), gallery


def board_member_with_photo(upload):
    term = BoardTerm.objects.create(start_year=2025, end_year=2030)
    member = BoardMember(term=term, position="ketua", name="Siti Aminah", photo=upload)
    member.save()
    return reverse("admin:council_boardterm_change", args=[term.pk]), member


def stored_photo(record):
    return (record.image if isinstance(record, ProductImage) else record.photo).name


@pytest.mark.parametrize(
    "make", [product_with_photo, ikm_with_photo, gallery_with_photo, board_member_with_photo]
)
def test_a_record_with_a_stored_photo_saves_unchanged(client, superuser, jpeg_upload, make):
    url, record = make(jpeg_upload())
    stored = stored_photo(record)
    client.force_login(superuser)
    response = client.post(url, admin_form_data(client.get(url)))
    assert response.status_code == 302, response.context and response.context["errors"]
    record.refresh_from_db()
    assert stored_photo(record) == stored
    assert record._meta.get_field("photo" if hasattr(record, "photo") else "image").storage.exists(
        stored
    )


@pytest.mark.parametrize(("name", "content", "message"), BAD_PHOTOS)
def test_bad_photo_in_the_product_photo_inline_is_named_in_the_form(
    client, superuser, jpeg_upload, settings, name, content, message
):
    settings.IMAGE_MAX_PIXELS = BAD_PHOTOS_MAX_PIXELS
    url, image = product_with_photo(jpeg_upload())
    client.force_login(superuser)
    data = admin_form_data(client.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": 2,
            "images-1-image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "images-1-alt_text_ind": "Sandal kulit",
            "images-1-ordering": 1,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert str(errors[1]["image"][0]).startswith(f"{name}: ")
    assert message in errors[1]["image"][0]
    assert f"{name}: " in response.content.decode()
    assert [stored_photo(i) for i in ProductImage.objects.all()] == [stored_photo(image)]


@pytest.mark.parametrize(("name", "content", "message"), BAD_PHOTOS)
def test_bad_photo_in_the_ikm_form_is_named_and_the_old_photo_kept(
    client, superuser, jpeg_upload, settings, name, content, message
):
    settings.IMAGE_MAX_PIXELS = BAD_PHOTOS_MAX_PIXELS
    url, ikm = ikm_with_photo(jpeg_upload())
    stored = stored_photo(ikm)
    client.force_login(superuser)
    data = admin_form_data(client.get(url))
    data["photo"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(url, data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["photo"]
    assert error.startswith(f"{name}: ") and message in error
    assert error in response.content.decode()
    ikm.refresh_from_db()
    assert stored_photo(ikm) == stored
