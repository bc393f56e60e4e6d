from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.fields import PhoneField
from catalogue.images import PhotoField, UniquePhotoPath, store_photo
from catalogue.models import Kecamatan, Product

from . import hours as opening


class GalleryQuerySet(models.QuerySet):
    def active(self):
        """Galleries open to visitors (not closed down)."""
        return self.filter(is_active=True)

    def with_hours(self):
        """Prefetch opening hours and the closures not yet over, for status without queries."""
        return self.prefetch_related(
            "hours",
            models.Prefetch(
                "closures",
                queryset=Closure.objects.filter(end_date__gte=timezone.localdate()),
            ),
        )

    def displaying(self, product):
        """Galleries where `product` is on show."""
        return self.filter(displays__product=product)


class Gallery(models.Model):
    """A Galeri Dekranasda: a physical showroom of curated products."""

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    code = models.CharField(
        _("kode"),
        max_length=20,
        unique=True,
        help_text=_("Kode singkat, misalnya PPST atau MPP."),
    )
    host_venue = models.CharField(
        _("tempat"),
        max_length=200,
        blank=True,
        help_text=_("Gedung tempat galeri berada, misalnya Mal Pelayanan Publik."),
    )
    description = models.TextField(_("deskripsi"), blank=True)
    address = models.CharField(_("alamat"), max_length=255)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="galleries"
    )
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = PhoneField(_("telepon"))
    whatsapp = PhoneField(_("WhatsApp"))
    email = models.EmailField(_("email"), blank=True)
    contact_person = models.CharField(_("narahubung"), max_length=120, blank=True)
    photo = PhotoField(
        _("foto"),
        upload_to=UniquePhotoPath("galleries"),
        blank=True,
    )
    is_active = models.BooleanField(_("aktif"), default=True, db_index=True)
    ordering = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = GalleryQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("galeri")
        verbose_name_plural = pgettext_lazy("plural", "galeri")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="gallery_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="gallery_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("galleries:gallery-detail", args=[self.slug])

    def save(self, *args, **kwargs):
        store_photo(self.photo)
        super().save(*args, **kwargs)

    def status_at(self, when=None):
        """Return whether the gallery is open at `when` (default now), and when it opens next."""
        return opening.status_at(self.hours.all(), self.closures.all(), when)

    @cached_property
    def status(self):
        return self.status_at()

    def hours_text_on(self, day):
        return opening.hours_text_on(self.hours.all(), self.closures.all(), day)

    @cached_property
    def hours_today(self):
        """Return today's hours as text, e.g. “08.00–11.00, 13.00–15.00” or “Tutup”."""
        return self.hours_text_on(timezone.localdate())

    @cached_property
    def week(self):
        return opening.week_table(self.hours.all())

    @cached_property
    def upcoming_closures(self):
        return opening.upcoming_closures(self.closures.all(), timezone.localdate())

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @cached_property
    def picture(self):
        """Return the photo as `{% picture %}` takes it, or None when there is none to show."""
        if not self.photo:
            return None
        try:
            width, height = self.photo.width, self.photo.height
        except (OSError, ValueError):
            return None
        alt = _("Foto %(name)s") % {"name": self.name}
        return SimpleNamespace(image=self.photo, width=width, height=height, alt_text=alt)

    @property
    def whatsapp_url(self):
        return f"https://wa.me/{self.whatsapp.lstrip('+')}" if self.whatsapp else ""

    @property
    def osm_url(self):
        if not self.has_location:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"

    @property
    def directions_url(self):
        """Return a Google Maps route to the gallery's coordinates."""
        if not self.has_location:
            return ""
        return (
            f"https://www.google.com/maps/dir/?api=1&destination={self.latitude},{self.longitude}"
        )


class OpeningHours(models.Model):
    """One opening interval of a gallery on a weekday; a day may have several."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("galeri"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("jam buka")
        verbose_name_plural = pgettext_lazy("plural", "jam buka")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="hours_close_after_open"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_range"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Jam tutup harus setelah jam buka.")})


class Closure(models.Model):
    """Days a gallery is closed despite its weekly hours, such as public holidays."""

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("galeri"), on_delete=models.CASCADE, related_name="closures"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(
        _("sampai"), help_text=_("Sama dengan tanggal mulai untuk satu hari.")
    )
    reason = models.CharField(_("alasan"), max_length=150, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("hari tutup")
        verbose_name_plural = pgettext_lazy("plural", "hari tutup")
        indexes = [models.Index(fields=["gallery", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_end_after_start"
            )
        ]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.start_date:%d-%m-%Y} {self.reason}".strip()
        return f"{self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y} {self.reason}".strip()

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")}
            )


class Display(models.Model):
    """A product on show at a gallery."""

    gallery = models.ForeignKey(
        Gallery, verbose_name=_("galeri"), on_delete=models.CASCADE, related_name="displays"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="displays"
    )
    since = models.DateField(_("dipajang sejak"), default=timezone.localdate)
    shelf_note = models.CharField(
        _("catatan rak"), max_length=120, blank=True, help_text=_("Misalnya: rak B2, etalase kaca.")
    )

    class Meta:
        ordering = ["gallery", "-since"]
        verbose_name = _("produk dipajang")
        verbose_name_plural = pgettext_lazy("plural", "produk dipajang")
        constraints = [
            models.UniqueConstraint(fields=["gallery", "product"], name="display_unique_product")
        ]

    def __str__(self):
        return f"{self.product} @ {self.gallery.code}"
