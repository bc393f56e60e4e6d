import factory
from django.utils import timezone

from catalogue.models import (
    IKM,
    BrandCertificate,
    Category,
    Kecamatan,
    Product,
    ProductImage,
    Sentra,
)


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class SentraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentra

    name = factory.Sequence(lambda n: f"Sentra {n}")
    slug = factory.Sequence(lambda n: f"sentra-{n}")
    kecamatan = factory.SubFactory(KecamatanFactory)


class IKMFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IKM

    name = factory.Sequence(lambda n: f"IKM Contoh {n}")
    slug = factory.Sequence(lambda n: f"ikm-contoh-{n}")
    owner_name = "Siti Aminah"
    kecamatan = factory.SubFactory(KecamatanFactory)
    whatsapp = "081234567890"
    is_public = True


class BrandCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandCertificate

    ikm = factory.SubFactory(IKMFactory)
    mark_name = factory.Sequence(lambda n: f"MEREK {n}")
    registration_number = factory.Sequence(lambda n: f"IDM{n:09d}")
    nice_class = 25
    status = BrandCertificate.Status.REGISTERED
    filing_date = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))


class ProductFactory(factory.django.DjangoModelFactory):
    """A published product unless told otherwise."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    ikm = factory.SubFactory(IKMFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Produk Contoh {n}")
    slug = factory.Sequence(lambda n: f"produk-contoh-{n}")
    description = "Dibuat dengan tangan."
    materials = "kulit sapi"
    price = 150000
    status = Product.Status.APPROVED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def photo(obj, create, extracted, **kwargs):
        """With `photo=True`, a described photo row (a stored name, no image work)."""
        if create and extracted:
            ProductImage.objects.create(
                product=obj,
                image=f"products/test/{obj.slug}.jpg",
                width=800,
                height=600,
                alt_text_ind=f"Foto {obj.name}",
            )
