import functools
import operator
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .counting import COUNT_LIMIT, CappedCount
from .fields import NIBField, PhoneField
from .images import PhotoField, UniquePhotoPath, file_digest, store_photo
from .spreadsheets import name_key

BRAND_VALIDITY_YEARS = 10


class Category(models.Model):
    """A craft kind: batik, tenun, ukir kayu, alas kaki…"""

    name = models.CharField(_("nama"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    aliases = models.TextField(
        _("nama lain"),
        blank=True,
        help_text=_(
            "Nama yang dipakai di daftar/berkas impor untuk kategori ini, satu per baris "
            "(misalnya Kuningan, Cor Kuningan)."
        ),
    )
    ordering = models.PositiveSmallIntegerField(
        _("urutan"), default=0, help_text=_("Angka kecil tampil lebih dulu.")
    )

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = pgettext_lazy("plural", "kategori")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:category-detail", args=[self.slug])

    def alias_list(self):
        """Return the other names of the category, one per line of `aliases`."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        # Imports match a craft name to one category only; a name two categories claim
        # would send rows to whichever happened to load first.
        others = {}
        for other in Category.objects.exclude(pk=self.pk):
            for name in (other.name_ind, other.name_en, other.slug, *other.alias_list()):
                if name:
                    others.setdefault(name_key(name), other)
        clashes = [
            _("“%(alias)s” sudah dipakai kategori %(category)s.")
            % {"alias": alias, "category": others[name_key(alias)]}
            for alias in self.alias_list()
            if name_key(alias) in others
        ]
        if clashes:
            raise ValidationError({"aliases": clashes})


class Kecamatan(models.Model):
    """A district of the regency, as addresses and filters name it."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = pgettext_lazy("plural", "kecamatan")

    def __str__(self):
        return self.name


class SentraQuerySet(models.QuerySet):
    def with_directory_facts(self, limit=None):
        """Annotate `ikm_count`, `product_count` (public ones, up to `limit`) and `cover_id`.

        `cover_id` is the cover photo of one of the sentra's published products, the
        featured and newest first; None when none of them has a photo.
        """
        limit = limit or COUNT_LIMIT
        published = Product.objects.published().filter(ikm__sentra=OuterRef("pk"))
        makers = IKM.objects.public().filter(sentra=OuterRef("pk"))
        covers = ProductImage.objects.filter(
            product__status=Product.Status.APPROVED,
            product__ikm__is_public=True,
            product__ikm__sentra=OuterRef("pk"),
        ).order_by(
            "-product__is_featured", "-product__published_at", "-product_id", "ordering", "pk"
        )
        return self.annotate(
            ikm_count=CappedCount(makers.order_by().values("pk")[: limit + 1]),
            product_count=CappedCount(published.order_by().values("pk")[: limit + 1]),
            cover_id=models.Subquery(covers.values("pk")[:1]),
        )


class Sentra(models.Model):
    """A craft cluster: a village or area where one craft concentrates."""

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    desa = models.CharField(_("desa/kelurahan"), max_length=80, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="sentra"
    )
    main_category = models.ForeignKey(
        Category,
        verbose_name=_("kategori utama"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sentra",
    )
    description = models.TextField(_("deskripsi"), blank=True)

    objects = SentraQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sentra")
        verbose_name_plural = pgettext_lazy("plural", "sentra")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:sentra-detail", args=[self.slug])


class IKMQuerySet(models.QuerySet):
    def public(self):
        """IKM the public may see."""
        return self.filter(is_public=True)

    def search(self, query):
        """IKM matching every word of `query` in their name, story, place, sentra or crafts.

        Only what the profile shows publicly is searched: never the owner's name or
        number, nor the NIB.
        """
        fields = (
            "name",
            "story_ind",
            "story_en",
            "desa",
            "kecamatan__name",
            "sentra__name",
        )
        condition = Q()
        for word in query.split()[:8]:
            # Crafts through Exists: a join would repeat an IKM once per craft.
            crafts = Category.objects.filter(ikm=OuterRef("pk")).filter(
                Q(name_ind__icontains=word) | Q(name_en__icontains=word)
            )
            condition &= functools.reduce(
                operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields)
            ) | Exists(crafts)
        return self.filter(condition)

    def with_registered_brand(self):
        """Annotate `has_registered_brand`: a registered, unexpired mark."""
        return self.annotate(
            has_registered_brand=Exists(
                BrandCertificate.objects.registered().filter(ikm=OuterRef("pk"))
            )
        )


class IKM(models.Model):
    """A small craft business (Industri Kecil Menengah): the artisan profile."""

    name = models.CharField(_("nama usaha"), max_length=150, db_index=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    owner_name = models.CharField(_("nama pemilik"), max_length=120, blank=True)
    nib = NIBField(
        _("NIB"), help_text=_("Nomor Induk Berusaha, 13 digit. Kosongkan bila belum ada.")
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    desa = models.CharField(_("desa/kelurahan"), max_length=80, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="ikm"
    )
    phone = PhoneField(
        _("telepon usaha"),
        help_text=_("Nomor usaha yang tampil publik. Contoh: 0321-123456 atau 0812-3456-7890."),
    )
    whatsapp = PhoneField(
        _("WhatsApp usaha"), help_text=_("Nomor WhatsApp usaha untuk dihubungi pembeli.")
    )
    owner_phone = PhoneField(
        _("nomor HP pemilik"),
        help_text=_("Nomor pribadi pemilik. Hanya tampil publik bila pemilik menyetujuinya."),
    )
    owner_phone_public = models.BooleanField(
        _("pemilik setuju nomornya tampil"),
        default=False,
        help_text=_(
            "Centang hanya bila pemilik sudah menyetujui nomor pribadinya tampil di situs."
        ),
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    instagram = models.CharField(
        _("Instagram"), max_length=60, blank=True, help_text=_("Nama akun tanpa @.")
    )
    tokopedia_url = models.URLField(_("toko Tokopedia"), blank=True)
    shopee_url = models.URLField(_("toko Shopee"), blank=True)
    other_shop_url = models.URLField(_("toko daring lain"), blank=True)
    story = models.TextField(_("kisah usaha"), blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("tahun berdiri"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    workers = models.PositiveIntegerField(_("jumlah tenaga kerja"), null=True, blank=True)
    photo = PhotoField(
        _("foto atau logo"),
        upload_to=UniquePhotoPath("ikm"),
        blank=True,
    )
    sentra = models.ForeignKey(
        Sentra,
        verbose_name=_("sentra"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ikm",
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("kerajinan"), related_name="ikm", blank=True
    )
    is_public = models.BooleanField(
        _("tampil publik"),
        default=False,
        db_index=True,
        help_text=_(
            "IKM tersembunyi beserta produknya tidak tampil di situs. Hanya kurator yang "
            "dapat menampilkannya."
        ),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = IKMQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("IKM")
        verbose_name_plural = pgettext_lazy("plural", "IKM")
        permissions = [("publish_ikm", _("Boleh menampilkan atau menyembunyikan IKM di situs"))]
        constraints = [
            models.UniqueConstraint(
                fields=["nib"], condition=~Q(nib=""), name="ikm_nib_unique_when_present"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:ikm-detail", args=[self.slug])

    @property
    def public_owner_phone(self):
        """The owner's own number, only when the owner agreed to show it."""
        return self.owner_phone if self.owner_phone_public else ""

    @property
    def public_phone(self):
        """The number the public may call: the business's, else the owner's if agreed."""
        return self.phone or self.public_owner_phone

    @property
    def public_whatsapp(self):
        """The WhatsApp number the public may write to, on the same rule."""
        return self.whatsapp or self.public_owner_phone

    def save(self, *args, **kwargs):
        store_photo(self.photo)
        super().save(*args, **kwargs)


class BrandCertificateQuerySet(models.QuerySet):
    def registered(self, on=None):
        """Certificates of registered marks still in force on `on` (default today)."""
        on = on or timezone.localdate()
        return self.filter(status=BrandCertificate.Status.REGISTERED).filter(
            Q(expiry_date__isnull=True) | Q(expiry_date__gte=on)
        )


class BrandCertificate(models.Model):
    """An HKI trademark (merek) certificate held by an IKM."""

    class Status(models.TextChoices):
        IN_APPLICATION = "in_application", _("dalam permohonan")
        REGISTERED = "registered", _("terdaftar")

    ikm = models.ForeignKey(
        IKM, verbose_name=_("IKM"), on_delete=models.CASCADE, related_name="certificates"
    )
    mark_name = models.CharField(_("nama merek"), max_length=120)
    registration_number = models.CharField(
        _("nomor pendaftaran"),
        max_length=40,
        blank=True,
        help_text=_("Contoh: IDM000123456. Kosong selama masih dalam permohonan."),
    )
    nice_class = models.PositiveSmallIntegerField(
        _("kelas Nice"),
        validators=[MinValueValidator(1), MaxValueValidator(45)],
        help_text=_("Kelas barang/jasa 1–45, misalnya 25 untuk pakaian dan alas kaki."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_APPLICATION
    )
    filing_date = models.DateField(_("tanggal permohonan"), null=True, blank=True)
    registration_date = models.DateField(_("tanggal pendaftaran"), null=True, blank=True)
    expiry_date = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk mengisi otomatis 10 tahun sejak tanggal permohonan."),
    )

    objects = BrandCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["ikm__name", "mark_name"]
        verbose_name = _("sertifikat merek")
        verbose_name_plural = pgettext_lazy("plural", "sertifikat merek")
        indexes = [models.Index(fields=["status", "expiry_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(nice_class__gte=1, nice_class__lte=45), name="certificate_nice_class"
            ),
            models.CheckConstraint(
                condition=~Q(status="registered") | ~Q(registration_number=""),
                name="certificate_registered_has_number",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="certificate_number_unique_when_present",
            ),
        ]

    def __str__(self):
        return self.mark_name

    def clean(self):
        if self.status == self.Status.REGISTERED and not self.registration_number:
            raise ValidationError(
                {"registration_number": _("Merek terdaftar harus memiliki nomor pendaftaran.")}
            )

    def save(self, *args, **kwargs):
        if self.expiry_date is None:
            self.expiry_date = self.default_expiry()
        super().save(*args, **kwargs)

    def default_expiry(self):
        """Return the date the mark lapses: 10 years from filing (UU 20/2016, Pasal 35)."""
        start = self.filing_date or self.registration_date
        if start is None:
            return None
        try:
            return start.replace(year=start.year + BRAND_VALIDITY_YEARS)
        except ValueError:  # filed on 29 February
            return start.replace(year=start.year + BRAND_VALIDITY_YEARS, day=28)

    @property
    def is_in_force(self):
        return self.status == self.Status.REGISTERED and (
            self.expiry_date is None or self.expiry_date >= timezone.localdate()
        )


def new_product_code():
    """Return a short code for shelf labels and photo file names, e.g. P-7KQ2MX."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "P-" + "".join(secrets.choice(alphabet) for _ in range(6))


class ProductQuerySet(models.QuerySet):
    def published(self):
        """Products the public may see: approved, of a public IKM."""
        return self.filter(status=Product.Status.APPROVED, ikm__is_public=True)

    def search(self, query):
        """Products matching every word of `query` in their text, IKM, category or sentra."""
        return self.search_terms([[word] for word in query.split()[:8]])

    def search_terms(self, terms):
        """Products matching each term, a list of phrases of which any one may match."""
        fields = (
            "name_ind",
            "name_en",
            "description_ind",
            "description_en",
            "materials_ind",
            "ikm__name",
            "category__name_ind",
            "category__name_en",
            "category__aliases",
            "ikm__sentra__name",
        )

        def matches(word):
            return functools.reduce(
                operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields)
            )

        condition = Q()
        for phrases in terms:
            condition &= functools.reduce(
                operator.or_,
                (
                    functools.reduce(operator.and_, (matches(w) for w in phrase.split()))
                    for phrase in phrases
                    if phrase.split()
                ),
                Q(pk__in=[]),
            )
        return self.filter(condition)

    def for_cards(self):
        """Load what a product card shows in a fixed number of queries."""
        return self.select_related("ikm", "ikm__kecamatan", "category").prefetch_related(
            models.Prefetch("images", queryset=ProductImage.objects.order_by("ordering", "pk"))
        )

    def awaiting_review(self):
        """Submitted products, the longest waiting first."""
        return self.filter(status=Product.Status.SUBMITTED).order_by("submitted_at", "pk")


class InvalidTransition(ValidationError):
    """A curation step that the product's current status does not allow."""


class Product(models.Model):
    """A craft product offered by an IKM, shown once curated and approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SUBMITTED = "submitted", _("menunggu kurasi")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("ditolak")
        ARCHIVED = "archived", _("diarsipkan")

    # Which status each status may move to.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED, Status.ARCHIVED},
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.DRAFT},
        Status.APPROVED: {Status.ARCHIVED, Status.DRAFT},
        Status.REJECTED: {Status.SUBMITTED, Status.DRAFT, Status.ARCHIVED},
        Status.ARCHIVED: {Status.DRAFT},
    }
    # Curators decide; editors only prepare and submit.
    CURATOR_STATUSES = {Status.APPROVED, Status.REJECTED}

    ikm = models.ForeignKey(
        IKM, verbose_name=_("IKM"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="products"
    )
    code = models.CharField(
        _("kode produk"),
        max_length=20,
        unique=True,
        default=new_product_code,
        help_text=_("Kode tetap untuk label rak dan nama berkas foto."),
    )
    name = models.CharField(_("nama produk"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    materials = models.CharField(
        _("bahan"), max_length=200, blank=True, help_text=_("Pisahkan dengan koma.")
    )
    colours = models.CharField(_("warna"), max_length=200, blank=True)
    dimensions = models.CharField(
        _("ukuran"), max_length=100, blank=True, help_text=_("Contoh: 30 × 20 × 10 cm.")
    )
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), null=True, blank=True)
    price = models.PositiveBigIntegerField(
        _("harga (Rp)"), null=True, blank=True, help_text=_("Kosongkan bila harga sesuai pesanan.")
    )
    price_max = models.PositiveBigIntegerField(
        _("harga tertinggi (Rp)"),
        null=True,
        blank=True,
        help_text=_("Isi bila harga berupa rentang, misalnya menurut ukuran."),
    )
    min_order = models.PositiveIntegerField(_("pesanan minimum"), default=1)
    capacity_per_month = models.PositiveIntegerField(
        _("kapasitas produksi per bulan"), null=True, blank=True
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lama pengerjaan (hari)"), null=True, blank=True
    )
    is_export_ready = models.BooleanField(_("siap ekspor"), default=False)
    is_featured = models.BooleanField(_("unggulan"), default=False)
    status = models.CharField(
        _("status kurasi"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_note = models.TextField(
        _("catatan kurasi"), blank=True, help_text=_("Alasan penolakan terakhir, untuk IKM.")
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("produk")
        verbose_name_plural = pgettext_lazy("plural", "produk")
        permissions = [
            ("approve_product", _("Boleh menyetujui, menolak, dan menandai unggulan produk")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="product_status_published"),
            models.Index(fields=["status", "price"], name="product_status_price"),
            models.Index(fields=["status", "name"], name="product_status_name"),
            models.Index(fields=["status", "submitted_at"], name="product_status_submitted"),
            models.Index(fields=["status", "is_featured"], name="product_status_featured"),
            models.Index(fields=["status", "is_export_ready"], name="product_status_export"),
            # A category's products newest first (category pages, the catalogue filtered
            # by category), and featured first (related products on a product page):
            # read in order, not sorted from thousands.
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="product_category_newest",
            ),
            models.Index(
                fields=["category", "status", "-is_featured", "-published_at", "-id"],
                name="product_category_featured",
            ),
            # Counting a category's products by where their makers are (the catalogue
            # filtered by category and kecamatan or sentra, and its facets) reads only
            # this index, not thousands of table pages.
            models.Index(
                fields=["category", "status", "ikm", "is_export_ready"],
                name="product_category_maker",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price__lte=models.F("price_max")),
                name="product_price_range_ordered",
            ),
            models.CheckConstraint(condition=Q(min_order__gte=1), name="product_min_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:product-detail", args=[self.slug])

    def clean(self):
        if self.price_max is not None:
            if self.price is None:
                raise ValidationError({"price": _("Isi harga terendah untuk rentang harga.")})
            if self.price_max < self.price:
                raise ValidationError(
                    {"price_max": _("Harga tertinggi tidak boleh lebih kecil dari harga.")}
                )

    @property
    def is_published(self):
        return self.status == self.Status.APPROVED and self.ikm.is_public

    def has_described_photo(self):
        """Return True if the product has a photo with alternative text."""
        return self.images.exclude(alt_text_ind__isnull=True).exclude(alt_text_ind="").exists()

    def can_move_to(self, status):
        return status in self.TRANSITIONS[self.Status(self.status)]

    @transaction.atomic
    def move_to(self, status, *, by, note=""):
        """Move the product to `status`, recording who did it and why."""
        status = self.Status(status)
        if status in self.CURATOR_STATUSES and not by.has_perm("catalogue.approve_product"):
            raise PermissionDenied(_("Hanya kurator yang boleh menyetujui atau menolak produk."))
        if not by.has_perm("catalogue.change_product"):
            raise PermissionDenied(_("Anda tidak berhak mengubah produk."))
        if not self.can_move_to(status):
            raise InvalidTransition(
                _("Produk “%(name)s” berstatus %(current)s dan tidak dapat menjadi %(target)s.")
                % {
                    "name": self.name,
                    "current": self.get_status_display(),
                    "target": status.label,
                }
            )
        if status == self.Status.REJECTED and not note.strip():
            raise ValidationError(_("Penolakan harus disertai alasan."))
        if status == self.Status.APPROVED and not self.has_described_photo():
            raise ValidationError(
                _(
                    "“%(name)s” belum dapat disetujui: tambahkan minimal satu foto dengan teks "
                    "alternatif."
                )
                % {"name": self.name}
            )
        now = timezone.now()
        previous = self.status
        self.status = status
        update = ["status", "updated_at"]
        if status == self.Status.SUBMITTED:
            self.submitted_at = now
            update.append("submitted_at")
        if status == self.Status.APPROVED:
            self.published_at = self.published_at or now
            update.append("published_at")
        if status in (self.Status.APPROVED, self.Status.REJECTED):
            self.status_note = note.strip()
            update.append("status_note")
        if status != self.Status.APPROVED and self.is_featured:
            self.is_featured = False
            update.append("is_featured")
        self.save(update_fields=update)
        return ProductTransition.objects.create(
            product=self, from_status=previous, to_status=status, by=by, note=note.strip(), at=now
        )

    def submit(self, *, by, note=""):
        return self.move_to(self.Status.SUBMITTED, by=by, note=note)

    def approve(self, *, by, note=""):
        return self.move_to(self.Status.APPROVED, by=by, note=note)

    def reject(self, *, by, reason):
        return self.move_to(self.Status.REJECTED, by=by, note=reason)

    def archive(self, *, by, note=""):
        return self.move_to(self.Status.ARCHIVED, by=by, note=note)

    def return_to_draft(self, *, by, note=""):
        return self.move_to(self.Status.DRAFT, by=by, note=note)

    def set_featured(self, featured, *, by):
        """Feature or unfeature the product on the home page (curators only)."""
        if not by.has_perm("catalogue.approve_product"):
            raise PermissionDenied(_("Hanya kurator yang boleh menandai produk unggulan."))
        if featured and self.status != self.Status.APPROVED:
            raise InvalidTransition(
                _("Hanya produk yang sudah disetujui yang dapat dijadikan unggulan.")
            )
        self.is_featured = featured
        self.save(update_fields=["is_featured", "updated_at"])


class ProductTransition(models.Model):
    """One step of a product's curation: who moved it, when, from where to where, why."""

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("dari"), max_length=20, choices=Product.Status.choices)
    to_status = models.CharField(_("menjadi"), max_length=20, choices=Product.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)
    revision = models.ForeignKey(
        "ProductRevision",
        verbose_name=_("perubahan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transitions",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("riwayat kurasi")
        verbose_name_plural = pgettext_lazy("plural", "riwayat kurasi")

    def __str__(self):
        return f"{self.product}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ProductRevision(models.Model):
    """A change to an approved product, kept aside until a Kurator approves it.

    The approved version stays public meanwhile. `fields` holds the proposed values of
    the fields that differ; `images` the whole proposed photo list, or null when the
    photos are unchanged.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu kurasi")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("ditolak")

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="revisions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    fields = models.JSONField(_("isian yang diubah"), default=dict, blank=True)
    images = models.JSONField(_("foto yang diajukan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("perubahan produk")
        verbose_name_plural = pgettext_lazy("plural", "perubahan produk")
        indexes = [models.Index(fields=["status", "created_at"], name="revision_status_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status="pending"),
                name="one_pending_revision_per_product",
            )
        ]

    def __str__(self):
        return f"{self.product} ({self.get_status_display()})"


class ProductImage(models.Model):
    """A photo of a product; the first by ordering is its cover."""

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="images"
    )
    image = PhotoField(
        _("foto"),
        upload_to=UniquePhotoPath("products"),
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, atau WebP, maksimal 10 MB."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=200,
        help_text=_("Gambarkan isi foto untuk pembaca layar, misalnya “Tas anyaman pandan biru”."),
    )
    ordering = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # SHA-256 of the file as uploaded (before re-encoding), so the same photo uploaded
    # again, e.g. in a ZIP sent twice, is recognised.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["ordering", "pk"]
        verbose_name = _("foto produk")
        verbose_name_plural = pgettext_lazy("plural", "foto produk")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="product_image_alt_required")
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            self.source_digest = file_digest(self.image.file)
        store_photo(self.image)
        super().save(*args, **kwargs)


def new_upload_token():
    return secrets.token_urlsafe(32)


class ImportUpload(models.Model):
    """A spreadsheet uploaded for import, kept until its preview is confirmed.

    Stored in the database rather than on local disk so that the confirmation may reach
    any app server; the file is read and checked again when confirmed.
    """

    token = models.CharField(max_length=64, unique=True, default=new_upload_token)
    kind = models.CharField(_("jenis data"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    content = models.BinaryField(_("isi berkas"))
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("berkas impor")
        verbose_name_plural = pgettext_lazy("plural", "berkas impor")

    def __str__(self):
        return self.file_name


class SearchSynonym(models.Model):
    """Words that mean the same to a visitor searching the catalogue."""

    words = models.CharField(
        _("kata"),
        max_length=200,
        unique=True,
        help_text=_(
            "Kata atau frasa yang bermakna sama, dipisah koma, misalnya "
            "“sepatu, alas kaki”. Pencarian salah satunya juga menemukan yang lain."
        ),
    )

    class Meta:
        ordering = ["words"]
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = pgettext_lazy("plural", "sinonim pencarian")

    def __str__(self):
        return self.words

    def save(self, *args, **kwargs):
        self.words = ", ".join(self.word_list())
        super().save(*args, **kwargs)

    def word_list(self):
        """Return the words and phrases of the set, lower-cased, each once."""
        seen = {}
        for part in self.words.split(","):
            phrase = " ".join(part.lower().split())
            if phrase:
                seen.setdefault(phrase, None)
        return list(seen)
