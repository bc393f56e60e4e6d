"""Change history of catalogue and gallery records, kept by django-simple-history."""

import simple_history
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

RELATED_HISTORY_LIMIT = 50


def track_history(*models):
    """Keep every change to `models`, with who made it and when.

    Call from AppConfig.ready(): modeltranslation has added the language fields
    (`name_ind`, `name_en`…) by then, so the history copies and restores them too.
    """
    for model in models:
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            simple_history.register(model)


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with each record's history, restore of an earlier version, and deleted records.

    `related_history` lists (model, foreign key attname) of rows edited inline on the
    record's page (photos, opening hours…): their changes show on its history page too,
    and any version of them, deleted ones included, can be restored from there.
    """

    object_history_template = "admin/history/object_history.html"
    deleted_records_limit = 200
    related_history = ()
    # Fields that only their own workflow changes (curation, publishing): reverting to
    # an earlier version keeps the record's present values, and a deleted record
    # brought back from its history takes these.
    history_kept_fields = {}

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{info}_deleted",
            ),
            path(
                "<path:object_id>/history/related/<str:model_name>/<int:history_id>/restore/",
                self.admin_site.admin_view(require_POST(self.restore_related_view)),
                name=f"{info}_restore_related",
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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            live = self.model._default_manager.filter(pk=object_id).first()
            if live is None:
                allowed = self.has_add_permission(request) and self.has_change_permission(request)
            else:
                allowed = self.has_change_permission(request, live)
            if not allowed:
                raise PermissionDenied
            request.history_revert = {"live": live}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        revert = getattr(request, "history_revert", None)
        if revert is not None:
            live = revert["live"]
            for name, restored in self.history_kept_fields.items():
                setattr(obj, name, getattr(live, name) if live is not None else restored)
        super().save_model(request, obj, form, change)

    def restore_related(self, request, parent, record):
        """Bring an inline row back to the recorded version; return the message to show."""
        record.instance.save()
        return _("%(name)s “%(object)s” dipulihkan.") % {
            "name": record.instance._meta.verbose_name,
            "object": record.instance,
        }

    def _may_restore(self, request, model):
        opts = model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        )

    def history_view(self, request, object_id, extra_context=None):
        related = []
        for model, foreign_key in self.related_history:
            records = (
                model.history.filter(**{foreign_key: object_id})
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[:RELATED_HISTORY_LIMIT]
            )
            related.append(
                {
                    "opts": model._meta,
                    "records": records,
                    "may_restore": self._may_restore(request, model),
                }
            )
        return super().history_view(
            request, object_id, {**(extra_context or {}), "related_history": related}
        )

    def restore_related_view(self, request, object_id, model_name, history_id):
        """Bring an inline row (a photo, an opening interval…) back to a recorded version."""
        found = [
            (model, key)
            for model, key in self.related_history
            if model._meta.model_name == model_name
        ]
        if not found:
            raise Http404
        model, foreign_key = found[0]
        if not self._may_restore(request, model):
            raise PermissionDenied
        parent = self.get_object(request, object_id)
        if parent is None or not self.has_change_permission(request, parent):
            raise PermissionDenied
        record = model.history.filter(history_id=history_id, **{foreign_key: parent.pk}).first()
        if record is None:
            raise Http404
        try:
            with transaction.atomic():
                message = self.restore_related(request, parent, record)
        except IntegrityError:
            self.message_user(
                request,
                _("Versi ini tidak dapat dipulihkan karena bertabrakan dengan data yang ada."),
                messages.ERROR,
            )
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[quote(parent.pk)],
            )
        )
