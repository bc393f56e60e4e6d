from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from catalogue.history import HistoryAdmin
from catalogue.spreadsheet_admin import SpreadsheetAdminMixin

from .admin_labels import print_display_labels, print_gallery_labels
from .importers import GalleryImporter
from .models import Closure, Display, Gallery, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(TranslationTabularInline):
    model = Closure
    extra = 0


class DisplayInline(admin.TabularInline):
    model = Display
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Gallery)
class GalleryAdmin(SpreadsheetAdminMixin, HistoryAdmin, TranslationAdmin):
    importer_class = GalleryImporter
    list_display = ["name", "code", "host_venue", "kecamatan", "display_count", "is_active"]
    list_filter = ["is_active", "kecamatan"]
    search_fields = ["name", "code", "host_venue", "address"]
    autocomplete_fields = ["kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosureInline, DisplayInline]
    related_history = [
        (OpeningHours, "gallery_id"),
        (Closure, "gallery_id"),
        (Display, "gallery_id"),
    ]
    list_select_related = ["kecamatan"]
    actions = [print_gallery_labels]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_display_count=Count("displays"))

    @admin.display(description=_("produk dipajang"), ordering="_display_count")
    def display_count(self, obj):
        return obj._display_count


@admin.register(Display)
class DisplayAdmin(HistoryAdmin):
    list_display = ["product", "gallery", "since", "shelf_note"]
    list_filter = ["gallery"]
    search_fields = ["product__name", "product__code", "shelf_note"]
    autocomplete_fields = ["product", "gallery"]
    list_select_related = ["product", "gallery"]
    actions = [print_display_labels]
