import factory

from catalogue.tests.factories import KecamatanFactory
from galleries.models import Display, Gallery


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery

    name = factory.Sequence(lambda n: f"Galeri Dekranasda {n}")
    slug = factory.Sequence(lambda n: f"galeri-{n}")
    code = factory.Sequence(lambda n: f"G{n}")
    address = "Jl. Raya Trowulan"
    kecamatan = factory.SubFactory(KecamatanFactory)
    latitude = "-7.548210"
    longitude = "112.383570"


class DisplayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Display

    gallery = factory.SubFactory(GalleryFactory)
    product = factory.SubFactory("catalogue.tests.factories.ProductFactory")
