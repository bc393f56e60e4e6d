import pytest
from django.urls import reverse

from catalogue.models import IKM, BrandCertificate, Product
from catalogue.tests.factories import BrandCertificateFactory, IKMFactory, ProductFactory
from galleries.models import Display, Gallery

pytestmark = pytest.mark.django_db


def test_admin_edit_is_recorded_with_user(client, editor):
    product = ProductFactory(name_ind="Tas Anyaman", name_en="Woven Bag", status="draft")
    client.force_login(editor)
    url = reverse("admin:catalogue_product_change", args=[product.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "ikm": product.ikm_id,
            "category": product.category_id,
            "name_ind": "Tas Anyaman Pandan",
            "name_en": "Pandan Woven Bag",
            "slug": product.slug,
            "code": product.code,
            "min_order": 1,
            "images-TOTAL_FORMS": 0,
            "images-INITIAL_FORMS": 0,
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = product.history.latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.name_en == "Pandan Woven Bag"

    history_page = client.get(reverse("admin:catalogue_product_history", args=[product.pk]))
    assert history_page.status_code == 200
    assert "editor" in history_page.content.decode()


def test_restore_earlier_version_brings_back_translations(client, kurator):
    product = ProductFactory(name_ind="Sepatu Kulit", name_en="Leather Shoes", status="draft")
    first = product.history.latest()
    product.name_ind = "Sepatu Kulit Sapi"
    product.name_en = "Cowhide Shoes"
    product.save()
    restored = first.instance
    assert restored.name_en == "Leather Shoes"

    client.force_login(kurator)
    url = reverse("admin:catalogue_product_simple_history", args=[product.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["name_en"] == "Leather Shoes"
    data = {
        "ikm": product.ikm_id,
        "category": product.category_id,
        "name_ind": form.initial["name_ind"],
        "name_en": form.initial["name_en"],
        "slug": product.slug,
        "code": product.code,
        "min_order": 1,
        "description_ind": form.initial["description_ind"],
        "materials_ind": form.initial["materials_ind"],
        "price": form.initial["price"],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name_ind == "Sepatu Kulit"
    assert product.name_en == "Leather Shoes"
    assert product.history.latest().history_user == kurator


def test_editor_sees_history_but_cannot_delete_product(client, editor):
    product = ProductFactory()
    client.force_login(editor)
    assert (
        client.get(reverse("admin:catalogue_product_history", args=[product.pk])).status_code == 200
    )
    response = client.post(
        reverse("admin:catalogue_product_delete", args=[product.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


def test_delete_asks_for_confirmation_and_keeps_a_deleted_record(client, superuser):
    product = ProductFactory(name_ind="Kendang Jaipong", name_en="Jaipong Drum")
    pk = product.pk
    client.force_login(superuser)
    delete_url = reverse("admin:catalogue_product_delete", args=[pk])
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert Product.objects.filter(pk=pk).exists()
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Product.objects.filter(pk=pk).exists()

    deleted = Product.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == superuser
    assert deleted.name_en == "Jaipong Drum"

    listing = client.get(reverse("admin:catalogue_product_deleted"))
    history_url = reverse("admin:catalogue_product_history", args=[pk])
    assert "Kendang Jaipong" in listing.content.decode()
    assert history_url in listing.content.decode()
    assert client.get(history_url).status_code == 200

    # Restore the version saved before deletion.
    before = Product.history.filter(id=pk, history_type="+").get()
    restore_url = reverse("admin:catalogue_product_simple_history", args=[pk, before.history_id])
    form = client.get(restore_url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"ikm": product.ikm_id, "category": product.category_id})
    assert client.post(restore_url, data).status_code == 302
    restored = Product.objects.get(pk=pk)
    assert restored.name_en == "Jaipong Drum"
    assert restored.code == product.code


def test_ikm_certificate_gallery_and_display_changes_are_kept():
    ikm = IKMFactory(name="Batik Sekar", story_ind="Cerita", story_en="Story")
    ikm.story_en = "A new story"
    ikm.save()
    assert [r.story_en for r in ikm.history.all()] == ["A new story", "Story"]
    certificate = BrandCertificateFactory(ikm=ikm)
    certificate.delete()
    assert BrandCertificate.history.filter(history_type="-").count() == 1
    gallery = Gallery.objects.create(
        name="Galeri Uji", slug="galeri-uji", code="UJI", address="Jl. Uji", kecamatan=ikm.kecamatan
    )
    display = Display.objects.create(gallery=gallery, product=ProductFactory(ikm=ikm))
    display.delete()
    assert gallery.history.count() == 1
    assert Display.history.filter(history_type="-").count() == 1
    assert IKM.history.filter(id=ikm.pk).count() == 2


def test_deleted_photo_shows_on_the_product_history_and_can_be_restored(
    client, editor, jpeg_upload
):
    from catalogue.models import ProductImage

    product = ProductFactory(status=Product.Status.DRAFT)
    photo = ProductImage(product=product, image=jpeg_upload(), alt_text_ind="Tas biru, foto 1")
    photo.save()
    photo_pk = photo.pk
    photo.delete()
    client.force_login(editor)
    history_url = reverse("admin:catalogue_product_history", args=[product.pk])
    page = client.get(history_url)
    assert "Riwayat foto produk" in page.content.decode()
    deleted = ProductImage.history.get(id=photo_pk, history_type="-")
    restore_url = reverse(
        "admin:catalogue_product_restore_related",
        args=[product.pk, "productimage", deleted.history_id],
    )
    assert restore_url in page.content.decode()
    assert client.get(restore_url).status_code == 405
    assert client.post(restore_url).url == history_url
    restored = ProductImage.objects.get(pk=photo_pk)
    assert restored.alt_text_ind == "Tas biru, foto 1"
    assert restored.image.storage.exists(restored.image.name)


def test_gallery_staff_cannot_restore_product_photos(client, pengelola_galeri, jpeg_upload):
    from catalogue.models import ProductImage

    product = ProductFactory()
    photo = ProductImage(product=product, image=jpeg_upload(), alt_text_ind="Foto")
    photo.save()
    record = photo.history.latest()
    photo.delete()
    client.force_login(pengelola_galeri)
    url = reverse(
        "admin:catalogue_product_restore_related",
        args=[product.pk, "productimage", record.history_id],
    )
    assert client.post(url).status_code == 403
    assert not ProductImage.objects.exists()


def test_superuser_deleting_an_ikm_is_recorded(client, superuser, editor):
    ikm = IKMFactory(name="Gerabah Lama")
    client.force_login(editor)
    url = reverse("admin:catalogue_ikm_delete", args=[ikm.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.force_login(superuser)
    assert client.get(url).status_code == 200  # the confirmation page
    assert client.post(url, {"post": "yes"}).status_code == 302
    record = IKM.history.get(id=ikm.pk, history_type="-")
    assert record.history_user == superuser
    assert "Gerabah Lama" in client.get(reverse("admin:catalogue_ikm_deleted")).content.decode()
