"""Admin pages to import a spreadsheet (upload → preview → confirm) and export the list."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .importers import INVALID, NEW, UNCHANGED, UPDATED
from .models import ImportUpload
from .spreadsheets import (
    EXTENSIONS,
    MAX_FILE_BYTES,
    SpreadsheetError,
    csv_chunks,
    read_sheet,
    write_csv,
    write_xlsx,
)

# How long an uploaded file waits for its confirmation.
UPLOAD_LIFETIME = datetime.timedelta(hours=24)
# The preview lists at most this many rows of each kind; the counts cover every row.
PREVIEW_ROWS = 500
EXPORT_FORMATS = {
    "csv": (write_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        write_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        help_text=gettext_lazy(
            "CSV atau XLSX, maksimal %(max)d MB, baris pertama berisi judul kolom."
        )
        % {"max": MAX_FILE_BYTES // 1_048_576},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar; maksimal %(max)d MB.")
                % {"max": MAX_FILE_BYTES // 1_048_576}
            )
        self.data_bytes = upload.read()
        try:
            self.sheet = read_sheet(self.data_bytes, upload.name, self.columns)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        if not self.sheet.rows:
            raise forms.ValidationError(_("Berkas hanya berisi judul kolom, tanpa data."))
        return upload


class SpreadsheetAdminMixin:
    """Add import and export of `importer_class` sheets to a ModelAdmin's list page."""

    importer_class = None
    change_list_template = "admin/import/change_list.html"

    def has_import_permission(self, request):
        return self.importer_class.may_import(request.user)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{info}_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(require_POST(self.import_confirm_view)),
                name=f"{info}_import_confirm",
            ),
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name=f"{info}_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import": self.has_import_permission(request),
            "export_formats": list(EXPORT_FORMATS),
        }
        return super().changelist_view(request, extra_context)

    @property
    def upload_kind(self):
        return self.opts.label_lower

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "columns": self.importer_class.columns,
            **extra,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(
            request.POST or None, request.FILES or None, columns=self.importer_class.columns
        )
        if request.method == "POST" and form.is_valid():
            result = self.importer_class(user=request.user).run(form.sheet, dry_run=True)
            file_name = form.cleaned_data["file"].name[:255]
            upload = None
            if self._may_confirm(result):
                # Kept only when it can be confirmed; the confirmation reads it again.
                ImportUpload.objects.filter(
                    created_at__lt=timezone.now() - UPLOAD_LIFETIME
                ).delete()
                upload = ImportUpload.objects.create(
                    kind=self.upload_kind,
                    user=request.user,
                    file_name=file_name,
                    content=form.data_bytes,
                )
            return self._preview(request, file_name, upload, result)
        title = _("Impor %(name)s") % {"name": self.opts.verbose_name_plural}
        return TemplateResponse(
            request, "admin/import/upload.html", self._context(request, title, form=form)
        )

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = ImportUpload.objects.filter(
            token=request.POST.get("token", ""),
            kind=self.upload_kind,
            user=request.user,
            created_at__gte=timezone.now() - UPLOAD_LIFETIME,
        ).first()
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        if upload is None:
            self.message_user(
                request,
                _("Berkas impor tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."),
                messages.ERROR,
            )
            return HttpResponseRedirect(import_url)
        try:
            sheet = read_sheet(bytes(upload.content), upload.file_name, self.importer_class.columns)
        except SpreadsheetError as error:
            upload.delete()
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(import_url)
        # Check again against the data as it is now: others may have edited it since the preview.
        result = self.importer_class(user=request.user).run(sheet, dry_run=False)
        if not result.written:
            self.message_user(
                request,
                _(
                    "Data berubah sejak pratinjau dan kini ada baris bermasalah; "
                    "tidak ada yang disimpan."
                ),
                messages.ERROR,
            )
            upload.delete()
            return self._preview(request, upload.file_name, None, result)
        upload.delete()
        counts = result.counts
        self.message_user(
            request,
            _("Impor selesai: %(new)d baru, %(updated)d diperbarui, %(unchanged)d tidak berubah.")
            % counts,
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        )

    @staticmethod
    def _may_confirm(result):
        counts = result.counts
        return result.is_valid and bool(counts[NEW] or counts[UPDATED])

    def _preview(self, request, file_name, upload, result):
        counts = result.counts
        title = _("Pratinjau impor %(name)s") % {"name": self.opts.verbose_name_plural}
        context = self._context(
            request,
            title,
            file_name=file_name,
            upload=upload,
            result=result,
            counts=[
                (status, label, counts[status])
                for status, label in (
                    (NEW, _("baru")),
                    (UPDATED, _("diperbarui")),
                    (UNCHANGED, _("tidak berubah")),
                    (INVALID, _("bermasalah")),
                )
            ],
            invalid_rows=result.invalid_rows[:PREVIEW_ROWS],
            changed_rows=result.changed_rows[:PREVIEW_ROWS],
            more_invalid=max(0, counts[INVALID] - PREVIEW_ROWS),
            more_changed=max(0, counts[NEW] + counts[UPDATED] - PREVIEW_ROWS),
            may_confirm=upload is not None,
        )
        return TemplateResponse(request, "admin/import/preview.html", context)

    def export_view(self, request, file_format):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if file_format not in EXPORT_FORMATS:
            raise PermissionDenied
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("Saringan tidak dikenali."), messages.ERROR)
            return HttpResponseRedirect(changelist_url)
        write, content_type = EXPORT_FORMATS[file_format]
        # Rows are read through an iterator: a registry of 100,000 records is never held
        # in memory whole. CSV streams as it is written; XLSX is zipped at the end.
        rows = self.importer_class.export_rows(changelist.queryset)
        name = f"{slugify(self.opts.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}"
        if file_format == "csv":
            response = StreamingHttpResponse(
                csv_chunks(self.importer_class.columns, rows), content_type=content_type
            )
        else:
            response = HttpResponse(
                write(self.importer_class.columns, rows), content_type=content_type
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        return response
