from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
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

from .admin_photos import ProductPhotoZipMixin
from .history import HistoryAdmin
from .images import thumbnail_url
from .importers import BrandCertificateImporter, IKMImporter, ProductImporter
from .models import (
    IKM,
    BrandCertificate,
    Category,
    Kecamatan,
    Product,
    ProductImage,
    ProductTransition,
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_registered_brand()

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
        return [("waiting", _("Menunggu kurasi (terlama dulu)"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Product.Status.SUBMITTED)
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
        return super().render_change_form(request, context, add, change, form_url, obj)


def _messages_of(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@admin.register(ProductTransition)
class ProductTransitionAdmin(admin.ModelAdmin):
    list_display = ["at", "product", "from_status", "to_status", "by", "note"]
    list_filter = ["to_status"]
    search_fields = ["product__name", "note"]
    list_select_related = ["product", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
