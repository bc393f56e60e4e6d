"""Spreadsheet import and export rules for IKM, brand certificates and products.

One importer class per model holds everything about its sheet: the columns (with the
Indonesian headers exports write and imports read back), how a messy cell becomes a
field value, how a row finds the record it describes, and the rows of an export. The
admin pages and the `import_*` management commands both go through `Importer.run()`.

Rules shared by every sheet (docs/import.md explains them for staff):

- A row updates the record it matches, or creates one; importing the same file twice
  changes nothing.
- An empty cell never erases stored data: it leaves the field as it is.
- If any row is invalid, nothing is written; otherwise every row is written in one
  transaction. With `skip_invalid` the valid rows are written and the invalid ones are
  handed back as a file of refused rows (`refused_rows_file()`) to fix and import again.
- A row repeated identically in one file is imported once; rows that name the same
  record with different contents are invalid.
- An import never changes a product's curation status: new products start as drafts
  and go through review like any other. Likewise an import never shows or hides an IKM:
  new IKM start hidden until a curator publishes them.
"""

import difflib
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dekranasda.caching import bump_after_commit

from . import curation
from .fields import normalise_nib, normalise_phone
from .models import IKM, BrandCertificate, Category, Kecamatan, Product, Sentra
from .spreadsheets import (
    FIX_HEADER,
    CellError,
    Column,
    name_key,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    write_like,
)

NEW, UPDATED, UNCHANGED, REPEATED, INVALID = "new", "updated", "unchanged", "repeated", "invalid"
STATUSES = (NEW, UPDATED, UNCHANGED, REPEATED, INVALID)
STATUS_LABELS = {
    NEW: gettext_lazy("baru"),
    UPDATED: gettext_lazy("diperbarui"),
    UNCHANGED: gettext_lazy("tidak berubah"),
    REPEATED: gettext_lazy("berulang, diimpor sekali"),
    INVALID: gettext_lazy("bermasalah"),
}
BATCH_SIZE = 500


class RowInvalid(Exception):
    """A row that cannot be imported, with every reason found."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = list(messages)


@dataclass
class RowResult:
    number: int
    status: str
    label: str = ""
    messages: list = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def describe(self):
        """Return the row as staff read it: "baris 17: NIB harus 13 digit …"."""
        text = _("baris %(number)d") % {"number": self.number}
        if self.label:
            text += f" ({self.label})"
        return f"{text}: {' '.join(str(m) for m in self.messages)}"


@dataclass
class ImportResult:
    rows: list
    ignored_headers: list = field(default_factory=list)
    written: bool = False

    @property
    def counts(self):
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in STATUSES}

    @property
    def invalid_rows(self):
        return [row for row in self.rows if row.status == INVALID]

    @property
    def repeated_rows(self):
        return [row for row in self.rows if row.status == REPEATED]

    @property
    def changed_rows(self):
        return [row for row in self.rows if row.status in (NEW, UPDATED)]

    @property
    def is_valid(self):
        return not self.invalid_rows

    def summary(self):
        """Return the counts as one sentence for staff: "Impor selesai: 3 baru, …"."""
        counts = self.counts
        text = (
            _("Impor selesai: %(new)d baru, %(updated)d diperbarui, %(unchanged)d tidak berubah.")
            % counts
        )
        if counts[INVALID]:
            text += (
                " "
                + ngettext(
                    "%(invalid)d baris ditolak.", "%(invalid)d baris ditolak.", counts[INVALID]
                )
                % counts
            )
        if counts[REPEATED]:
            text += (
                " "
                + ngettext(
                    "%(repeated)d baris berulang diimpor sekali.",
                    "%(repeated)d baris berulang diimpor sekali.",
                    counts[REPEATED],
                )
                % counts
            )
        return text


def refused_rows_file(sheet, result, file_name):
    """Return the invalid rows of sheet, as read plus a «Perbaiki» cell, in file_name's format."""
    messages = {row.number: " ".join(str(m) for m in row.messages) for row in result.invalid_rows}
    refused = [row for row in sheet.rows if row.number in messages]
    width = max([len(sheet.header), *(len(row.cells) for row in refused)])
    header = [*sheet.header, *[""] * (width - len(sheet.header)), FIX_HEADER]
    rows = (
        [*row.cells, *[None] * (width - len(row.cells)), messages[row.number]] for row in refused
    )
    return write_like(file_name, header, rows)


