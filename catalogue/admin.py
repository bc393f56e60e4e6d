from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import curation
from .admin_photos import ProductPhotoZipMixin
from .history import HistoryAdmin
from .images import rendition_url, rendition_widths, thumbnail_url
from .importers import BrandCertificateImporter, IKMImporter, ProductImporter
from .models import (
    IKM,
    BrandCertificate,
    Category,
    Kecamatan,
    Product,
    ProductImage,
    ProductRevision,
    ProductTransition,
    SearchSynonym,
    Sentra,
)
from .spreadsheet_admin import SpreadsheetAdminMixin


def thumbnail(fieldfile, width, alt=""):
    if not fieldfile:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="60" height="60" class="admin-thumbnail">',
        thumbnail_url(fieldfile, width),
        alt,
    )


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "alias_summary", "ordering", "product_count"]
    list_editable = ["ordering"]
    search_fields = ["name", "name_en", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name_ind"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_product_count=Count("products"))

    @admin.display(description=_("jumlah produk"), ordering="_product_count")
    def product_count(self, obj):
        return obj._product_count

    @admin.display(description=_("nama lain"))
    def alias_summary(self, obj):
        return ", ".join(obj.alias_list())


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["words"]
    search_fields = ["words"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Sentra)
class SentraAdmin(TranslationAdmin):
    list_display = ["name", "desa", "kecamatan", "main_category"]
    list_filter = ["kecamatan", "main_category"]
    search_fields = ["name", "desa"]
    autocomplete_fields = ["kecamatan", "main_category"]
    prepopulated_fields = {"slug": ["name"]}


class BrandCertificateInline(admin.TabularInline):
    model = BrandCertificate
    extra = 0
    fields = [
        "mark_name",
        "registration_number",
        "nice_class",
        "status",
        "filing_date",
        "registration_date",
        "expiry_date",
    ]


@admin.register(IKM)
class IKMAdmin(SpreadsheetAdminMixin, HistoryAdmin, TranslationAdmin):
    importer_class = IKMImporter
    list_display = [
        "photo_thumbnail",
        "name",
        "owner_name",
        "kecamatan",
        "nib",
        "has_brand",
        "is_public",
        "updated_at",
    ]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["is_public", "kecamatan", "categories", "sentra"]
    search_fields = ["name", "owner_name", "nib", "desa"]
    autocomplete_fields = ["kecamatan", "sentra"]
    filter_horizontal = ["categories"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BrandCertificateInline]
    related_history = [(BrandCertificate, "ikm_id")]
    list_select_related = ["kecamatan"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "owner_name", "nib", "is_public"]}),
        (_("Alamat"), {"fields": ["address", "desa", "kecamatan", "sentra"]}),
        (
            _("Kontak dan toko"),
            {
                "fields": [
                    "phone",
                    "whatsapp",
                    "owner_phone",
                    "owner_phone_public",
                    "email",
                    "website",
                    "instagram",
                    "tokopedia_url",
                    "shopee_url",
                    "other_shop_url",
                ]
            },
        ),
        (
            _("Profil"),
            {"fields": ["story", "year_founded", "workers", "categories", "photo"]},
        ),
    ]

    history_kept_fields = {"is_public": False}
    actions = ["publish_selected", "hide_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_registered_brand()

    def has_publish_permission(self, request):
        return request.user.has_perm("catalogue.publish_ikm")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("is_public")
        return readonly

    def _publish_all(self, request, queryset, public):
        changed = 0
        for ikm in queryset.filter(is_public=not public):
            ikm.is_public = public
            ikm._history_user = request.user
            ikm.save(update_fields=["is_public", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d IKM diperbarui.", "%(count)d IKM diperbarui.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Tampilkan di situs"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._publish_all(request, queryset, True)

    @admin.action(description=_("Sembunyikan dari situs"), permissions=["publish"])
    def hide_selected(self, request, queryset):
        self._publish_all(request, queryset, False)

    @admin.display(description=_("foto"))
    def photo_thumbnail(self, obj):
        return thumbnail(obj.photo, obj.photo.width if obj.photo else 0, obj.name)

    @admin.display(description=_("merek terdaftar"), boolean=True, ordering="has_registered_brand")
    def has_brand(self, obj):
        return obj.has_registered_brand


@admin.register(BrandCertificate)
class BrandCertificateAdmin(SpreadsheetAdminMixin, HistoryAdmin):
    importer_class = BrandCertificateImporter
    list_display = [
        "mark_name",
        "ikm",
        "registration_number",
        "nice_class",
        "status",
        "expiry_date",
    ]
    list_filter = ["status", "nice_class"]
    search_fields = ["mark_name", "registration_number", "ikm__name"]
    autocomplete_fields = ["ikm"]
    list_select_related = ["ikm"]
    date_hierarchy = "expiry_date"


class ProductImageInline(TranslationTabularInline):
    model = ProductImage
    extra = 1
    fields = ["preview", "image", "alt_text", "ordering"]
    readonly_fields = ["preview"]

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        return thumbnail(obj.image, obj.width, obj.alt_text) if obj.pk else "—"


class ProductTransitionInline(admin.TabularInline):
    model = ProductTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = pgettext_lazy("plural", "riwayat kurasi")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = _("antrean kurasi")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Menunggu kurasi (terlama dulu)")),
            ("changes", _("Perubahan menunggu kurasi")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Product.Status.SUBMITTED)
        if self.value() == "changes":
            return queryset.filter(pk__in=curation.pending_products().values("pk"))
        return queryset


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Alasan ini disampaikan kepada IKM agar produknya dapat diperbaiki."),
    )


@admin.register(Product)
class ProductAdmin(ProductPhotoZipMixin, SpreadsheetAdminMixin, HistoryAdmin, TranslationAdmin):
    importer_class = ProductImporter
    list_display = [
        "cover",
        "name",
        "ikm",
        "category",
        "status_badge",
        "is_featured",
        "submitted_at",
        "updated_at",
    ]
    list_display_links = ["cover", "name"]
    list_filter = [
        AwaitingReviewFilter,
        "status",
        "category",
        "ikm__kecamatan",
        "is_featured",
        "is_export_ready",
    ]
    search_fields = ["name", "name_en", "code", "ikm__name", "materials"]
    autocomplete_fields = ["ikm", "category"]
    prepopulated_fields = {"slug": ["name_ind"]}
    readonly_fields = ["status", "status_note", "submitted_at", "published_at", "is_featured"]
    list_select_related = ["ikm", "category"]
    inlines = [ProductImageInline, ProductTransitionInline]
    related_history = [(ProductImage, "product_id")]
    change_form_template = "admin/catalogue/product/change_form.html"
    history_kept_fields = {
        "status": Product.Status.DRAFT,
        "status_note": "",
        "is_featured": False,
        "submitted_at": None,
        "published_at": None,
    }
    actions = [
        "submit_selected",
        "approve_selected",
        "reject_selected",
        "archive_selected",
        "feature_selected",
        "unfeature_selected",
    ]
    fieldsets = [
        (None, {"fields": ["ikm", "category", "name", "slug", "code"]}),
        (
            _("Kurasi"),
            {"fields": ["status", "status_note", "is_featured", "submitted_at", "published_at"]},
        ),
        (
            _("Keterangan"),
            {"fields": ["description", "materials", "colours", "dimensions", "weight_grams"]},
        ),
        (
            _("Harga dan pesanan"),
            {
                "fields": [
                    "price",
                    "price_max",
                    "min_order",
                    "capacity_per_month",
                    "lead_time_days",
                    "is_export_ready",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("images", queryset=ProductImage.objects.order_by("ordering", "pk"))
            )
        )

    def get_object(self, request, object_id, from_field=None):
        product = super().get_object(request, object_id, from_field)
        match = request.resolver_match
        if (
            product is not None
            and match is not None
            and match.url_name == "catalogue_product_change"
            and curation.needs_review(product, request.user)
        ):
            # The Editor carries on from the change already waiting for review.
            curation.with_revision(product, curation.pending_revision(product))
        return product

    # Changes to an approved product by staff who may not approve wait for a Kurator.

    def save_model(self, request, obj, form, change):
        if change and curation.needs_review(obj, request.user):
            request.pending_change = True
            curation.propose_change(obj, by=request.user, fields=curation.field_values(obj))
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "pending_change", False):
            super().save_related(request, form, formsets, change)
            if change:
                curation.refresh_pending(form.instance)
            return
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is ProductImage:
                images = proposed_images(form.instance, formset)
                curation.propose_change(form.instance, by=request.user, images=images)

    def response_change(self, request, obj):
        if not getattr(request, "pending_change", False):
            return super().response_change(request, obj)
        revision = curation.pending_revision(obj)
        if revision is None:
            message = _("Tidak ada yang berubah dari versi yang disetujui.")
        else:
            message = _(
                "Perubahan disimpan dan menunggu kurasi. Versi yang disetujui tetap tampil "
                "di situs sampai kurator menyetujui perubahan ini."
            )
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:catalogue_product_change", args=[obj.pk]))

    def restore_related(self, request, parent, record):
        if not curation.needs_review(parent, request.user):
            return super().restore_related(request, parent, record)
        images = curation.proposed_image_list(parent)
        restored = curation.image_entry(record.instance)
        images = [entry for entry in images if entry.get("id") != record.instance.pk]
        if not ProductImage.objects.filter(pk=record.instance.pk, product=parent).exists():
            restored["id"] = None
        images.append(restored)
        images.sort(key=lambda entry: entry["ordering"])
        curation.propose_change(parent, by=request.user, images=images)
        return _("Pemulihan foto diajukan dan menunggu kurasi.")

    def revision_view(self, request, pk):
        """Show a pending change field by field; a Kurator approves or rejects it."""
        product = get_object_or_404(Product, pk=pk)
        if not self.has_view_or_change_permission(request, product):
            raise PermissionDenied
        revision = curation.pending_revision(product)
        change_url = reverse("admin:catalogue_product_change", args=[pk])
        if revision is None:
            self.message_user(request, _("Tidak ada perubahan yang menunggu kurasi."))
            return HttpResponseRedirect(change_url)
        form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
        if request.method == "POST":
            if not self.has_approve_permission(request):
                raise PermissionDenied
            try:
                if request.POST.get("action") == "approve":
                    curation.approve_revision(revision, by=request.user)
                    self.message_user(
                        request, _("Perubahan disetujui dan terbit."), messages.SUCCESS
                    )
                    return HttpResponseRedirect(change_url)
                if form.is_valid():
                    curation.reject_revision(
                        revision, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    self.message_user(request, _("Perubahan ditolak."), messages.SUCCESS)
                    return HttpResponseRedirect(change_url)
            except ValidationError as error:
                self.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tinjau perubahan: %(name)s") % {"name": product},
            "opts": self.opts,
            "original": product,
            "revision": revision,
            "differences": curation.differences(revision),
            "live_images": with_thumbnails(curation.image_list(product)),
            "proposed_images": with_thumbnails(revision.images or []),
            "may_approve": self.has_approve_permission(request),
            "form": form,
        }
        return TemplateResponse(request, "admin/catalogue/product/revision.html", context)

    def get_ordering(self, request):
        if request.GET.get(AwaitingReviewFilter.parameter_name) == "waiting":
            return ["submitted_at", "pk"]
        return super().get_ordering(request) or ["-updated_at"]

    def has_approve_permission(self, request):
        return request.user.has_perm("catalogue.approve_product")

    def has_delete_permission(self, request, obj=None):
        # Products are archived, not deleted; only superusers may remove one for good.
        return request.user.is_superuser

    @admin.display(description=_("foto"))
    def cover(self, obj):
        images = obj.images.all()
        return thumbnail(images[0].image, images[0].width, images[0].alt_text) if images else "—"

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    # Curation ---------------------------------------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "reject/",
                self.admin_site.admin_view(self.reject_view),
                name=f"{info}_reject",
            ),
            path(
                "<int:pk>/move/<str:status>/",
                self.admin_site.admin_view(require_POST(self.move_view)),
                name=f"{info}_move",
            ),
            path(
                "<int:pk>/revision/",
                self.admin_site.admin_view(self.revision_view),
                name=f"{info}_revision",
            ),
            path(
                "<int:pk>/feature/<int:featured>/",
                self.admin_site.admin_view(require_POST(self.feature_view)),
                name=f"{info}_feature",
            ),
            *super().get_urls(),
        ]

    def _move_all(self, request, queryset, status, note=""):
        moved = 0
        for product in queryset:
            try:
                product.move_to(status, by=request.user, note=note)
                moved += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d produk menjadi %(status)s.",
                    "%(count)d produk menjadi %(status)s.",
                    moved,
                )
                % {"count": moved, "status": Product.Status(status).label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Ajukan untuk kurasi"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._move_all(request, queryset, Product.Status.SUBMITTED)

    @admin.action(description=_("Setujui (terbitkan)"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._move_all(request, queryset, Product.Status.APPROVED)

    @admin.action(description=_("Tolak dengan alasan…"), permissions=["approve"])
    def reject_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:catalogue_product_reject')}?ids={ids}")

    @admin.action(description=_("Arsipkan"), permissions=["change"])
    def archive_selected(self, request, queryset):
        self._move_all(request, queryset, Product.Status.ARCHIVED)

    def _feature_all(self, request, queryset, featured):
        changed = 0
        for product in queryset:
            try:
                product.set_featured(featured, by=request.user)
                changed += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
        if changed:
            self.message_user(
                request, _("%(count)d produk diperbarui.") % {"count": changed}, messages.SUCCESS
            )

    @admin.action(description=_("Jadikan unggulan"), permissions=["approve"])
    def feature_selected(self, request, queryset):
        self._feature_all(request, queryset, True)

    @admin.action(description=_("Hapus dari unggulan"), permissions=["approve"])
    def unfeature_selected(self, request, queryset):
        self._feature_all(request, queryset, False)

    def reject_view(self, request):
        if not self.has_approve_permission(request):
            raise PermissionDenied
        raw_ids = request.POST.get("ids") or request.GET.get("ids", "")
        ids = [int(part) for part in raw_ids.split(",") if part.strip().isdigit()]
        products = Product.objects.filter(pk__in=ids).select_related("ikm")
        changelist = reverse("admin:catalogue_product_changelist")
        if not products:
            self.message_user(request, _("Pilih produk yang akan ditolak."), messages.WARNING)
            return HttpResponseRedirect(changelist)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._move_all(request, products, Product.Status.REJECTED, form.cleaned_data["reason"])
            if len(products) == 1:
                return HttpResponseRedirect(
                    reverse("admin:catalogue_product_change", args=[products[0].pk])
                )
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tolak produk"),
            "opts": self.opts,
            "form": form,
            "products": products,
            "ids": ",".join(str(p.pk) for p in products),
        }
        return TemplateResponse(request, "admin/catalogue/product/reject.html", context)

    def move_view(self, request, pk, status):
        product = get_object_or_404(Product, pk=pk)
        if status not in Product.Status.values:
            raise PermissionDenied
        self._move_all(request, [product], status)
        return HttpResponseRedirect(reverse("admin:catalogue_product_change", args=[pk]))

    def feature_view(self, request, pk, featured):
        product = get_object_or_404(Product, pk=pk)
        self._feature_all(request, [product], bool(featured))
        return HttpResponseRedirect(reverse("admin:catalogue_product_change", args=[pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            may_approve = self.has_approve_permission(request)
            context["curation_moves"] = [
                status
                for status in Product.Status
                if obj.can_move_to(status)
                and (may_approve or status not in Product.CURATOR_STATUSES)
            ]
            context["may_feature"] = may_approve and obj.status == Product.Status.APPROVED
            context["pending_revision"] = curation.pending_revision(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def with_thumbnails(entries):
    """Add the URL of each listed photo's smallest rendition, for the review page."""
    return [
        {
            **entry,
            "thumb": rendition_url(
                entry["image"], rendition_widths(entry["width"])[0], "jpg", storage=default_storage
            ),
        }
        for entry in entries
    ]


def proposed_images(product, formset):
    """Return the photo list an Editor's photo formset proposes for an approved product."""
    entries = curation.proposed_image_list(product)
    by_id = {entry["id"]: entry for entry in entries if entry.get("id")}
    for form in formset.forms:
        image = form.instance
        if formset._should_delete_form(form):
            entries = [entry for entry in entries if not image.pk or entry.get("id") != image.pk]
        elif not form.has_changed():
            continue
        elif image.pk and "image" not in form.changed_data and image.pk in by_id:
            for name in ("alt_text_ind", "alt_text_en", "ordering"):
                by_id[image.pk][name] = getattr(image, name)
        else:
            entry = curation.stored_entry(image)
            entry["id"] = image.pk if image.pk in by_id else None
            entries = [e for e in entries if not entry["id"] or e.get("id") != entry["id"]]
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry["ordering"] or 0)


def _messages_of(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


class RecordAdmin(admin.ModelAdmin):
    """A list of records that only their workflow writes: staff read them, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProductTransition)
class ProductTransitionAdmin(RecordAdmin):
    list_display = ["at", "product", "from_status", "to_status", "by", "note"]
    list_filter = ["to_status"]
    search_fields = ["product__name", "note"]
    list_select_related = ["product", "by"]
    date_hierarchy = "at"


@admin.register(ProductRevision)
class ProductRevisionAdmin(RecordAdmin):
    """The Kurator's queue of changes to approved products; decided on the review page."""

    list_display = ["product", "status", "created_by", "created_at", "review_link"]
    list_filter = ["status"]
    search_fields = ["product__name", "product__code"]
    list_select_related = ["product", "created_by"]
    date_hierarchy = "created_at"

    @admin.display(description=_("tinjau"))
    def review_link(self, obj):
        if obj.status != ProductRevision.Status.PENDING:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:catalogue_product_revision", args=[obj.product_id]),
            _("Tinjau perubahan"),
        )
