"""Curation is the only door to the public: pending changes, approval rules, history reverts."""

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from catalogue.models import IKM, Product, ProductImage, ProductRevision
from conftest import admin_form_data, form_data

from .factories import IKMFactory, ProductFactory

Status = Product.Status


@pytest.fixture
def published(db, jpeg_upload):
    """An approved product with one described photo, as the public sees it."""
    product = ProductFactory(name="Tas Anyaman Pandan", price=250_000)
    ProductImage(product=product, image=jpeg_upload("tas.jpg"), alt_text_ind="Tas biru").save()
    return product


def change_url(product):
    return reverse("admin:catalogue_product_change", args=[product.pk])


def edit(client, product, **changes):
    """Open the product's change form and save it with `changes`, as staff do."""
    page = client.get(change_url(product))
    assert page.status_code == 200
    data = {**admin_form_data(page), **changes}
    return client.post(change_url(product), data)


def public_price(client, product):
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def test_editor_change_to_approved_product_waits_for_a_kurator(client, editor, kurator, published):
    client.force_login(editor)
    response = edit(client, published, price="1", description_ind="Diskon besar!")
    assert response.status_code == 302

    published.refresh_from_db()
    assert published.price == 250_000
    assert "Diskon besar!" not in public_price(client, published)
    revision = ProductRevision.objects.get(product=published)
    assert revision.status == ProductRevision.Status.PENDING
    assert revision.fields == {"price": 1, "description_ind": "Diskon besar!"}
    # The Editor carries on from the pending version.
    page = client.get(change_url(published)).content.decode()
    assert form_data(page, "product_form")["price"] == "1"
    assert "menunggu kurasi" in page

    client.force_login(kurator)
    review = client.get(reverse("admin:catalogue_product_revision", args=[published.pk]))
    assert review.status_code == 200
    assert [
        (str(label), before, after) for label, before, after in review.context["differences"]
    ] == [
        ("deskripsi [ind]", "Dibuat dengan tangan.", "Diskon besar!"),
        ("harga (Rp)", 250_000, 1),
    ]
    response = client.post(
        reverse("admin:catalogue_product_revision", args=[published.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.price == 1
    assert published.status == Status.APPROVED
    step = published.transitions.get()
    assert step.revision.status == ProductRevision.Status.APPROVED
    assert step.by == kurator
    assert "harga" in step.note


def test_kurator_rejects_a_change_with_a_reason(client, editor, kurator, published):
    client.force_login(editor)
    edit(client, published, price="1")
    client.force_login(kurator)
    url = reverse("admin:catalogue_product_revision", args=[published.pk])
    empty = client.post(url, {"action": "reject", "reason": " "})
    assert empty.status_code == 200
    assert ProductRevision.objects.get().status == ProductRevision.Status.PENDING

    client.post(url, {"action": "reject", "reason": "Harga tidak wajar."})
    revision = ProductRevision.objects.get()
    assert revision.status == ProductRevision.Status.REJECTED
    assert revision.reason == "Harga tidak wajar."
    published.refresh_from_db()
    assert published.price == 250_000
    assert "Harga tidak wajar." in published.transitions.get().note


def test_editor_cannot_decide_a_change(client, editor, published):
    client.force_login(editor)
    edit(client, published, price="1")
    url = reverse("admin:catalogue_product_revision", args=[published.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve"}).status_code == 403
    published.refresh_from_db()
    assert published.price == 250_000


def test_saving_unchanged_keeps_nothing_pending(client, editor, published):
    client.force_login(editor)
    assert edit(client, published).status_code == 302
    assert not ProductRevision.objects.exists()


def test_editor_photo_changes_wait_too(client, editor, kurator, published, jpeg_upload):
    client.force_login(editor)
    page = client.get(change_url(published))
    data = admin_form_data(page)
    data.update(
        {
            "images-0-DELETE": "on",
            "images-1-image": jpeg_upload("baru.jpg", colour=(10, 200, 10)),
            "images-1-alt_text_ind": "Tas hijau",
            "images-1-ordering": "1",
        }
    )
    assert client.post(change_url(published), data).status_code == 302
    assert [image.alt_text_ind for image in published.images.all()] == ["Tas biru"]
    revision = ProductRevision.objects.get()
    assert [entry["alt_text_ind"] for entry in revision.images] == ["Tas hijau"]

    client.force_login(kurator)
    client.post(
        reverse("admin:catalogue_product_revision", args=[published.pk]), {"action": "approve"}
    )
    assert [image.alt_text_ind for image in published.images.all()] == ["Tas hijau"]
    assert published.images.get().width == 800


def test_kurator_edits_an_approved_product_directly(client, kurator, published):
    client.force_login(kurator)
    edit(client, published, price="300000")
    published.refresh_from_db()
    assert published.price == 300_000
    assert not ProductRevision.objects.exists()


def test_changes_to_drafts_are_saved_at_once(client, editor, published):
    published.status = Status.DRAFT
    published.save()
    client.force_login(editor)
    edit(client, published, price="1")
    published.refresh_from_db()
    assert published.price == 1


def test_approving_needs_a_described_photo(kurator):
    product = ProductFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="foto"):
        product.approve(by=kurator)
    product.refresh_from_db()
    assert product.status == Status.SUBMITTED


def test_approving_a_change_that_removes_every_photo_is_refused(kurator, editor, published):
    from catalogue import curation

    revision = curation.propose_change(published, by=editor, images=[])
    with pytest.raises(ValidationError, match="foto"):
        curation.approve_revision(revision, by=kurator)
    assert published.images.count() == 1
    assert ProductRevision.objects.get().status == ProductRevision.Status.PENDING


# History ------------------------------------------------------------------------------


def history_form(client, obj, admin_name):
    record = obj.history.order_by("history_id").first()
    url = reverse(f"admin:catalogue_{admin_name}_simple_history", args=[obj.pk, record.pk])
    return url, client.get(url)


def test_view_only_role_cannot_revert(client, pengelola_galeri, published):
    published.name_ind = "Nama Baru"
    published.save()
    client.force_login(pengelola_galeri)
    url, page = history_form(client, published, "product")
    assert page.status_code == 200
    data = admin_form_data(page)
    assert client.post(url, {**data, "name_ind": "Dibajak"}).status_code == 403
    published.refresh_from_db()
    assert published.name_ind == "Nama Baru"


def test_view_only_role_cannot_make_hidden_ikm_public_through_history(
    client, pengelola_galeri, kurator
):
    ikm = IKMFactory(is_public=True)
    ikm.is_public = False
    ikm.save()
    client.force_login(pengelola_galeri)
    url, page = history_form(client, ikm, "ikm")
    assert client.post(url, admin_form_data(page)).status_code == 403
    ikm.refresh_from_db()
    assert not ikm.is_public


def test_revert_never_changes_curation_state(client, kurator, published):
    published.archive(by=kurator)
    client.force_login(kurator)
    url, page = history_form(client, published, "product")
    response = client.post(url, admin_form_data(page))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Status.ARCHIVED
    assert not Product.objects.published().exists()


def test_editor_revert_of_approved_product_is_a_pending_change(client, editor, published):
    published.price = 999_000
    published.save()
    client.force_login(editor)
    url, page = history_form(client, published, "product")
    client.post(url, admin_form_data(page))
    published.refresh_from_db()
    assert published.price == 999_000
    assert ProductRevision.objects.get().fields == {"price": 250_000}


def test_deleted_product_comes_back_as_a_draft(client, editor, published):
    pk = published.pk
    published.is_featured = True
    published.save()
    published.delete()
    client.force_login(editor)
    record = Product.history.filter(id=pk).order_by("history_id").first()
    url = reverse("admin:catalogue_product_simple_history", args=[pk, record.pk])
    page = client.get(url)
    response = client.post(url, admin_form_data(page))
    assert response.status_code == 302
    restored = Product.objects.get(pk=pk)
    assert restored.status == Status.DRAFT
    assert not restored.is_featured
    assert not Product.objects.published().exists()


def test_editor_cannot_restore_a_deleted_photo_of_an_approved_product_live(
    client, editor, published, jpeg_upload
):
    extra = ProductImage(product=published, image=jpeg_upload("b.jpg"), alt_text_ind="Kedua")
    extra.save()
    record_id = extra.history.latest().history_id
    extra.delete()
    client.force_login(editor)
    url = reverse(
        "admin:catalogue_product_restore_related",
        args=[published.pk, "productimage", record_id],
    )
    assert client.post(url).status_code == 302
    assert published.images.count() == 1
    revision = ProductRevision.objects.get()
    assert [entry["alt_text_ind"] for entry in revision.images] == ["Tas biru", "Kedua"]


# IKM publishing --------------------------------------------------------------------------


def test_new_ikm_is_private_and_editor_cannot_publish_it(client, editor):
    from catalogue.tests.factories import KecamatanFactory

    kecamatan = KecamatanFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:catalogue_ikm_add"))
    data = admin_form_data(page)
    data.update(
        {
            "name": "Batik Baru",
            "slug": "batik-baru",
            "kecamatan": str(kecamatan.pk),
            "is_public": "on",
            "owner_phone": "0812-3456-7890",
            "_save": "1",
        }
    )
    response = client.post(reverse("admin:catalogue_ikm_add"), data)
    assert response.status_code == 302
    ikm = IKM.objects.get(slug="batik-baru")
    assert not ikm.is_public
    assert ikm.owner_phone == "+6281234567890"


def test_kurator_publishes_ikm(client, kurator):
    ikm = IKMFactory(is_public=False)
    client.force_login(kurator)
    response = client.post(
        reverse("admin:catalogue_ikm_changelist"),
        {"action": "publish_selected", "_selected_action": [ikm.pk]},
    )
    assert response.status_code == 302
    ikm.refresh_from_db()
    assert ikm.is_public


def test_owner_number_is_public_only_with_consent(db, client):
    ikm = IKMFactory(phone="", whatsapp="", owner_phone="081299990000")
    page = client.get(ikm.get_absolute_url()).content.decode()
    assert "99990000" not in page
    ikm.owner_phone_public = True
    ikm.save()
    page = client.get(ikm.get_absolute_url()).content.decode()
    assert "99990000" in page


def test_photo_zip_for_a_published_product_waits_for_review(client, editor, kurator, published):
    import io
    import zipfile

    from conftest import image_bytes

    def zip_of(colour):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(f"{published.code}_2.jpg", image_bytes(colour=colour))
        out.seek(0)
        out.name = "foto.zip"
        return out

    client.force_login(editor)
    url = reverse("admin:catalogue_product_photos")
    page = client.post(url, {"zip_file": zip_of((0, 90, 0))})
    assert "menunggu kurasi" in page.content.decode()
    assert published.images.count() == 1
    revision = ProductRevision.objects.get()
    assert len(revision.images) == 2
    # The same ZIP again adds nothing more.
    client.post(url, {"zip_file": zip_of((0, 90, 0))})
    assert len(ProductRevision.objects.get().images) == 2

    client.force_login(kurator)
    client.post(url, {"zip_file": zip_of((90, 0, 0))})
    assert published.images.count() == 2


def test_api_and_catalogue_serve_the_approved_version_while_a_change_waits(
    client, editor, published
):
    from catalogue import curation

    curation.propose_change(published, by=editor, fields={"price": 1, "name_ind": "Obral"})
    body = client.get(f"/api/v1/products/{published.slug}").json()
    assert (body["name"], body["price"]) == ("Tas Anyaman Pandan", 250_000)
    listing = client.get("/api/v1/products").json()
    assert [item["name"] for item in listing["results"]] == ["Tas Anyaman Pandan"]
    catalogue = client.get(reverse("catalogue:product-list")).content.decode()
    assert "Obral" not in catalogue


def test_kurator_edit_leaves_only_what_would_still_change_pending(
    client, editor, kurator, published
):
    client.force_login(editor)
    edit(client, published, price="1", description_ind="Baru")
    client.force_login(kurator)
    edit(client, published, price="1")
    assert ProductRevision.objects.get().fields == {"description_ind": "Baru"}
    edit(client, published, description_ind="Baru")
    assert not ProductRevision.objects.exists()


def test_rejected_change_leaves_no_photo_behind(editor, kurator, published, jpeg_upload):
    from django.core.files.storage import default_storage

    from catalogue import curation

    new = ProductImage(product=published, image=jpeg_upload("baru.jpg"), alt_text_ind="Baru")
    entry = curation.stored_entry(new)
    revision = curation.propose_change(
        published, by=editor, images=[*curation.image_list(published), entry]
    )
    assert default_storage.exists(entry["image"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        curation.reject_revision(revision, by=kurator, reason="Foto buram.")
    assert not default_storage.exists(entry["image"])
    assert published.images.get().image.storage.exists(published.images.get().image.name)
