from catalogue.filters import ProductFilter


class GalleryProductFilter(ProductFilter):
    """The catalogue's product filters, on one gallery's shelves."""

    # The gallery is fixed by the page.
    gallery = None

    def __init__(self, *args, ikm_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ikm_choices is None:
            # Too many makers for one list: the catalogue filters them by gallery.
            del self.filters["ikm"]
        else:
            # Offer only the makers whose products are on these shelves.
            self.filters["ikm"].queryset = ikm_choices
