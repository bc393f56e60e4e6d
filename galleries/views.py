from django.views.generic import DetailView

from catalogue.models import Product

from .models import Gallery


class GalleryDetailView(DetailView):
    template_name = "galleries/gallery_detail.html"

    def get_queryset(self):
        return Gallery.objects.active().select_related("kecamatan").prefetch_related("hours")

    def get_context_data(self, **kwargs):
        products = Product.objects.published().filter(displays__gallery=self.object).for_cards()
        return super().get_context_data(products=products, **kwargs)
