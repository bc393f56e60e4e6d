"""Change history of catalogue and gallery records, kept by django-simple-history."""

import simple_history
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords


def track_history(*models):
    """Keep every change to `models`, with who made it and when.

    Call from AppConfig.ready(): modeltranslation has added the language fields
    (`name_ind`, `name_en`…) by then, so the history copies and restores them too.
    """
    for model in models:
        if not isinstance(getattr(model, "history", None), HistoricalRecords):
            simple_history.register(model, cascade_delete_history=False)


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with each record's history, restore of an earlier version, and deleted records."""

    deleted_records_limit = 200

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{info}_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_records_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted")

    def deleted_view(self, request):
        """List records that were deleted, newest first, each linking to its history."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history = self.model.history
        records = (
            history.filter(history_type="-")
            .exclude(**{f"{self.opts.pk.attname}__in": self.model._default_manager.values("pk")})
            .select_related("history_user")
            .order_by("-history_date")[: self.deleted_records_limit]
        )
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}_history"
        rows = [
            {
                "record": record,
                "history_url": reverse(info, args=[quote(getattr(record, self.opts.pk.attname))]),
            }
            for record in records
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(name)s yang dihapus") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "rows": rows,
            "limit": self.deleted_records_limit,
        }
        return TemplateResponse(request, "admin/history/deleted_list.html", context)
