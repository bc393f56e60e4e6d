from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from catalogue.admin import thumbnail
from catalogue.history import HistoryAdmin

from .models import BoardMember, BoardTerm, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin, TranslationAdmin):
    fieldsets = [
        (None, {"fields": ["name", "short_name", "region", "province"]}),
        (_("Tampilan"), {"fields": ["logo", "primary_color", "accent_color"]}),
        (_("Kontak"), {"fields": ["email", "phone", "whatsapp", "address"]}),
        (
            _("Tautan"),
            {
                "fields": [
                    "website_url",
                    "instagram_url",
                    "facebook_url",
                    "youtube_url",
                    "tiktok_url",
                ]
            },
        ),
        (_("Tentang"), {"fields": ["about"]}),
    ]

    def has_add_permission(self, request):
        # One record only: it is created once, then edited.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        return {**SiteSettings.defaults(), **super().get_changeform_initial_data(request)}

    def changelist_view(self, request, extra_context=None):
        record = SiteSettings.objects.first()
        if record is not None and self.has_view_or_change_permission(request, record):
            return HttpResponseRedirect(
                reverse("admin:council_sitesettings_change", args=[record.pk])
            )
        if record is None and self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:council_sitesettings_add"))
        return super().changelist_view(request, extra_context)


class BoardMemberInline(TranslationStackedInline):
    model = BoardMember
    extra = 0
    fields = [("position", "division"), ("name", "affiliation"), ("photo", "preview"), "ordering"]
    readonly_fields = ["preview"]

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        return thumbnail(obj.photo, obj.photo_width, obj.name) if obj.pk and obj.photo else "—"


@admin.register(BoardTerm)
class BoardTermAdmin(HistoryAdmin):
    list_display = ["__str__", "inaugurated_on", "member_count"]
    inlines = [BoardMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description=_("jumlah pengurus"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


def _site_header():
    return _("Kantor %(council)s") % {"council": SiteSettings.current().short_name}


def _site_title():
    return SiteSettings.current().short_name


# Read on every page, so a renamed council shows at once without a restart.
site_header = lazy(_site_header, str)()
site_title = lazy(_site_title, str)()
