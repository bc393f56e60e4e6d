"""Product photos in bulk: a ZIP of files named after product codes or slugs.

``P-7KQ2MX.jpg``, ``p-7kq2mx_2.jpg`` and ``tas-anyaman-pandan_3.webp`` all find their
product. Nothing is unpacked to disk: each entry is read into memory up to the
photo size cap, validated like any upload, then stored through ProductImage.save(),
which re-encodes it without metadata and prepares its renditions.
"""

import hashlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from . import curation
from .images import validate_image_upload
from .models import Product, ProductImage, ProductRevision

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
# Files that archivers and desktops add beside the photos.
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
CODE_IN_NAME = re.compile(r"(?<![a-z0-9])(p-[a-z0-9]{6})(?![a-z0-9])", re.IGNORECASE)
# "tas-anyaman_2", "P-7KQ2MX (3)": the number says which photo of the product it is.
NUMBERED = re.compile(r"^(?P<key>.+?)(?:_(?P<n>\d{1,3})| ?\((?P<m>\d{1,3})\))?$")


@dataclass
class PhotoEntry:
    """One file of the ZIP and what became of it."""

    name: str
    key: str = ""
    number: int = 0
    product: Product | None = None
    image: ProductImage | None = None
    reason: str = ""
    pending: bool = False


@dataclass
class PhotoZipReport:
    matched: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    ignored: int = 0

    @property
    def products(self):
        """Return the products that received photos, each once."""
        return list({entry.product.pk: entry.product for entry in self.matched}.values())


def check_zip(file):
    """Open an uploaded ZIP, refusing archives that are broken or unpack too large."""
    try:
        archive = zipfile.ZipFile(file)
        entries = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("Berkas ini bukan ZIP yang dapat dibuka."), code="bad_zip"
        ) from error
    if len(entries) > settings.PHOTO_ZIP_MAX_FILES:
        raise ValidationError(
            _("ZIP berisi %(count)s berkas; maksimal %(max)s. Bagi menjadi beberapa ZIP.")
            % {"count": len(entries), "max": settings.PHOTO_ZIP_MAX_FILES},
            code="too_many_files",
        )
    unpacked = sum(info.file_size for info in entries)
    if unpacked > settings.PHOTO_ZIP_MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("Isi ZIP terlalu besar setelah dibuka (%(size)s MB); maksimal %(max)s MB.")
            % {
                "size": unpacked // 1_048_576,
                "max": settings.PHOTO_ZIP_MAX_UNPACKED_BYTES // 1_048_576,
            },
            code="too_large_unpacked",
        )
    return archive, entries


def _unsafe(name):
    parts = name.split("/")
    return name.startswith("/") or ".." in parts or re.match(r"^[a-zA-Z]:", name) is not None


def _sort_entries(archive_entries, report):
    """Split the ZIP's files into candidate photos and the rest, filling `report`."""
    candidates = []
    for info in archive_entries:
        name = info.filename.replace("\\", "/")
        base = posixpath.basename(name)
        parts = name.split("/")
        if "__MACOSX" in parts or base.startswith("._") or base.lower() in JUNK_NAMES or not base:
            report.ignored += 1
            continue
        entry = PhotoEntry(name=name)
        stem, extension = posixpath.splitext(base)
        extension = extension.lower()
        if _unsafe(name):
            entry.reason = _("Nama berkas tidak aman (menunjuk ke luar folder).")
        elif info.flag_bits & 0x1:
            entry.reason = _("Berkas dikunci dengan kata sandi.")
        elif extension == ".svg":
            entry.reason = _("SVG tidak diterima. Unggah foto JPEG, PNG, atau WebP.")
        elif extension not in PHOTO_EXTENSIONS:
            entry.reason = _("Bukan foto. Hanya JPEG, PNG, atau WebP yang diterima.")
        elif info.file_size > settings.IMAGE_MAX_BYTES:
            entry.reason = _("Berkas terlalu besar (%(size)s MB); maksimal %(max)s MB.") % {
                "size": round(info.file_size / 1_048_576, 1),
                "max": settings.IMAGE_MAX_BYTES // 1_048_576,
            }
        if entry.reason:
            report.rejected.append(entry)
            continue
        numbered = NUMBERED.match(stem.strip())
        entry.key = numbered["key"].strip()
        entry.number = int(numbered["n"] or numbered["m"] or 1)
        candidates.append((info, entry))
    return candidates


