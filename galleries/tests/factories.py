import datetime

import factory

from catalogue.tests.factories import KecamatanFactory, ProductFactory
from galleries.models import Closure, Display, Gallery, OpeningHours


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery

    name = factory.Sequence(lambda n: f"Galeri Dekranasda {n}")
    slug = factory.Sequence(lambda n: f"galeri-dekranasda-{n}")
    code = factory.Sequence(lambda n: f"G{n}")
    host_venue = "Mal Pelayanan Publik"
    address = "Jl. Raya Jabon No. 1"
    kecamatan = factory.SubFactory(KecamatanFactory)
    latitude = "-7.472600"
    longitude = "112.434100"
    phone = "0321-123456"
    whatsapp = "081234567001"
    email = "galeri@example.org"
    contact_person = "Ibu Rina"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    gallery = factory.SubFactory(GalleryFactory)
    weekday = 0
    opens = datetime.time(8)
    closes = datetime.time(15)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    gallery = factory.SubFactory(GalleryFactory)
    start_date = factory.LazyFunction(datetime.date.today)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    reason_ind = "Hari libur nasional"


class DisplayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Display

    gallery = factory.SubFactory(GalleryFactory)
    product = factory.SubFactory(ProductFactory)
    shelf_note = "Rak A1"


# Mon–Thu 08–15, Friday with a break for Friday prayers, Saturday morning, Sunday closed.
OFFICE_HOURS = [
    *[(day, datetime.time(8), datetime.time(15)) for day in range(4)],
    (4, datetime.time(8), datetime.time(11)),
    (4, datetime.time(13), datetime.time(15)),
    (5, datetime.time(8), datetime.time(12)),
]


def add_hours(gallery, rows=OFFICE_HOURS):
    OpeningHours.objects.bulk_create(
        OpeningHours(gallery=gallery, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in rows
    )
    return gallery