def refused_file_name(file_name):
    """Return where the refused rows of a file go: registri.xlsx → registri-ditolak.xlsx."""
    stem, dot, extension = file_name.rpartition(".")
    return f"{stem}-ditolak.{extension}" if dot else f"{file_name}-ditolak"


class Importer:
    """Check the rows of a sheet against the database and write them in one transaction."""

    model = None
    columns = ()
    # Fields a new record cannot do without, and the columns that fill them.
    required_for_new = {}
    many_to_many = ()

    def __init__(self, *, user=None):
        self.user = user

    @classmethod
    def may_import(cls, user):
        opts = cls.model._meta
        return user.has_perms(
            [
                f"{opts.app_label}.add_{opts.model_name}",
                f"{opts.app_label}.change_{opts.model_name}",
            ]
        )

    @classmethod
    def header_of(cls, key):
        return next(column.header for column in cls.columns if column.key == key)

    # Hooks for each sheet --------------------------------------------------

    def load(self):
        """Read every lookup the rows need into dicts, so checking a row runs no query."""

    def clean(self, values):
        """Return field values from the non-empty raw cells of a row; raise RowInvalid."""
        raise NotImplementedError

    def match(self, values):
        """Return (existing record or None, identity of the row within the file)."""
        raise NotImplementedError

    def build(self, values):
        """Return a new unsaved record for the values."""
        return self.model(**{k: v for k, v in values.items() if k not in self.many_to_many})

    def check(self, instance):
        """Raise RowInvalid if the record as it would be saved breaks a rule."""

    def label(self, instance):
        return str(instance)

    # The run ----------------------------------------------------------------

    def run(self, sheet, *, dry_run=True, skip_invalid=False, progress=None):
        """Check every row and, unless dry_run, write them atomically.

        An invalid row stops the whole write, unless skip_invalid: then the valid rows
        are written and the invalid ones only reported.
        """
        with translation.override("id"):
            self.load()
            results, new, updated = [], [], {}
            seen = {}
            for row in sheet.rows:
                results.append(self._check_row(row, seen, new, updated))
                if progress:
                    progress(1)
            result = ImportResult(rows=results, ignored_headers=sheet.ignored_headers)
            if not dry_run and (result.is_valid or skip_invalid):
                with transaction.atomic():
                    self.write(new, list(updated.values()))
                    # Bulk writes send no model signals: renew the public pages here.
                    bump_after_commit()
                result.written = True
            return result

    def _check_row(self, row, seen, new, updated):
        values = {
            key: value
            for key, value in row.values.items()
            if value is not None and parse_text(value) != ""
        }
        label = parse_text(values.get(self.columns[0].key, ""))
        try:
            values = self.clean(values)
            instance, identity = self.match(values)
        except RowInvalid as error:
            return RowResult(row.number, INVALID, label, error.messages)
        if identity in seen:
            first, first_values, first_result = seen[identity]
            if values != first_values:
                return RowResult(
                    row.number,
                    INVALID,
                    label,
                    [
                        _("sama dengan baris %(number)d di berkas ini, tetapi isinya berbeda.")
                        % {"number": first}
                    ],
                )
            if first_result.status == INVALID:
                return RowResult(row.number, INVALID, label, first_result.messages)
            return RowResult(
                row.number,
                REPEATED,
                first_result.label,
                [_("sama persis dengan baris %(number)d; diimpor sekali.") % {"number": first}],
            )
        # A copy: building a record may add defaults to the values.
        first_values = dict(values)
        result = self._check_record(row, label, instance, values, new, updated)
        seen[identity] = (row.number, first_values, result)
        return result

    def _check_record(self, row, label, instance, values, new, updated):
        try:
            if instance is None:
                missing = [
                    header for name, header in self.required_for_new.items() if name not in values
                ]
                if missing:
                    raise RowInvalid(
                        [
                            _("untuk data baru, isi kolom %(columns)s.")
                            % {"columns": ", ".join(missing)}
                        ]
                    )
                instance = self.build(values)
                self.check(instance)
                new.append((instance, values))
                return RowResult(row.number, NEW, self.label(instance))
            changed = self.apply(instance, values)
            self.check(instance)
        except RowInvalid as error:
            return RowResult(row.number, INVALID, label, error.messages)
        if not changed:
            return RowResult(row.number, UNCHANGED, self.label(instance))
        updated[instance.pk] = (instance, values, changed)
        names = ", ".join(self.verbose_name(name) for name in changed)
        return RowResult(
            row.number,
            UPDATED,
            self.label(instance),
            [_("berubah: %(fields)s") % {"fields": names}, *self.change_notes(instance)],
        )

    def change_notes(self, instance):
        """Return what staff should know about how a change to `instance` is written."""
        return []

    def apply(self, instance, values):
        """Set the values on the record and return the names of the fields that changed."""
        changed = []
        for name, value in values.items():
            if name in self.many_to_many:
                if value != self.current_many_to_many(instance, name):
                    changed.append(name)
            elif getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
        return changed

    def current_many_to_many(self, instance, name):
        return set()

    @functools.cache  # noqa: B019 (importers live for one run)
    def max_length(self, name):
        return getattr(self.model._meta.get_field(name.removesuffix("_ind")), "max_length", None)

    def verbose_name(self, name):
        base = name.removesuffix("_ind")
        return str(self.model._meta.get_field(base).verbose_name)

    def write(self, new, updated):
        """Insert the new records and update the changed ones, in bulk, each with its history."""
        now = timezone.now()
        history = {
            "default_user": self.user if self.user and self.user.pk else None,
            "default_change_reason": _("Impor dari berkas"),
            "default_date": now,
        }
        self.write_new(new, history)
        self.write_changes(updated, history)
        for name in self.many_to_many:
            pairs = [(instance, values[name]) for instance, values in new if name in values]
            pairs += [
                (instance, values[name]) for instance, values, changed in updated if name in changed
            ]
            self.write_many_to_many(name, pairs)

    def write_new(self, new, history):
        """Insert the new records, given as (record, values), with their history rows."""
        bulk_create_with_history(
            [instance for instance, _values in new],
            self.model,
            batch_size=BATCH_SIZE,
            **history,
        )

    def write_changes(self, updated, history):
        """Save the changed records, given as (record, values, changed fields), with history."""
        fields = set()
        now = history["default_date"]
        for instance, _values, changed in updated:
            fields.update(name for name in changed if name not in self.many_to_many)
            if hasattr(instance, "updated_at"):
                instance.updated_at = now
        # modeltranslation keeps the untranslated column in step with the Indonesian one.
        fields.update({name.removesuffix("_ind") for name in fields if name.endswith("_ind")})
        if fields:
            if hasattr(self.model, "updated_at"):
                fields.add("updated_at")
            bulk_update_with_history(
                [instance for instance, _values, _changed in updated],
                self.model,
                sorted(fields),
                batch_size=BATCH_SIZE,
                **history,
            )

    def write_many_to_many(self, name, pairs):
        relation = getattr(self.model, name)
        through = relation.through
        source = relation.field.m2m_field_name() + "_id"
        target = relation.field.m2m_reverse_field_name() + "_id"
        through.objects.filter(**{f"{source}__in": [i.pk for i, _ids in pairs]}).delete()
        through.objects.bulk_create(
            [through(**{source: i.pk, target: pk}) for i, ids in pairs for pk in sorted(ids)],
            batch_size=BATCH_SIZE,
        )

    # Export -----------------------------------------------------------------

    @classmethod
    def export_queryset(cls, queryset):
        return queryset

    @classmethod
    def export_row(cls, instance):
        raise NotImplementedError

    @classmethod
    def export_rows(cls, queryset):
        """Yield one list of cells per record, in the order of `columns`."""
        with translation.override("id"):
            for instance in cls.export_queryset(queryset).iterator(chunk_size=2000):
                yield cls.export_row(instance)


