"""The council itself: its site settings (name, colours, contact) and its board per term."""

import json
import logging
import types

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.fields import PhoneField
from catalogue.images import PhotoField, UniquePhotoPath, store_photo

from .icons import icon_version

logger = logging.getLogger(__name__)

CACHE_KEY = "council:site-settings:v1"
CACHE_SECONDS = 60 * 60
MIN_CONTRAST = 4.5

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Tulis warna sebagai kode heksadesimal, misalnya #7a2e1d.")
)


def contrast_with_white(colour):
    """Return the WCAG contrast ratio of white text on `colour` (#rrggbb)."""

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


class SiteSettings(models.Model):
    """The one record that names and brands this council's site."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("nama dewan"), max_length=150, help_text=_("Misalnya: Dekranasda Kabupaten Mojokerto.")
    )
    short_name = models.CharField(
        _("nama singkat"), max_length=80, help_text=_("Tampil di kepala halaman.")
    )
    region = models.CharField(_("daerah"), max_length=100, help_text=_("Kabupaten atau kota."))
    province = models.CharField(_("provinsi"), max_length=100)
    logo = PhotoField(
        _("logo"),
        upload_to=UniquePhotoPath("council"),
        blank=True,
        help_text=_("PNG, JPEG, atau WebP; SVG tidak diterima."),
    )
    primary_color = models.CharField(
        _("warna utama"),
        max_length=7,
        validators=[hex_colour],
        help_text=_("Latar kepala halaman dengan teks putih, misalnya #7a2e1d."),
    )
    accent_color = models.CharField(
        _("warna aksen"),
        max_length=7,
        validators=[hex_colour],
        help_text=_("Garis fokus dan sorotan, misalnya #b8860b."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneField(_("telepon"))
    whatsapp = PhoneField(_("WhatsApp"))
    address = models.TextField(_("alamat sekretariat"), blank=True)
    website_url = models.URLField(_("situs web resmi"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    about = models.TextField(
        _("tentang dewan"),
        blank=True,
        help_text=_("Tampil di halaman Tentang. Pisahkan paragraf dengan baris kosong."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pengaturan situs")
        verbose_name_plural = pgettext_lazy("plural", "pengaturan situs")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_singleton")]

    def __str__(self):
        return self.name

    @classmethod
    def defaults(cls):
        """Return field values for a council that has not saved its settings yet."""
        values = {
            key: value
            for key, value in settings.COUNCIL.items()
            if key in {f.name for f in cls._meta.fields}
        }
        return values

    @classmethod
    def current(cls):
        """Return the saved settings (cached), or unsaved defaults from settings.COUNCIL."""
        try:
            record = cache.get(CACHE_KEY)
        except Exception:
            # Every page needs these: without the cache, read them from the database.
            logger.warning("cache unavailable for the site settings", exc_info=True)
            return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(**cls.defaults())
        if record is None:
            record = cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(**cls.defaults())
            cache.set(CACHE_KEY, record, CACHE_SECONDS)
        return record

    def clean(self):
        if self.primary_color and not hex_colour.regex.match(self.primary_color):
            return
        if self.primary_color:
            ratio = contrast_with_white(self.primary_color)
            if ratio < MIN_CONTRAST:
                raise ValidationError(
                    {
                        "primary_color": _(
                            "Warna ini terlalu terang untuk teks putih (kontras %(ratio)s:1, "
                            "minimal 4,5:1). Pilih warna yang lebih gelap."
                        )
                        % {"ratio": f"{ratio:.1f}".replace(".", ",")}
                    }
                )

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        self.primary_color = self.primary_color.lower()
        self.accent_color = self.accent_color.lower()
        store_photo(self.logo)
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(CACHE_KEY)
        return result

    @property
    def social_links(self):
        """Return (label, url) of each social account that is filled in."""
        return [
            (label, url)
            for label, url in (
                ("Instagram", self.instagram_url),
                ("Facebook", self.facebook_url),
                ("YouTube", self.youtube_url),
                ("TikTok", self.tiktok_url),
            )
            if url
        ]

    @property
    def about_paragraphs(self):
        return [part.strip() for part in (self.about or "").split("\n\n") if part.strip()]

    def structured_data(self, request):
        """Return the schema.org Organization of the council as safe JSON-LD text."""
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "alternateName": self.short_name,
            "url": request.build_absolute_uri("/"),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressLocality": self.region,
                "addressRegion": self.province,
                "addressCountry": "ID",
            },
        }
        if self.logo:
            data["logo"] = request.build_absolute_uri(self.logo.url)
        if self.email:
            data["email"] = self.email
        if self.phone or self.whatsapp:
            data["telephone"] = self.phone or self.whatsapp
        same_as = [url for _label, url in self.social_links]
        if self.website_url:
            same_as.insert(0, self.website_url)
        if same_as:
            data["sameAs"] = same_as
        # Escape what could close the script element, as json_script does.
        text = json.dumps(data, ensure_ascii=False)
        return mark_safe(  # noqa: S308
            text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
        )

    def as_context(self):
        """Return what templates read as `council`: the names, colours and contact."""
        return {
            "name": self.name,
            "short_name": self.short_name,
            "region": self.region,
            "province": self.province,
            "primary_color": self.primary_color,
            "accent_color": self.accent_color,
            "email": self.email,
            "phone": self.phone,
            "whatsapp": self.whatsapp,
            "address": self.address,
            "website_url": self.website_url,
            "logo": self.logo,
            "logo_url": self.logo.url if self.logo else "",
            "icon_version": icon_version(self),
            "social_links": self.social_links,
            "has_contact": bool(
                self.address
                or self.phone
                or self.whatsapp
                or self.email
                or self.website_url
                or self.social_links
            ),
            "about": self.about,
            "about_paragraphs": self.about_paragraphs,
        }


class BoardTermQuerySet(models.QuerySet):
    def current(self, on=None):
        """Return the term in office on `on` (default today), else the latest one."""
        year = (on or timezone.localdate()).year
        return (
            self.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
            or self.order_by("-start_year").first()
        )


class BoardTerm(models.Model):
    """A term of office (masa bakti) of the council's board, e.g. 2025–2030."""

    start_year = models.PositiveSmallIntegerField(
        _("tahun mulai"), validators=[MinValueValidator(1980), MaxValueValidator(2200)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("tahun selesai"), validators=[MinValueValidator(1980), MaxValueValidator(2200)]
    )
    inaugurated_on = models.DateField(_("tanggal pengukuhan"), null=True, blank=True)
    decree = models.CharField(
        _("nomor SK"),
        max_length=120,
        blank=True,
        help_text=_("Surat keputusan pengukuhan pengurus, bila ada."),
    )

    objects = BoardTermQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("masa bakti pengurus")
        verbose_name_plural = pgettext_lazy("plural", "masa bakti pengurus")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="board_term_years_ordered"
            ),
            models.UniqueConstraint(fields=["start_year"], name="board_term_unique_start"),
        ]

    def __str__(self):
        return _("Masa bakti %(start)s–%(end)s") % {"start": self.start_year, "end": self.end_year}

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Tahun selesai tidak boleh sebelum tahun mulai.")})


