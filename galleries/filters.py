from catalogue.filters import ProductFilter


class GalleryProductFilter(ProductFilter):
    """The catalogue's product filters, on one gallery's shelves."""

    # The gallery is fixed by the page.
    gallery = None