# Cell cleaners shared by the sheets ---------------------------------------------


class RowCleaner:
    """Collect every problem of a row, so the officer can fix them all at once."""

    def __init__(self, importer, values):
        self.importer = importer
        self.raw = values
        self.values = {}
        self.errors = []

    def __contains__(self, key):
        return key in self.raw

    def error(self, key, message):
        self.errors.append(f"{self.importer.header_of(key)}: {message}")

    def set(self, key, parse, field_name=None):
        """Store parse(raw cell) under field_name when the cell is not empty."""
        if key not in self.raw:
            return
        try:
            value = parse(self.raw[key])
        except (CellError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.error(key, " ".join(messages))
            return
        name = field_name or key
        max_length = self.importer.max_length(name)
        if isinstance(value, str) and max_length and len(value) > max_length:
            self.error(
                key,
                _("terlalu panjang (%(length)d karakter, maksimal %(max)d).")
                % {"length": len(value), "max": max_length},
            )
            return
        self.values[name] = value

    def lookup(self, key, choices, field_name, what):
        """Store the id of the choice named by the cell (case and spaces ignored)."""
        if key not in self.raw:
            return
        text = parse_text(self.raw[key])
        found = choices.get(name_key(text))
        if found is None:
            self.errors.append(unknown_message(what, text, choices))
        else:
            self.values[field_name] = found

    def done(self):
        if self.errors:
            raise RowInvalid(self.errors)
        return self.values


def unknown_message(what, text, choices):
    message = _("%(what)s “%(value)s” tidak dikenal.") % {"what": what, "value": text}
    close = difflib.get_close_matches(name_key(text), list(choices), n=1, cutoff=0.75)
    if close:
        message += " " + _("Mungkin maksudnya “%(name)s”?") % {"name": close[0].title()}
    return message


def text_cell(value):
    return parse_text(value)


def phone_cell(value):
    return normalise_phone(parse_text(value) if isinstance(value, str) else value)


def email_cell(value):
    text = parse_text(value).lower()
    EmailValidator(message=_("“%(value)s” bukan alamat email.") % {"value": text})(text)
    return text


def url_cell(value):
    text = parse_text(value)
    if "://" not in text:
        text = "https://" + text
    URLValidator(message=_("“%(value)s” bukan alamat situs.") % {"value": value})(text)
    return text


def instagram_cell(value):
    text = parse_text(value).rstrip("/")
    text = text.rsplit("instagram.com/", 1)[-1].lstrip("@")
    if not text or " " in text:
        raise CellError(_("“%(value)s” bukan nama akun Instagram.") % {"value": value})
    return text


def year_cell(value):
    if hasattr(value, "year"):
        return value.year
    return parse_int(value, minimum=1900, maximum=timezone.localdate().year)


def count_cell(value):
    return parse_int(value, minimum=0)


def positive_cell(value):
    return parse_int(value, minimum=1)


def choice_lookup(queryset, *fields):
    """Return {name_key(value of each field): pk} for matching names typed in a cell."""
    found = {}
    for row in queryset.values_list("pk", *fields):
        for value in row[1:]:
            if value:
                found.setdefault(name_key(value), row[0])
    return found


def category_lookup():
    """Return {name_key: pk} for every name, slug and alias a sheet may call a category by."""
    categories = list(Category.objects.all())
    found = {}
    # Own names first: an alias never takes a name away from the category that has it.
    for category in categories:
        for name in (category.name_ind, category.name_en, category.slug):
            if name:
                found.setdefault(name_key(name), category.pk)
    for category in categories:
        for alias in category.alias_list():
            found.setdefault(name_key(alias), category.pk)
    return found


def unique_slug(text, taken, max_length=150):
    """Return a slug of text not in `taken`, and add it there."""
    base = slugify(text)[: max_length - 6] or "data"
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    return slug


# IKM ------------------------------------------------------------------------------


class IKMImporter(Importer):
    model = IKM
    columns = (
        Column("name", "Nama Usaha", ("nama ikm", "nama", "business name", "name"), required=True),
        Column("owner_name", "Pemilik", ("nama pemilik", "owner", "owner name")),
        Column("nib", "NIB", ("nomor induk berusaha",)),
        Column("address", "Alamat", ("alamat usaha", "address")),
        Column("desa", "Desa", ("desa/kelurahan", "kelurahan", "village")),
        Column("kecamatan", "Kecamatan", ("district", "sub district"), required=True),
        # A registry's phone column is the owner's own number: private unless the owner
        # agrees. A number that is unclear about whose it is goes there too, to be safe.
        Column(
            "owner_phone",
            "No. HP",
            (
                "nomor hp",
                "hp",
                "no hp pemilik",
                "hp pemilik",
                "telepon",
                "no telepon",
                "no telp",
                "telp",
                "no telp/hp",
                "phone",
                "owner phone",
            ),
        ),
        Column(
            "phone",
            "Telepon Usaha",
            ("no telepon usaha", "telp usaha", "nomor usaha", "business phone"),
        ),
        Column("whatsapp", "WhatsApp", ("wa", "no wa", "nomor whatsapp", "whatsapp usaha")),
        Column("email", "Email", ("surel", "e-mail")),
        Column("website", "Situs Web", ("website", "web")),
        Column("instagram", "Instagram", ("ig",)),
        Column("tokopedia_url", "Tokopedia", ("toko tokopedia",)),
        Column("shopee_url", "Shopee", ("toko shopee",)),
        Column("other_shop_url", "Toko Daring Lain", ("toko lain", "other shop")),
        Column("year_founded", "Tahun Berdiri", ("tahun", "year founded", "founded")),
        Column("workers", "Jumlah Tenaga Kerja", ("tenaga kerja", "jumlah pekerja", "workers")),
        Column(
            "categories", "Kategori", ("kerajinan", "jenis kerajinan", "categories", "category")
        ),
        Column("sentra", "Sentra", ("sentra kerajinan", "cluster")),
        # Written by exports for reference; only a curator shows or hides an IKM.
        Column("is_public", "Tampil Publik", ("publik", "public", "tampil")),
        Column("story", "Kisah Usaha", ("kisah", "story")),
    )
    required_for_new = {"name": "Nama Usaha", "kecamatan_id": "Kecamatan"}
    many_to_many = ("categories",)

    def load(self):
        self.kecamatan = choice_lookup(Kecamatan.objects.all(), "name", "slug")
        self.kecamatan_names = dict(Kecamatan.objects.values_list("pk", "name"))
        self.categories = category_lookup()
        self.sentra = choice_lookup(Sentra.objects.all(), "name", "slug")
        self.by_nib, self.by_name = {}, defaultdict(list)
        for ikm in IKM.objects.all():
            if ikm.nib:
                self.by_nib[ikm.nib] = ikm
            self.by_name[(name_key(ikm.name), ikm.kecamatan_id)].append(ikm)
        self.ikm_categories = defaultdict(set)
        for ikm_id, category_id in IKM.categories.through.objects.values_list(
            "ikm_id", "category_id"
        ):
            self.ikm_categories[ikm_id].add(category_id)
        self.slugs = set(IKM.objects.values_list("slug", flat=True))

    def clean(self, values):
        row = RowCleaner(self, values)
        for key in ("name", "owner_name", "address", "desa"):
            row.set(key, text_cell)
        if "nib" in row:
            try:
                row.values["nib"] = normalise_nib(values["nib"])
            except ValidationError as error:
                row.errors.extend(error.messages)
        row.set("owner_phone", phone_cell)
        row.set("phone", phone_cell)
        row.set("whatsapp", phone_cell)
        row.set("email", email_cell)
        for key in ("website", "tokopedia_url", "shopee_url", "other_shop_url"):
            row.set(key, url_cell)
        row.set("instagram", instagram_cell)
        row.set("year_founded", year_cell)
        row.set("workers", count_cell)
        row.set("story", text_cell, "story_ind")
        row.lookup("kecamatan", self.kecamatan, "kecamatan_id", _("Kecamatan"))
        row.lookup("sentra", self.sentra, "sentra_id", _("Sentra"))
        if "categories" in row:
            ids = set()
            for part in parse_text(values["categories"]).replace(";", ",").split(","):
                if not part.strip():
                    continue
                found = self.categories.get(name_key(part))
                if found is None:
                    row.errors.append(unknown_message(_("Kategori"), part.strip(), self.categories))
                else:
                    ids.add(found)
            row.values["categories"] = ids
        return row.done()

    def match(self, values):
        nib = values.get("nib")
        if nib in self.by_nib:
            return self.by_nib[nib], ("pk", self.by_nib[nib].pk)
        kecamatan_id = values.get("kecamatan_id")
        key = (name_key(values.get("name")), kecamatan_id)
        same_name = self.by_name.get(key, [])
        if nib:
            # A registry that now has the NIB of a business entered earlier without one.
            same_name = [ikm for ikm in same_name if not ikm.nib]
        if len(same_name) > 1:
            raise RowInvalid(
                [
                    _(
                        "ada %(count)d IKM bernama “%(name)s” di kecamatan %(kecamatan)s; "
                        "isi NIB atau rapikan data ganda di admin."
                    )
                    % {
                        "count": len(same_name),
                        "name": values.get("name"),
                        "kecamatan": self.kecamatan_names[kecamatan_id],
                    }
                ]
            )
        if same_name:
            return same_name[0], ("pk", same_name[0].pk)
        return None, ("nib", nib) if nib else ("name", *key)

    def build(self, values):
        instance = super().build(values)
        instance.slug = unique_slug(instance.name, self.slugs)
        instance.is_public = False
        return instance

    def current_many_to_many(self, instance, name):
        return self.ikm_categories[instance.pk]

    def label(self, instance):
        return instance.name

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.select_related("kecamatan", "sentra").prefetch_related("categories")

    @classmethod
    def export_row(cls, ikm):
        return [
            ikm.name,
            ikm.owner_name,
            ikm.nib,
            ikm.address,
            ikm.desa,
            ikm.kecamatan.name,
            ikm.owner_phone,
            ikm.phone,
            ikm.whatsapp,
            ikm.email,
            ikm.website,
            ikm.instagram,
            ikm.tokopedia_url,
            ikm.shopee_url,
            ikm.other_shop_url,
            ikm.year_founded,
            ikm.workers,
            ", ".join(category.name_ind for category in ikm.categories.all()),
            ikm.sentra.name if ikm.sentra else "",
            _("ya") if ikm.is_public else _("tidak"),
            ikm.story_ind or "",
        ]


class IKMReference:
    """Find the IKM a product or certificate row names, by NIB or by name."""

    def load_ikm(self):
        self.ikm_by_nib, self.ikm_by_name = {}, defaultdict(list)
        for pk, name, nib in IKM.objects.values_list("pk", "name", "nib"):
            if nib:
                self.ikm_by_nib[nib] = pk
            self.ikm_by_name[name_key(name)].append(pk)

    def lookup_ikm(self, row):
        values = row.raw
        if "ikm_nib" in row:
            try:
                nib = normalise_nib(values["ikm_nib"])
            except ValidationError as error:
                row.error("ikm_nib", " ".join(error.messages))
                return
            if nib in self.ikm_by_nib:
                row.values["ikm_id"] = self.ikm_by_nib[nib]
            else:
                row.error("ikm_nib", _("tidak ada IKM dengan NIB %(nib)s.") % {"nib": nib})
        elif "ikm_name" in row:
            name = parse_text(values["ikm_name"])
            found = self.ikm_by_name.get(name_key(name), [])
            if len(found) == 1:
                row.values["ikm_id"] = found[0]
            elif found:
                row.error(
                    "ikm_name",
                    _("ada %(count)d IKM bernama “%(name)s”; isi kolom NIB IKM.")
                    % {"count": len(found), "name": name},
                )
            else:
                row.errors.append(unknown_message(_("IKM"), name, self.ikm_by_name))


# Brand certificates -------------------------------------------------------------------

CERTIFICATE_STATUSES = {
    "terdaftar": BrandCertificate.Status.REGISTERED,
    "registered": BrandCertificate.Status.REGISTERED,
    "dalam permohonan": BrandCertificate.Status.IN_APPLICATION,
    "permohonan": BrandCertificate.Status.IN_APPLICATION,
    "in application": BrandCertificate.Status.IN_APPLICATION,
    "diajukan": BrandCertificate.Status.IN_APPLICATION,
}


def certificate_status_cell(value):
    status = CERTIFICATE_STATUSES.get(name_key(parse_text(value)))
    if status is None:
        raise CellError(
            _("“%(value)s” harus “terdaftar” atau “dalam permohonan”.") % {"value": value}
        )
    return status


def registration_number_cell(value):
    return "".join(parse_text(value).split()).upper()


class BrandCertificateImporter(IKMReference, Importer):
    model = BrandCertificate
    columns = (
        Column("mark_name", "Nama Merek", ("merek", "mark", "mark name", "brand"), required=True),
        Column(
            "registration_number",
            "Nomor Pendaftaran",
            ("no pendaftaran", "nomor sertifikat", "registration number"),
        ),
        Column("ikm_nib", "NIB IKM", ("nib",)),
        Column("ikm_name", "Nama IKM", ("nama usaha", "ikm")),
        Column("nice_class", "Kelas Nice", ("kelas", "nice class", "class")),
        Column("status", "Status", ("status merek",)),
        Column("filing_date", "Tanggal Permohonan", ("tgl permohonan", "filing date")),
        Column(
            "registration_date",
            "Tanggal Pendaftaran",
            ("tgl pendaftaran", "registration date", "tanggal terdaftar"),
        ),
        Column("expiry_date", "Berlaku Sampai", ("masa berlaku", "expiry date", "kedaluwarsa")),
    )
    required_for_new = {
        "mark_name": "Nama Merek",
        "ikm_id": "NIB IKM / Nama IKM",
        "nice_class": "Kelas Nice",
    }

    def load(self):
        self.load_ikm()
        self.by_number, self.by_mark = {}, defaultdict(list)
        for certificate in BrandCertificate.objects.all():
            if certificate.registration_number:
                self.by_number[certificate.registration_number.upper()] = certificate
            self.by_mark[(certificate.ikm_id, name_key(certificate.mark_name))].append(certificate)

    def clean(self, values):
        row = RowCleaner(self, values)
        row.set("mark_name", text_cell)
        row.set("registration_number", registration_number_cell)
        row.set("nice_class", lambda v: parse_int(v, minimum=1, maximum=45))
        row.set("status", certificate_status_cell)
        for key in ("filing_date", "registration_date", "expiry_date"):
            row.set(key, parse_date)
        self.lookup_ikm(row)
        return row.done()

    def match(self, values):
        number = values.get("registration_number")
        if number in self.by_number:
            return self.by_number[number], ("pk", self.by_number[number].pk)
        key = (values.get("ikm_id"), name_key(values.get("mark_name")))
        same = self.by_mark.get(key, [])
        if number:
            # An application entered earlier that is now registered under this number.
            same = [certificate for certificate in same if not certificate.registration_number]
        if len(same) > 1:
            raise RowInvalid(
                [
                    _("IKM ini punya %(count)d merek dengan nama ini; isi Nomor Pendaftaran.")
                    % {"count": len(same)}
                ]
            )
        if same:
            return same[0], ("pk", same[0].pk)
        return None, ("number", number) if number else ("mark", *key)

    def build(self, values):
        if "status" not in values:
            values["status"] = (
                BrandCertificate.Status.REGISTERED
                if values.get("registration_number")
                else BrandCertificate.Status.IN_APPLICATION
            )
        instance = super().build(values)
        if instance.expiry_date is None:
            instance.expiry_date = instance.default_expiry()
        return instance

    def check(self, instance):
        if (
            instance.status == BrandCertificate.Status.REGISTERED
            and not instance.registration_number
        ):
            raise RowInvalid([_("merek terdaftar harus memiliki nomor pendaftaran.")])

    def label(self, instance):
        return instance.mark_name

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.select_related("ikm")

    @classmethod
    def export_row(cls, certificate):
        return [
            certificate.mark_name,
            certificate.registration_number,
            certificate.ikm.nib,
            certificate.ikm.name,
            certificate.nice_class,
            certificate.get_status_display(),
            certificate.filing_date,
            certificate.registration_date,
            certificate.expiry_date,
        ]


# Products -----------------------------------------------------------------------------


def price_cell(value):
    return parse_int(value, minimum=0)


class ProductImporter(IKMReference, Importer):
    model = Product
    columns = (
        Column("name", "Nama Produk", ("nama", "product name", "name"), required=True),
        Column("code", "Kode Produk", ("kode", "code", "product code")),
        Column("ikm_nib", "NIB IKM", ("nib",)),
        Column("ikm_name", "Nama IKM", ("nama usaha", "ikm", "pembuat")),
        Column("category", "Kategori", ("kategori produk", "category")),
        Column("description", "Deskripsi", ("keterangan", "description")),
        Column("materials", "Bahan", ("materials", "material")),
        Column("colours", "Warna", ("colours", "colors", "colour", "color")),
        Column("dimensions", "Ukuran", ("dimensi", "dimensions", "size")),
        Column("weight_grams", "Berat (gram)", ("berat", "weight", "weight grams")),
        Column("price", "Harga", ("harga (rp)", "price")),
        Column("price_max", "Harga Tertinggi", ("harga maksimum", "max price")),
        Column("min_order", "Pesanan Minimum", ("minimal order", "min order", "moq")),
        Column(
            "capacity_per_month",
            "Kapasitas per Bulan",
            ("kapasitas produksi", "kapasitas", "capacity"),
        ),
        Column("lead_time_days", "Lama Pengerjaan (hari)", ("lama pengerjaan", "lead time")),
        Column("is_export_ready", "Siap Ekspor", ("ekspor", "export ready")),
        # Written by exports for reference; imports never change the curation status.
        Column("status", "Status Kurasi", ("status",)),
    )
    required_for_new = {
        "name_ind": "Nama Produk",
        "ikm_id": "NIB IKM / Nama IKM",
        "category_id": "Kategori",
    }

    def load(self):
        self.load_ikm()
        self.categories = category_lookup()
        self.by_code, self.by_name = {}, defaultdict(list)
        for product in Product.objects.all():
            self.by_code[product.code.upper()] = product
            self.by_name[(product.ikm_id, name_key(product.name_ind))].append(product)
        self.slugs = set(Product.objects.values_list("slug", flat=True))

    def clean(self, values):
        row = RowCleaner(self, values)
        row.set("name", text_cell, "name_ind")
        row.set("code", lambda v: "".join(parse_text(v).split()).upper())
        for key in ("description", "materials", "colours"):
            row.set(key, text_cell, f"{key}_ind")
        row.set("dimensions", text_cell)
        row.set("weight_grams", count_cell)
        row.set("price", price_cell)
        row.set("price_max", price_cell)
        row.set("min_order", positive_cell)
        row.set("capacity_per_month", count_cell)
        row.set("lead_time_days", lambda v: parse_int(v, minimum=0, maximum=32767))
        row.set("is_export_ready", parse_bool)
        row.lookup("category", self.categories, "category_id", _("Kategori"))
        self.lookup_ikm(row)
        return row.done()

    def match(self, values):
        code = values.get("code")
        if code:
            # Codes are given by the system; an unknown one is a typo, not a new product.
            if code not in self.by_code:
                raise RowInvalid(
                    [
                        _("Kode Produk %(code)s tidak ditemukan; kosongkan untuk produk baru.")
                        % {"code": code}
                    ]
                )
            return self.by_code[code], ("pk", self.by_code[code].pk)
        key = (values.get("ikm_id"), name_key(values.get("name_ind")))
        same = self.by_name.get(key, [])
        if len(same) > 1:
            raise RowInvalid(
                [
                    _("IKM ini punya %(count)d produk dengan nama ini; isi Kode Produk.")
                    % {"count": len(same)}
                ]
            )
        if same:
            return same[0], ("pk", same[0].pk)
        return None, ("name", *key)

    def build(self, values):
        instance = super().build(values)
        instance.slug = unique_slug(instance.name_ind, self.slugs, max_length=170)
        instance.status = Product.Status.DRAFT
        return instance

    def check(self, instance):
        if instance.price_max is not None and (
            instance.price is None or instance.price_max < instance.price
        ):
            raise RowInvalid(
                [_("Harga Tertinggi harus diisi bersama Harga dan tidak lebih kecil.")]
            )

    def label(self, instance):
        return instance.name_ind

    def waits_for_review(self, instance):
        return instance.status == Product.Status.APPROVED and not (
            self.user is not None and self.user.has_perm("catalogue.approve_product")
        )

    def change_notes(self, instance):
        if self.waits_for_review(instance):
            return [_("(produk sudah terbit: perubahan menunggu kurasi)")]
        return []

    def write_changes(self, updated, history):
        """Save changes to unpublished products; keep those to published ones for review."""
        direct = [item for item in updated if not self.waits_for_review(item[0])]
        super().write_changes(direct, history)
        for instance, _values, _changed in direct:
            if instance.status == Product.Status.APPROVED:
                curation.refresh_pending(instance)
        for instance, _values, changed in updated:
            if self.waits_for_review(instance):
                fields = {name: getattr(instance, name) for name in changed}
                curation.propose_change(instance, by=self.user, fields=fields)

    @classmethod
    def export_queryset(cls, queryset):
        return queryset.select_related("ikm", "category")

    @classmethod
    def export_row(cls, product):
        return [
            product.name_ind,
            product.code,
            product.ikm.nib,
            product.ikm.name,
            product.category.name_ind,
            product.description_ind or "",
            product.materials_ind or "",
            product.colours_ind or "",
            product.dimensions,
            product.weight_grams,
            product.price,
            product.price_max,
            product.min_order,
            product.capacity_per_month,
            product.lead_time_days,
            _("ya") if product.is_export_ready else _("tidak"),
            product.get_status_display(),
        ]
