"""Every admin page, with the demo data and its photos: opened, and saved back unchanged."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from catalogue.models import IKM, Product, ProductImage, ProductRevision
from conftest import admin_form_data
from council.models import BoardMember, SiteSettings
from galleries.models import Gallery

# Values for the parameters of the admin's own URLs.
URL_VALUES = {"status": "draft", "featured": "1"}


@pytest.fixture
def demo(db, jpeg_upload):
    """The demo council, with a photo in every kind of photo field."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for instance, field in (
        (IKM.objects.first(), "photo"),
        (Gallery.objects.first(), "photo"),
        (BoardMember.objects.first(), "photo"),
        (SiteSettings.objects.first() or SiteSettings(), "logo"),
    ):
        setattr(instance, field, jpeg_upload(f"{field}.jpg"))
        instance.save()


def samples(model):
    """Return the first record, and the first with a stored photo if the model has photos."""
    manager = model._default_manager.order_by("pk")
    found = [manager.first()]
    for field in model._meta.fields:
        if field.get_internal_type() in ("FileField", "ImageField"):
            found.append(manager.exclude(**{field.name: ""}).first())
    if model is ProductImage.product.field.related_model:
        found.append(manager.filter(images__isnull=False).first())
    return [obj for i, obj in enumerate(found) if obj is not None and obj not in found[:i]]


def errors_of(response):
    context = response.context
    errors = [str(context["adminform"].form.errors)] if "adminform" in context else []
    for inline in context.get("inline_admin_formsets", []):
        errors += [str(e) for e in inline.formset.errors if e]
        errors += [str(e) for e in inline.formset.non_form_errors()]
    return " ".join(errors)


@pytest.fixture
def staff(superuser, editor, kurator, pengelola_galeri):
    return [superuser, editor, kurator, pengelola_galeri]


def test_every_change_form_saves_back_unchanged(client, staff, demo):
    """Each role opens each record it may see and saves it back: it saves, nothing moves."""
    before = list(Product.objects.order_by("pk").values())
    saved, failures = {}, []
    for user in staff:
        client.force_login(user)
        request = RequestFactory().get("/")
        request.user = user
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_view_or_change_permission(request):
                continue
            opts = model._meta
            for obj in samples(model):
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                page = client.get(url)
                assert page.status_code == 200, (user, url)
                if not model_admin.has_change_permission(request, obj):
                    continue
                response = client.post(url, admin_form_data(page))
                if response.status_code != 302:
                    failures.append(f"{user} {url}: {response.status_code} {errors_of(response)}")
                saved.setdefault(user.username, set()).add(opts.label_lower)
    assert not failures
    assert {
        "catalogue.product",
        "catalogue.ikm",
        "catalogue.brandcertificate",
        "catalogue.category",
        "catalogue.sentra",
        "galleries.gallery",
        "galleries.display",
        "council.sitesettings",
        "council.boardterm",
        "auth.user",
    } <= saved["admin"]
    assert {"catalogue.product", "catalogue.ikm"} <= saved["editor"]
    assert {"galleries.gallery"} <= saved["galeri"]
    # Saved unchanged: nothing waits for review, nothing published changed.
    assert not ProductRevision.objects.exists()
    after = list(Product.objects.order_by("pk").values())
    ignore = {"updated_at"}
    assert [{k: v for k, v in row.items() if k not in ignore} for row in after] == [
        {k: v for k, v in row.items() if k not in ignore} for row in before
    ]


def test_every_admin_page_answers_without_error(client, superuser, demo):
    """Lists, add forms, histories, reverts, imports, exports, ZIP and curation pages."""
    client.force_login(superuser)
    visited = 0
    for model, model_admin in admin.site._registry.items():
        obj = samples(model)[0] if model._default_manager.exists() else None
        for pattern in model_admin.urls:
            if not getattr(pattern, "name", None):
                continue
            values = dict(URL_VALUES)
            if obj is not None:
                values |= {"object_id": obj.pk, "pk": obj.pk}
                history = getattr(model, "history", None)
                if history is not None:
                    record = history.filter(**{opts_pk(model): obj.pk}).first()
                    values["version_id"] = values["history_id"] = getattr(record, "pk", 0)
                related = getattr(model_admin, "related_history", ())
                if related:
                    values["model_name"] = related[0][0]._meta.model_name
            regex = pattern.pattern.regex
            if regex.groups and not regex.groupindex:
                # simple_history's revert page: unnamed object id, then history id.
                if obj is None or "version_id" not in values:
                    continue
                positional = [values["object_id"], values["version_id"]][: regex.groups]
                url = reverse(f"admin:{pattern.name}", args=positional)
            else:
                names = pattern.pattern.converters.keys()
                if any(name not in values for name in names):
                    continue
                url = reverse(f"admin:{pattern.name}", kwargs={n: values[n] for n in names})
            response = client.get(url)
            # 403: an add page the admin turns off (logs); 405: a POST-only action.
            assert response.status_code in (200, 302, 403, 404, 405), url
            visited += 1
    assert visited >= 60


def opts_pk(model):
    return model._meta.pk.attname
