"""Changes to approved products wait for a Kurator; the approved version stays public.

An approved product's row is what the public sees. Staff who may not approve
(Editors, imports, the photo ZIP of an Editor) never write to it: their change is
kept as the product's one pending `ProductRevision`, which a Kurator approves or
rejects with a reason, field by field, like Wagtail's draft and live revisions.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from .images import delete_photo, file_digest, store_photo
from .models import Product, ProductImage, ProductRevision, ProductTransition

# Fields that only the curation workflow changes; a revision never carries them.
CURATION_FIELDS = {
    "id",
    "status",
    "status_note",
    "is_featured",
    "submitted_at",
    "published_at",
    "created_at",
    "updated_at",
}
IMAGE_FIELDS = ("image", "width", "height", "alt_text_ind", "alt_text_en", "ordering")


def reviewed_fields():
    """Return the product fields a revision may change, each language on its own."""
    # modeltranslation's untranslated column follows its Indonesian twin.
    translated = translator.get_options_for_model(Product).all_fields
    return [
        field
        for field in Product._meta.concrete_fields
        if field.name not in CURATION_FIELDS and field.name not in translated
    ]


def _same(a, b):
    # Translation columns hold NULL where a form sends "".
    return a == b or (a in (None, "") and b in (None, ""))


def needs_review(product, user):
    """Return True if `user`'s change to `product` must wait for a Kurator."""
    return (
        product.pk is not None
        and Product.objects.filter(pk=product.pk, status=Product.Status.APPROVED).exists()
        and not (user is not None and user.has_perm("catalogue.approve_product"))
    )


def field_values(product):
    """Return {field attname: value} of the reviewed fields, as a revision stores them."""
    return {field.attname: field.value_from_object(product) for field in reviewed_fields()}


def image_list(product):
    """Return the product's stored photos as a revision lists them."""
    return [image_entry(image) for image in product.images.order_by("ordering", "pk")]


def image_entry(image):
    entry = {name: getattr(image, name) for name in IMAGE_FIELDS}
    entry["image"] = image.image.name
    entry["id"] = image.pk
    entry["source_digest"] = image.source_digest
    return entry


def stored_entry(image):
    """Store a new, unsaved ProductImage's file and return its revision entry.

    The file is re-encoded and its renditions made now, so that the Kurator sees
    the photo as it would be published; its name is random, so nobody finds it.
    """
    image.source_digest = file_digest(image.image.file)
    store_photo(image.image)
    return image_entry(image)


def _comparable(entries):
    return [{k: v for k, v in entry.items() if k != "source_digest"} for entry in entries or []]


@transaction.atomic
def propose_change(product, *, by, fields=None, images=None):
    """Keep a change to an approved product aside as its pending revision.

    `fields` maps attnames to proposed values (merged into the pending revision);
    `images` is the whole proposed photo list, or None to leave photos as they
    are. Return the pending revision, or None when nothing differs any more.
    """
    live = Product.objects.select_for_update().get(pk=product.pk)
    revision = live.revisions.filter(status=ProductRevision.Status.PENDING).first()
    if revision is None:
        revision = ProductRevision(product=live)
    current = field_values(live)
    before_fields, before_images = dict(revision.fields), revision.images
    merged = {**revision.fields, **(fields or {})}
    revision.fields = {
        name: value for name, value in merged.items() if not _same(current.get(name, value), value)
    }
    if images is not None:
        proposed = _comparable(images)
        revision.images = None if proposed == _comparable(image_list(live)) else images
    if not revision.fields and revision.images is None:
        if revision.pk:
            revision.delete()
        return None
    if revision.pk and (revision.fields, revision.images) == (before_fields, before_images):
        return revision
    revision.created_by = by if by is not None and by.pk else None
    revision.created_at = timezone.now()
    revision.save()
    return revision


@transaction.atomic
def refresh_pending(product):
    """Drop from the pending revision what the live product already has.

    A Kurator's own edit or import may make some proposed values the live ones;
    the review then shows only what would still change.
    """
    revision = product.revisions.select_for_update().filter(status=ProductRevision.Status.PENDING)
    revision = revision.first()
    if revision is None:
        return
    live = Product.objects.get(pk=product.pk)
    current = field_values(live)
    revision.fields = {
        name: value
        for name, value in revision.fields.items()
        if not _same(current.get(name, value), value)
    }
    if revision.images is not None and _comparable(revision.images) == _comparable(
        image_list(live)
    ):
        revision.images = None
    if not revision.fields and revision.images is None:
        revision.delete()
    else:
        revision.save(update_fields=["fields", "images", "updated_at"])


def pending_revision(product):
    return product.revisions.filter(status=ProductRevision.Status.PENDING).first()


