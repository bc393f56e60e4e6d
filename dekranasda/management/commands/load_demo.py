import datetime
import io
import random
import secrets

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from catalogue.models import (
    IKM,
    BrandCertificate,
    Category,
    Kecamatan,
    Product,
    ProductImage,
    ProductTransition,
    SearchSynonym,
    Sentra,
)
from catalogue.search import forget_vocabulary
from council.demo import load_board
from dekranasda import demo
from dekranasda.caching import bump_content_version
from galleries.models import Closure, Display, Gallery, OpeningHours

Status = Product.Status


def demo_photo(title, colour, seed, size=800):
    """Draw a simple patterned product photo, so the demo needs no downloads."""
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in colour)
    dark = tuple(max(0, c - 50) for c in colour)
    step = rng.choice([60, 75, 90])
    for y in range(0, size, step):
        for x in range(0, size, step):
            shape = rng.random()
            box = [x + 10, y + 10, x + step - 10, y + step - 10]
            if shape < 0.4:
                draw.ellipse(box, outline=light, width=4)
            elif shape < 0.7:
                draw.rectangle(box, outline=dark, width=3)
            else:
                draw.line([box[0], box[3], box[2], box[1]], fill=light, width=3)
    draw.rectangle([0, size - 170, size, size], fill=(255, 253, 249))
    font = ImageFont.load_default(size=44)
    draw.text((40, size - 135), title[:32], fill=(31, 26, 23), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"{slugify(title)[:40]}.jpg")


