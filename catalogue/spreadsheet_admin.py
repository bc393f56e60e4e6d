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
from django.utils.html import format_html
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .importers import (
    INVALID,
    NEW,
    REPEATED,
    UNCHANGED,
    UPDATED,
    refused_file_name,
    refused_rows_file,
)
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
                "import/refused/",
                self.admin_site.admin_view(self.import_refused_view),
                name=f"{info}_import_refused",
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
            if self._may_save(result) or result.invalid_rows:
                # Kept only when there is something to save or refused rows to hand back;
                # the confirmation and the download read it again.
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

    def _upload(self, request, token):
        return ImportUpload.objects.filter(
            token=token,
            kind=self.upload_kind,
            user=request.user,
            created_at__gte=timezone.now() - UPLOAD_LIFETIME,
        ).first()

    def _url(self, name):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}")

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = self._upload(request, request.POST.get("token", ""))
        skip_invalid = bool(request.POST.get("skip_invalid"))
        import_url = self._url("import")
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
        result = self.importer_class(user=request.user).run(
            sheet, dry_run=False, skip_invalid=skip_invalid
        )
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
        if result.invalid_rows:
            # The upload stays (until it expires) so the refused rows can still be fetched.
            message = format_html(
                '{} <a href="{}">{}</a>',
                result.summary(),
                self._refused_url(upload),
                _("Unduh baris yang ditolak"),
            )
        else:
            upload.delete()
            message = result.summary()
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._url("changelist"))

    def _refused_url(self, upload):
        return f"{self._url('import_refused')}?{urlencode({'token': upload.token})}"

    def import_refused_view(self, request):
        """Answer the invalid rows of an upload as a file of its format, to fix and import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = self._upload(request, request.GET.get("token", ""))
        if upload is None:
            self.message_user(
                request,
                _("Berkas impor tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._url("import"))
        try:
            sheet = read_sheet(bytes(upload.content), upload.file_name, self.importer_class.columns)
        except SpreadsheetError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("import"))
        # Checked again: what is refused now is what a new import of the file would refuse.
        result = self.importer_class(user=request.user).run(sheet, dry_run=True)
        file_format = "xlsx" if upload.file_name.lower().endswith(".xlsx") else "csv"
        response = HttpResponse(
            refused_rows_file(sheet, result, upload.file_name),
            content_type=EXPORT_FORMATS[file_format][1],
        )
        response["Content-Disposition"] = content_disposition_header(
            True, refused_file_name(upload.file_name)
        )
        return response

    @staticmethod
    def _may_save(result):
        counts = result.counts
        return bool(counts[NEW] or counts[UPDATED])

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
                    (REPEATED, _("berulang, diimpor sekali")),
                    (INVALID, _("bermasalah")),
                )
            ],
            invalid_rows=result.invalid_rows[:PREVIEW_ROWS],
            repeated_rows=result.repeated_rows[:PREVIEW_ROWS],
            changed_rows=result.changed_rows[:PREVIEW_ROWS],
            more_invalid=max(0, counts[INVALID] - PREVIEW_ROWS),
            more_changed=max(0, counts[NEW] + counts[UPDATED] - PREVIEW_ROWS),
            may_confirm=upload is not None and result.is_valid and self._may_save(result),
            may_save_valid=upload is not None and not result.is_valid and self._may_save(result),
            refused_url=self._refused_url(upload) if upload and result.invalid_rows else "",
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
