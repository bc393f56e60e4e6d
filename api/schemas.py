"""What the open-data API answers: the public face of each model, nothing private.

IKM are shown as their public page shows them plus the business's own contact
channels (WhatsApp, phone, email, website, Instagram, shop links). The owner's
name, street address and NIB are personal or administrative data and are left out.
"""

import datetime
from typing import Literal

from ninja import Schema

from catalogue.images import rendition_name, rendition_widths, thumbnail_url


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


class Linked(Schema):
    """A public object with a page of its own."""

    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class CategoryRef(Linked):
    pass


class IKMRef(Linked):
    pass


class SentraRef(Linked):
    pass


class GalleryRef(Linked):
    pass


class KecamatanRef(Schema):
    slug: str
    name: str


class Rendition(Schema):
    width: int
    jpg: str
    webp: str


class ImageOut(Schema):
    alt: str
    width: int | None
    height: int | None
    thumbnail: str
    renditions: list[Rendition]

    @staticmethod
    def resolve_alt(obj):
        return obj.alt_text

    @staticmethod
    def resolve_thumbnail(obj, context):
        return absolute(context, thumbnail_url(obj.image, obj.width))

    @staticmethod
    def resolve_renditions(obj, context):
        storage = obj.image.storage
        return [
            {
                "width": width,
                "jpg": absolute(context, storage.url(rendition_name(obj.image.name, width, "jpg"))),
                "webp": absolute(
                    context, storage.url(rendition_name(obj.image.name, width, "webp"))
                ),
            }
            for width in rendition_widths(obj.width)
        ]


class ProductOut(Schema):
    code: str
    slug: str
    name: str
    url: str
    category: CategoryRef
    ikm: IKMRef
    kecamatan: KecamatanRef
    price: int | None
    price_max: int | None
    currency: Literal["IDR"] = "IDR"
    materials: str
    is_export_ready: bool
    has_registered_brand: bool
    published_at: datetime.datetime | None
    image: ImageOut | None

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_kecamatan(obj):
        return obj.ikm.kecamatan

    @staticmethod
    def resolve_image(obj):
        images = obj.images.all()
        return images[0] if images else None


class ProductDetailOut(ProductOut):
    description: str
    colours: str
    dimensions: str
    weight_grams: int | None
    min_order: int
    capacity_per_month: int | None
    lead_time_days: int | None
    sentra: SentraRef | None
    images: list[ImageOut]
    galleries: list[GalleryRef]

    @staticmethod
    def resolve_images(obj):
        return list(obj.images.all())

    @staticmethod
    def resolve_sentra(obj):
        return obj.ikm.sentra

    @staticmethod
    def resolve_galleries(obj):
        return [display.gallery for display in obj.active_displays]


class ContactOut(Schema):
    whatsapp: str
    whatsapp_url: str | None
    phone: str
    email: str
    website: str
    instagram: str
    tokopedia_url: str
    shopee_url: str
    other_shop_url: str

    @staticmethod
    def resolve_whatsapp(obj):
        return obj.public_whatsapp

    @staticmethod
    def resolve_phone(obj):
        return obj.public_phone

    @staticmethod
    def resolve_whatsapp_url(obj):
        number = obj.public_whatsapp
        return f"https://wa.me/{number.lstrip('+')}" if number else None


class CertificateOut(Schema):
    mark_name: str
    registration_number: str
    nice_class: int
    registration_date: datetime.date | None
    expiry_date: datetime.date | None


class IKMOut(Linked):
    desa: str
    kecamatan: KecamatanRef
    sentra: SentraRef | None
    categories: list[CategoryRef]
    year_founded: int | None
    workers: int | None
    has_registered_brand: bool
    product_count: int
    contact: ContactOut

    @staticmethod
    def resolve_categories(obj):
        return list(obj.categories.all())

    @staticmethod
    def resolve_contact(obj):
        return obj


class IKMDetailOut(IKMOut):
    story: str
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_certificates(obj):
        return obj.registered_certificates


class HoursOut(Schema):
    weekday: int
    day: str
    opens: str
    closes: str

    @staticmethod
    def resolve_day(obj):
        return obj.get_weekday_display()

    @staticmethod
    def resolve_opens(obj):
        return obj.opens.strftime("%H:%M")

    @staticmethod
    def resolve_closes(obj):
        return obj.closes.strftime("%H:%M")


class ClosureOut(Schema):
    start_date: datetime.date
    end_date: datetime.date
    reason: str


class GalleryOut(Schema):
    slug: str
    code: str
    name: str
    url: str
    host_venue: str
    description: str
    address: str
    kecamatan: KecamatanRef
    latitude: float | None
    longitude: float | None
    phone: str
    whatsapp: str
    email: str
    contact_person: str
    hours: list[HoursOut]
    closures: list[ClosureOut]
    product_count: int

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_hours(obj):
        return list(obj.hours.all())

    @staticmethod
    def resolve_closures(obj):
        return obj.upcoming_closures


class CategoryOut(Linked):
    description: str
    product_count: int


class SentraOut(Linked):
    desa: str
    kecamatan: KecamatanRef
    main_category: CategoryRef | None
    description: str
    ikm_count: int
    product_count: int


class KecamatanOut(Schema):
    slug: str
    name: str
    ikm_count: int
    product_count: int


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Page(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None


class ProductPage(Page):
    results: list[ProductOut]


class IKMPage(Page):
    results: list[IKMOut]


class GalleryPage(Page):
    results: list[GalleryOut]


class CategoryPage(Page):
    results: list[CategoryOut]


class SentraPage(Page):
    results: list[SentraOut]


class KecamatanPage(Page):
    results: list[KecamatanOut]
