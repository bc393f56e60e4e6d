"""Spreadsheet import and export rules for galleries (see catalogue.importers)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from catalogue.importers import (
    Importer,
    RowCleaner,
    RowInvalid,
    choice_lookup,
    email_cell,
    parse_bool,
    phone_cell,
    text_cell,
    unique_slug,
)
from catalogue.models import Kecamatan
from catalogue.spreadsheets import CellError, Column, parse_decimal, parse_int, parse_text

from .models import Gallery


def code_cell(value):
    return "".join(parse_text(value).split()).upper()


def coordinate_cell(limit):
    def parse(value):
        number = parse_decimal(value)
        if not -limit <= number <= limit:
            raise CellError(
                _("%(value)s di luar rentang −%(limit)d sampai %(limit)d.")
                % {"value": number, "limit": limit}
            )
        # The database keeps six decimals; compare as it will be stored.
        return number.quantize(Decimal("0.000001"))

    return parse


class GalleryImporter(Importer):
    model = Gallery
    columns = (
        Column("name", "Nama Galeri", ("nama", "gallery", "name"), required=True),
        Column("code", "Kode", ("kode galeri", "code"), required=True),
        Column("host_venue", "Tempat", ("gedung", "venue", "host venue")),
        Column("address", "Alamat", ("address",)),
        Column("kecamatan", "Kecamatan", ("district",)),
        Column("latitude", "Lintang", ("latitude", "lat")),
        Column("longitude", "Bujur", ("longitude", "lng", "lon", "long")),
        Column("phone", "Telepon", ("no hp", "no telepon", "telp", "phone")),
        Column("whatsapp", "WhatsApp", ("wa", "no wa")),
        Column("email", "Email", ("e-mail", "surel")),
        Column("contact_person", "Narahubung", ("kontak", "contact person", "penanggung jawab")),
        Column("is_active", "Aktif", ("active", "buka")),
        Column("ordering", "Urutan", ("ordering", "order")),
        Column("description", "Deskripsi", ("keterangan", "description")),
    )
    required_for_new = {"name": "Nama Galeri", "address": "Alamat", "kecamatan_id": "Kecamatan"}

    def load(self):
        self.kecamatan = choice_lookup(Kecamatan.objects.all(), "name", "slug")
        self.by_code = {gallery.code.upper(): gallery for gallery in Gallery.objects.all()}
        self.slugs = set(Gallery.objects.values_list("slug", flat=True))

    def clean(self, values):
        row = RowCleaner(self, values)
        for key in ("name", "host_venue", "address", "contact_person"):
            row.set(key, text_cell)
        row.set("code", code_cell)
        row.set("latitude", coordinate_cell(90))
        row.set("longitude", coordinate_cell(180))
        row.set("phone", phone_cell)
        row.set("whatsapp", phone_cell)
        row.set("email", email_cell)
        row.set("is_active", parse_bool)
        row.set("ordering", lambda v: parse_int(v, minimum=0, maximum=32767))
        row.set("description", text_cell, "description_ind")
        row.lookup("kecamatan", self.kecamatan, "kecamatan_id", _("Kecamatan"))
        values = row.done()
        if "code" not in values:
            raise RowInvalid([_("Kode: wajib diisi, misalnya PPST atau MPP.")])
        return values

    def match(self, values):
        found = self.by_code.get(values["code"])
        return found, ("code", values["code"])

    def build(self, values):
        instance = super().build(values)
        instance.slug = unique_slug(instance.name, self.slugs)
        return instance

    def label(self, instance):
        return f"{instance.code} {instance.name}"

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.select_related("kecamatan")

    @classmethod
    def export_row(cls, gallery):
        return [
            gallery.name,
            gallery.code,
            gallery.host_venue,
            gallery.address,
            gallery.kecamatan.name,
            gallery.latitude,
            gallery.longitude,
            gallery.phone,
            gallery.whatsapp,
            gallery.email,
            gallery.contact_person,
            _("ya") if gallery.is_active else _("tidak"),
            gallery.ordering,
            gallery.description_ind or "",
        ]