def _find_products(entries):
    """Return the products named by the entries, by upper-case code and by slug."""
    codes, slugs = set(), set()
    for entry in entries:
        codes.add(entry.key.upper())
        slugs.add(entry.key.lower())
        codes.update(code.upper() for code in CODE_IN_NAME.findall(entry.key))
    if not codes and not slugs:
        return {}, {}
    products = (
        Product.objects.filter(Q(code__in=codes) | Q(slug__in=slugs))
        .annotate(_image_count=Count("images"), _last_ordering=Max("images__ordering"))
        .select_related("ikm")
    )
    by_code, by_slug = {}, {}
    for product in products:
        by_code[product.code.upper()] = product
        by_slug[product.slug] = product
    return by_code, by_slug


def _match(entry, by_code, by_slug):
    key = entry.key
    product = by_code.get(key.upper()) or by_slug.get(key.lower())
    if product is None:
        found = CODE_IN_NAME.search(key)
        product = by_code.get(found.group(1).upper()) if found else None
    return product


def _read(archive, info, budget):
    """Return the entry's bytes, or raise ValidationError saying why it cannot be used."""
    limit = min(settings.IMAGE_MAX_BYTES, budget)
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError) as error:
        raise ValidationError(_("Berkas rusak di dalam ZIP.")) from error
    if len(data) > limit:
        if limit < settings.IMAGE_MAX_BYTES:
            raise ValidationError(_("Isi ZIP melebihi batas ukuran setelah dibuka."))
        raise ValidationError(
            _("Berkas terlalu besar; maksimal %(max)s MB.")
            % {"max": settings.IMAGE_MAX_BYTES // 1_048_576}
        )
    return data


def alt_texts(product, number):
    """Return the default alt text of a product's Nth photo in both languages."""
    texts = {"alt_text_ind": f"{product.name_ind or product.name}, foto {number}"}
    if product.name_en:
        texts["alt_text_en"] = f"{product.name_en}, photo {number}"
    return texts


def import_product_photos(*, file, user=None):
    """Store the photos of a ZIP on the products their names point to; return a report.

    A photo for a published product that `user` may not approve waits for a Kurator,
    as the product's pending change.
    """
    archive, entries = check_zip(file)
    report = PhotoZipReport()
    with archive:
        candidates = _sort_entries(entries, report)
        by_code, by_slug = _find_products(entry for _info, entry in candidates)
        matched = []
        for info, entry in candidates:
            entry.product = _match(entry, by_code, by_slug)
            if entry.product is None:
                entry.reason = _("Tidak ada produk dengan kode atau slug “%(key)s”.") % {
                    "key": entry.key
                }
                report.unmatched.append(entry)
            else:
                matched.append((info, entry))
        matched.sort(key=lambda pair: (pair[1].product.pk, pair[1].number, pair[1].name))
        budget = settings.PHOTO_ZIP_MAX_UNPACKED_BYTES
        stored = _stored_digests(entry.product for _info, entry in matched)
        for info, entry in matched:
            try:
                data = _read(archive, info, budget)
                budget -= len(data)
                digest = hashlib.sha256(data).hexdigest()
                if (entry.product.pk, digest) in stored:
                    entry.reason = _("Foto yang sama sudah ada pada produk ini.")
                    report.duplicates.append(entry)
                    continue
                upload = SimpleUploadedFile(posixpath.basename(entry.name), data)
                validate_image_upload(upload)
                entry.image = _store(entry.product, upload, user)
                entry.pending = entry.image.pk is None
            except ValidationError as error:
                entry.reason = " ".join(error.messages)
                report.rejected.append(entry)
            except (OSError, ValueError):
                entry.reason = _("Foto tidak dapat dibaca atau disimpan.")
                report.rejected.append(entry)
            else:
                stored.add((entry.product.pk, digest))
                report.matched.append(entry)
    return report


def _stored_digests(products):
    """Return (product id, digest) of the photos the products have, or have pending."""
    ids = {product.pk for product in products}
    stored = set(
        ProductImage.objects.filter(product__in=ids)
        .exclude(source_digest="")
        .values_list("product_id", "source_digest")
    )
    pending = ProductRevision.objects.filter(
        product__in=ids, status=ProductRevision.Status.PENDING, images__isnull=False
    )
    for product_id, images in pending.values_list("product_id", "images"):
        stored.update((product_id, entry.get("source_digest")) for entry in images)
    return stored


def _store(product, upload, user):
    """Add `upload` after the product's existing photos (or its pending ones)."""
    number = product._image_count + 1
    ordering = (product._last_ordering if product._last_ordering is not None else -1) + 1
    image = ProductImage(
        product=product, image=upload, ordering=ordering, **alt_texts(product, number)
    )
    with transaction.atomic():
        if curation.needs_review(product, user):
            images = curation.proposed_image_list(product)
            entry = curation.stored_entry(image)
            curation.propose_change(product, by=user, images=[*images, entry])
        else:
            image.save()
    product._image_count, product._last_ordering = number, ordering
    return image
