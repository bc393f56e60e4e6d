"""Admin page where staff add product photos in bulk from a ZIP."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .photo_zip import import_product_photos


class PhotoZipForm(forms.Form):
    zip_file = forms.FileField(
        label=_("Berkas ZIP berisi foto"),
        help_text=_(
            "Beri nama setiap foto dengan kode produk atau slug-nya, misalnya P-7KQ2MX.jpg, "
            "P-7KQ2MX_2.jpg, atau tas-anyaman-pandan.webp. JPEG, PNG, atau WebP."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_zip_file(self):
        upload = self.cleaned_data["zip_file"]
        if upload.size > settings.PHOTO_ZIP_MAX_BYTES:
            raise ValidationError(
                _("ZIP terlalu besar (%(size)s MB); maksimal %(max)s MB."),
                params={
                    "size": round(upload.size / 1_048_576, 1),
                    "max": settings.PHOTO_ZIP_MAX_BYTES // 1_048_576,
                },
            )
        return upload


class ProductPhotoZipMixin:
    """Add the bulk photo page to the product admin."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "photos/",
                self.admin_site.admin_view(self.photo_zip_view),
                name=f"{info}_photos",
            ),
            *super().get_urls(),
        ]

    def has_photo_upload_permission(self, request):
        return request.user.has_perm("catalogue.add_productimage") and request.user.has_perm(
            "catalogue.change_product"
        )

    def photo_zip_view(self, request):
        if not self.has_photo_upload_permission(request):
            raise PermissionDenied
        form = PhotoZipForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_product_photos(
                    file=form.cleaned_data["zip_file"], user=request.user
                )
            except ValidationError as error:
                form.add_error("zip_file", error)
            else:
                for product in report.products:
                    count = sum(1 for entry in report.matched if entry.product == product)
                    self.log_change(
                        request,
                        product,
                        ngettext(
                            "Menambah %(count)d foto dari ZIP.",
                            "Menambah %(count)d foto dari ZIP.",
                            count,
                        )
                        % {"count": count},
                    )
                self.message_user(
                    request,
                    _(
                        "%(matched)d foto disimpan, %(duplicates)d sudah ada, "
                        "%(unmatched)d tidak cocok, %(rejected)d ditolak."
                    )
                    % {
                        "matched": len(report.matched),
                        "duplicates": len(report.duplicates),
                        "unmatched": len(report.unmatched),
                        "rejected": len(report.rejected),
                    },
                    messages.SUCCESS if report.matched else messages.WARNING,
                )
                form = PhotoZipForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Unggah foto produk dari ZIP"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "max_files": settings.PHOTO_ZIP_MAX_FILES,
            "max_zip_mb": settings.PHOTO_ZIP_MAX_BYTES // 1_048_576,
            "max_photo_mb": settings.IMAGE_MAX_BYTES // 1_048_576,
        }
        return TemplateResponse(request, "admin/catalogue/product/photo_zip.html", context)
