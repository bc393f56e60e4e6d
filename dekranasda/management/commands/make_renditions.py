from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from PIL import Image

from catalogue.images import make_renditions, rendition_name, rendition_widths
from dekranasda.caching import bump_content_version


def image_fields():
    """Yield (model, field) for every ImageField of every installed model."""
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, models.ImageField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Create the missing resized renditions of every stored photo (after an upgrade or a "
        "change of RENDITION_WIDTHS). --force remakes them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="remake existing renditions")

    def handle(self, *args, force, **options):
        checked = made = missing = broken = 0
        for model, field in image_fields():
            manager = model._default_manager
            names = (
                manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list(field.attname, flat=True)
                .distinct()
                .order_by()
            )
            storage = field.storage
            for name in names.iterator():
                checked += 1
                if not storage.exists(name):
                    missing += 1
                    self.stderr.write(f"Missing original: {name} ({model._meta.label})")
                    continue
                try:
                    with storage.open(name) as handle, Image.open(handle) as image:
                        width, height = image.size
                except (OSError, ValueError, Image.DecompressionBombError):
                    broken += 1
                    self.stderr.write(f"Unreadable photo: {name} ({model._meta.label})")
                    continue
                if field.width_field and field.height_field:
                    # Rows stored without their size get it now; templates need it.
                    unsized = manager.filter(
                        **{field.attname: name, f"{field.width_field}__isnull": True}
                    )
                    unsized.update(**{field.width_field: width, field.height_field: height})
                wanted = [
                    rendition_name(name, w, extension)
                    for w in rendition_widths(width)
                    for extension in ("webp", "jpg")
                ]
                if force or not all(storage.exists(target) for target in wanted):
                    make_renditions(name, storage)
                    made += 1
        # Photo sizes were set in bulk and renditions may be new: renew the public pages.
        bump_content_version()
        self.stdout.write(
            self.style.SUCCESS(
                f"{checked} photos checked, renditions made for {made}, "
                f"{missing} originals missing, {broken} unreadable."
            )
        )