class BoardMember(models.Model):
    """A member of the council's board (pengurus) in one term."""

    class Position(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        KETUA_HARIAN = "ketua_harian", _("Ketua Harian")
        WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        WAKIL_SEKRETARIS = "wakil_sekretaris", _("Wakil Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        WAKIL_BENDAHARA = "wakil_bendahara", _("Wakil Bendahara")
        KETUA_BIDANG = "ketua_bidang", _("Ketua Bidang")
        ANGGOTA = "anggota", _("Anggota")

    term = models.ForeignKey(
        BoardTerm, verbose_name=_("masa bakti"), on_delete=models.CASCADE, related_name="members"
    )
    position = models.CharField(_("jabatan"), max_length=20, choices=Position.choices)
    division = models.CharField(
        _("bidang"),
        max_length=120,
        blank=True,
        help_text=_("Untuk ketua bidang dan anggota, misalnya “Bidang Pemasaran”."),
    )
    name = models.CharField(_("nama"), max_length=150)
    affiliation = models.CharField(
        _("jabatan lain"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: Kepala Dinas Perindustrian dan Perdagangan."),
    )
    photo = PhotoField(
        _("foto"),
        upload_to=UniquePhotoPath("council/board"),
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(editable=False, null=True)
    photo_height = models.PositiveIntegerField(editable=False, null=True)
    ordering = models.PositiveSmallIntegerField(
        _("urutan"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk mengurutkan menurut jabatan."),
    )

    class Meta:
        ordering = ["term", "ordering", "pk"]
        verbose_name = _("pengurus")
        verbose_name_plural = pgettext_lazy("plural", "pengurus")

    def __str__(self):
        return f"{self.name} ({self.position_label})"

    @property
    def position_label(self):
        """Return the position with its division: “Ketua Bidang Pemasaran”."""
        if not self.division:
            return self.get_position_display()
        if self.position == self.Position.KETUA_BIDANG:
            # The division names the “Bidang” already (“Bidang Pemasaran”).
            return _("Ketua %(division)s") % {"division": self.division}
        return _("%(position)s %(division)s") % {
            "position": self.get_position_display(),
            "division": self.division,
        }

    @property
    def initial(self):
        """Return the first letter of the name, shown when there is no photo."""
        return next((char.upper() for char in self.name if char.isalnum()), "")

    @property
    def portrait(self):
        """Return the photo in the shape the {% picture %} tag reads."""
        return types.SimpleNamespace(
            image=self.photo, width=self.photo_width, height=self.photo_height, alt_text=self.name
        )

    def save(self, *args, **kwargs):
        if self.ordering is None:
            self.ordering = list(self.Position.values).index(self.position) * 10
        store_photo(self.photo)
        super().save(*args, **kwargs)
