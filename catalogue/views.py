from django.db.models import Prefetch
from django.views.generic import DetailView

from .models import IKM, Category, Product, Sentra


class ProductDetailView(DetailView):
    template_name = "catalogue/product_detail.html"

    def get_queryset(self):
        return Product.objects.published().for_cards().select_related("ikm__sentra")


class IKMDetailView(DetailView):
    template_name = "catalogue/ikm_detail.html"

    def get_queryset(self):
        return (
            IKM.objects.public()
            .select_related("kecamatan", "sentra")
            .prefetch_related(
                "certificates",
                Prefetch(
                    "products",
                    queryset=Product.objects.published().for_cards(),
                    to_attr="published_products",
                ),
            )
        )


class CategoryDetailView(DetailView):
    model = Category
    template_name = "catalogue/category_detail.html"

    def get_context_data(self, **kwargs):
        products = Product.objects.published().filter(category=self.object).for_cards()[:24]
        return super().get_context_data(products=products, **kwargs)


class SentraDetailView(DetailView):
    template_name = "catalogue/sentra_detail.html"

    def get_queryset(self):
        return Sentra.objects.select_related("kecamatan", "main_category")

    def get_context_data(self, **kwargs):
        products = Product.objects.published().filter(ikm__sentra=self.object).for_cards()[:24]
        ikm = IKM.objects.public().filter(sentra=self.object)
        return super().get_context_data(products=products, ikm_list=ikm, **kwargs)