def proposed_image_list(product):
    """Return the photo list a new change starts from: the pending one, else the live one."""
    revision = pending_revision(product)
    if revision is not None and revision.images is not None:
        return [dict(entry) for entry in revision.images]
    return image_list(product)


def with_revision(product, revision):
    """Return `product` with the revision's field values set, unsaved (for display)."""
    if revision is not None:
        for name, value in revision.fields.items():
            setattr(product, name, value)
    return product


def changed_labels(revision):
    """Return the names of what a revision changes, as staff read them."""
    labels = [
        str(Product._meta.get_field(_field_name(name)).verbose_name) for name in revision.fields
    ]
    if revision.images is not None:
        labels.append(_("foto"))
    return labels


def _field_name(attname):
    return next(f.name for f in Product._meta.concrete_fields if f.attname == attname)


def differences(revision):
    """Return (label, approved value, proposed value) for each changed field."""
    product = revision.product
    proposed = with_revision(Product.objects.get(pk=product.pk), revision)
    rows = []
    for field in reviewed_fields():
        if field.attname not in revision.fields:
            continue
        if field.is_relation:
            before, after = getattr(product, field.name), getattr(proposed, field.name)
        else:
            before = field.value_from_object(product)
            after = field.value_from_object(proposed)
        rows.append((field.verbose_name, before, after))
    return rows


def _check_curator(user):
    if not user.has_perm("catalogue.approve_product"):
        raise PermissionDenied(_("Hanya kurator yang boleh menyetujui atau menolak perubahan."))


@transaction.atomic
def approve_revision(revision, *, by, note=""):
    """Publish a pending revision: the product takes its values and photos."""
    _check_curator(by)
    revision = ProductRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != ProductRevision.Status.PENDING:
        raise ValidationError(_("Perubahan ini sudah diputuskan."))
    product = Product.objects.select_for_update().get(pk=revision.product_id)
    with_revision(product, revision)
    try:
        product.full_clean()
    except ValidationError as error:
        raise ValidationError(
            _("Perubahan tidak dapat diterbitkan: %(errors)s")
            % {"errors": " ".join(error.messages)}
        ) from error
    if revision.images is not None:
        _sync_images(product, revision.images)
    if not product.has_described_photo():
        raise ValidationError(
            _("Produk yang terbit harus memiliki minimal satu foto dengan teks alternatif.")
        )
    product._change_reason = _("Perubahan disetujui kurator")
    product._history_user = by
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        raise ValidationError(_("Perubahan bertabrakan dengan data yang ada.")) from error
    return _decide(revision, by, ProductRevision.Status.APPROVED, note, _("Perubahan disetujui"))


@transaction.atomic
def reject_revision(revision, *, by, reason):
    """Refuse a pending revision, with the reason the Editor reads."""
    _check_curator(by)
    if not reason.strip():
        raise ValidationError(_("Penolakan harus disertai alasan."))
    revision = ProductRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != ProductRevision.Status.PENDING:
        raise ValidationError(_("Perubahan ini sudah diputuskan."))
    revision.reason = reason.strip()
    # Photos uploaded for this change only: nothing refers to them any more.
    for entry in revision.images or []:
        if not entry.get("id"):
            transaction.on_commit(partial(delete_photo, entry["image"], entry["width"]))
    return _decide(revision, by, ProductRevision.Status.REJECTED, reason, _("Perubahan ditolak"))


def _decide(revision, by, status, note, title):
    now = timezone.now()
    revision.status = status
    revision.decided_by = by
    revision.decided_at = now
    revision.save()
    what = ", ".join(changed_labels(revision))
    text = f"{title} ({what})" + (f": {note.strip()}" if note.strip() else "")
    return ProductTransition.objects.create(
        product_id=revision.product_id,
        from_status=Product.Status.APPROVED,
        to_status=Product.Status.APPROVED,
        by=by,
        at=now,
        note=text,
        revision=revision,
    )


def _sync_images(product, entries):
    """Make the product's photo rows match the revision's photo list."""
    keep = {entry["id"] for entry in entries if entry.get("id")}
    for image in product.images.exclude(pk__in=keep):
        image.delete()
    existing = {image.pk: image for image in product.images.all()}
    for entry in entries:
        image = existing.get(entry.get("id"))
        if image is not None and all(getattr(image, n) == entry.get(n) for n in IMAGE_FIELDS):
            continue
        image = image or ProductImage(product=product, source_digest=entry.get("source_digest", ""))
        for name in IMAGE_FIELDS:
            setattr(image, name, entry.get(name))
        image.save()


def pending_products():
    """Products with a change waiting for a Kurator."""
    return Product.objects.filter(
        models.Exists(
            ProductRevision.objects.filter(
                product=models.OuterRef("pk"), status=ProductRevision.Status.PENDING
            )
        )
    )