class Command(BaseCommand):
    help = (
        "Load the demo council (Dekranasda Kabupaten Mojokerto): galleries, IKM, "
        "certificates and products. Safe to run again. --products N adds N synthetic "
        "published products for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=0, help="synthetic products to add")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the catalogue has data"
        )

    def handle(self, *args, products, if_empty, **options):
        if products < 0:
            raise CommandError("--products must be zero or more.")
        if if_empty and Product.objects.exists():
            self.stdout.write("The catalogue already has data; demo not loaded.")
            return
        with translation.override("id"):
            self.load_council()
            load_board()
            if products:
                self.add_synthetic(products)
        # Bulk inserts send no model signals: renew the public pages and search words.
        bump_content_version()
        forget_vocabulary()

    @transaction.atomic
    def load_council(self):
        kecamatan = {
            name: Kecamatan.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in demo.KECAMATAN
        }
        categories = {}
        for order, (slug, name, name_en, _colour, description) in enumerate(demo.CATEGORIES):
            categories[slug], _ = Category.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_ind": name,
                    "name_en": name_en,
                    "description_ind": description,
                    "aliases": "\n".join(demo.CATEGORY_ALIASES.get(slug, [])),
                    "ordering": order,
                },
            )
        for words in demo.SEARCH_SYNONYMS:
            SearchSynonym.objects.get_or_create(words=words)
        sentra = {}
        for slug, name, desa, kec, category, description in demo.SENTRA:
            sentra[slug], _ = Sentra.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "desa": desa,
                    "kecamatan": kecamatan[kec],
                    "main_category": categories[category],
                    "description_ind": description,
                },
            )
        ikm = {}
        for (slug, name, owner, nib, kec, desa, sentra_slug, crafts, founded, workers, phone,
             story) in demo.IKM:  # fmt: skip
            ikm[slug], _ = IKM.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "owner_name": owner,
                    "nib": nib,
                    "kecamatan": kecamatan[kec],
                    "desa": desa,
                    "address": f"Dusun {desa}, Desa {desa}",
                    "sentra": sentra.get(sentra_slug),
                    "year_founded": founded,
                    "workers": workers,
                    "phone": phone,
                    "whatsapp": phone,
                    "instagram": slug.replace("-", ""),
                    "shopee_url": f"https://shopee.co.id/{slug.replace('-', '')}",
                    "story_ind": story,
                    "is_public": True,
                },
            )
            ikm[slug].categories.set([categories[c] for c in crafts])
        today = timezone.localdate()
        for ikm_slug, mark, number, nice_class, days_ago in demo.CERTIFICATES:
            filed = today - datetime.timedelta(days=days_ago)
            BrandCertificate.objects.update_or_create(
                ikm=ikm[ikm_slug],
                mark_name=mark,
                defaults={
                    "registration_number": number,
                    "nice_class": nice_class,
                    "status": BrandCertificate.Status.REGISTERED
                    if number
                    else BrandCertificate.Status.IN_APPLICATION,
                    "filing_date": filed,
                    "registration_date": filed + datetime.timedelta(days=240) if number else None,
                    "expiry_date": None,
                },
            )
        colours = {slug: colour for slug, _n, _e, colour, _d in demo.CATEGORIES}
        now = timezone.now()
        products = {}
        for index, row in enumerate(demo.PRODUCTS):
            ikm_slug, category, name, name_en, materials, price, price_max, description = row
            status = demo.NOT_APPROVED.get(index, Status.APPROVED)
            age = datetime.timedelta(days=3 * (len(demo.PRODUCTS) - index))
            product, created = Product.objects.update_or_create(
                slug=slugify(name),
                defaults={
                    "ikm": ikm[ikm_slug],
                    "category": categories[category],
                    "name_ind": name,
                    "name_en": name_en,
                    "description_ind": description,
                    "materials_ind": materials,
                    "price": price,
                    "price_max": price_max,
                    "min_order": 1,
                    "lead_time_days": 7 + index % 4 * 7,
                    "capacity_per_month": 20 + index % 5 * 40,
                    "is_export_ready": index % 3 == 0,
                    "is_featured": index in demo.FEATURED,
                    "status": status,
                    "status_note": demo.REJECTION_REASON if status == Status.REJECTED else "",
                    "submitted_at": now - age if status != Status.DRAFT else None,
                    "published_at": now - age + datetime.timedelta(days=1)
                    if status in (Status.APPROVED, Status.ARCHIVED)
                    else None,
                },
            )
            products[index] = product
            if created:
                self.record_history(product, status, now - age)
            if not product.images.exists():
                for number in range(1 + index % 2):
                    ProductImage(
                        product=product,
                        image=demo_photo(name, colours[category], seed=index * 10 + number),
                        alt_text_ind=f"{name}, foto {number + 1}",
                        alt_text_en=f"{name_en}, photo {number + 1}",
                        ordering=number,
                    ).save()
        self.load_galleries(kecamatan, products)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo council loaded: {len(ikm)} IKM, {len(products)} products, "
                f"{len(demo.GALLERIES)} galleries."
            )
        )

    def record_history(self, product, status, when):
        steps = {
            Status.DRAFT: [],
            Status.SUBMITTED: [Status.SUBMITTED],
            Status.APPROVED: [Status.SUBMITTED, Status.APPROVED],
            Status.REJECTED: [Status.SUBMITTED, Status.REJECTED],
            Status.ARCHIVED: [Status.SUBMITTED, Status.APPROVED, Status.ARCHIVED],
        }[Status(status)]
        previous = Status.DRAFT
        for offset, step in enumerate(steps):
            ProductTransition.objects.create(
                product=product,
                from_status=previous,
                to_status=step,
                at=when + datetime.timedelta(hours=offset * 20),
                note=demo.REJECTION_REASON if step == Status.REJECTED else "",
            )
            previous = step

    def load_galleries(self, kecamatan, products):
        for (code, slug, name, venue, address, kec, lat, lon, phone, contact,
             description) in demo.GALLERIES:  # fmt: skip
            gallery, _created = Gallery.objects.update_or_create(
                code=code,
                defaults={
                    "slug": slug,
                    "name": name,
                    "host_venue": venue,
                    "address": address,
                    "kecamatan": kecamatan[kec],
                    "latitude": lat,
                    "longitude": lon,
                    "phone": phone,
                    "whatsapp": phone,
                    "contact_person": contact,
                    "description_ind": description,
                    "ordering": 0 if code == "PPST" else 1,
                },
            )
            if not gallery.hours.exists():
                OpeningHours.objects.bulk_create(
                    OpeningHours(gallery=gallery, weekday=day, opens=opens, closes=closes)
                    for day, opens, closes in demo.HOURS[code]
                )
            if not gallery.closures.exists():
                Closure.objects.bulk_create(
                    Closure(gallery=gallery, start_date=start, end_date=end, reason_ind=reason)
                    for start, end, reason in demo.closures(timezone.localdate())
                )
            for product in products.values():
                if product.category.slug in demo.DISPLAYED_CATEGORIES[code]:
                    Display.objects.get_or_create(
                        gallery=gallery,
                        product=product,
                        defaults={
                            "shelf_note": f"Rak {product.category.name[:1]}{product.pk % 9 + 1}"
                        },
                    )

    @transaction.atomic
    def add_synthetic(self, count):
        """Add `count` published products (and IKM to make them) with bulk inserts."""
        categories = list(Category.objects.all())
        kecamatan = list(Kecamatan.objects.all())
        galleries = list(Gallery.objects.all())
        covers = {
            category_id: (image.image.name, image.width, image.height)
            for category_id, image in (
                (img.product.category_id, img)
                for img in ProductImage.objects.select_related("product").order_by("-pk")
            )
        }
        batch = secrets.token_hex(4)
        ikm_count = max(1, count // 25)
        makers = IKM.objects.bulk_create(
            IKM(
                name=f"IKM Contoh {batch}-{i}",
                slug=f"ikm-contoh-{batch}-{i}",
                owner_name="Pemilik Contoh",
                kecamatan=kecamatan[i % len(kecamatan)],
                story_ind="IKM sintetis untuk uji beban.",
                is_public=True,
            )
            for i in range(ikm_count)
        )
        now = timezone.now()
        created = 0
        step = 5000
        for start in range(0, count, step):
            rows = []
            for i in range(start, min(count, start + step)):
                category = categories[i % len(categories)]
                name = f"{category.name} Contoh {i}"
                rows.append(
                    Product(
                        ikm=makers[i % ikm_count],
                        category=category,
                        name_ind=name,
                        name=name,
                        slug=f"contoh-{batch}-{i}",
                        # Random codes would clash at this volume; these are unique by batch.
                        code=f"S-{batch}-{i}",
                        description_ind=f"Produk sintetis nomor {i} untuk uji beban katalog.",
                        materials_ind=["kayu jati", "kulit sapi", "bambu", "katun", "kuningan"][
                            i % 5
                        ],
                        price=10_000 + (i * 7919) % 2_000_000,
                        is_export_ready=i % 4 == 0,
                        status=Status.APPROVED,
                        submitted_at=now - datetime.timedelta(minutes=i + 60),
                        published_at=now - datetime.timedelta(minutes=i),
                    )
                )
            saved = Product.objects.bulk_create(rows, batch_size=1000)
            ProductImage.objects.bulk_create(
                (
                    ProductImage(
                        product=p,
                        image=covers[p.category_id][0],
                        width=covers[p.category_id][1],
                        height=covers[p.category_id][2],
                        alt_text_ind=p.name_ind,
                        alt_text=p.name_ind,
                    )
                    for p in saved
                    if p.category_id in covers
                ),
                batch_size=2000,
            )
            if galleries:
                Display.objects.bulk_create(
                    (
                        Display(gallery=galleries[p.pk % len(galleries)], product=p)
                        for p in saved
                        if p.pk % 10 == 0
                    ),
                    batch_size=2000,
                )
            created += len(saved)
            self.stdout.write(f"  {created}/{count} products")
        self.stdout.write(self.style.SUCCESS(f"Added {created} synthetic products."))
