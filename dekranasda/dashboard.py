"""Numbers for the admin home page: a few aggregate queries, drawn as SVG bar charts."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import IKM, BrandCertificate, Category, Kecamatan, Product, ProductRevision
from galleries.models import Gallery

EXPIRY_WINDOW_DAYS = 180
LIST_LIMIT = 10

# Bar chart geometry, in SVG user units; the SVG scales to its box.
CHART_WIDTH = 480
LABEL_WIDTH = 190
VALUE_ROOM = 50
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARS = 19

STATUS_COLOURS = {
    Product.Status.DRAFT: "#7d7d7d",
    Product.Status.SUBMITTED: "#a35f00",
    Product.Status.APPROVED: "#2e7d32",
    Product.Status.REJECTED: "#b3261e",
    Product.Status.ARCHIVED: "#4a4a4a",
}


@dataclass
class Bar:
    label: str
    value: int
    url: str = ""
    colour: str = ""
    short: str = ""
    y: float = 0
    length: float = 0

    @property
    def short_label(self):
        """Return the label as the chart shows it; the table has it in full."""
        text = str(self.short or self.label)
        return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


@dataclass
class BarChart:
    """A horizontal bar chart and the table that carries its numbers."""

    key: str
    title: str
    label_heading: str
    bars: list = field(default_factory=list)
    value_heading: str = _("Jumlah")
    note: str = ""

    def __post_init__(self):
        largest = max((bar.value for bar in self.bars), default=0) or 1
        room = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
        for index, bar in enumerate(self.bars):
            bar.y = index * ROW_HEIGHT
            bar.length = round(room * bar.value / largest, 1)

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def height(self):
        return max(len(self.bars), 1) * ROW_HEIGHT

    # Template conveniences: the SVG positions that do not depend on a bar.
    width = CHART_WIDTH
    label_x = LABEL_WIDTH - 8
    bar_x = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    text_dy = BAR_HEIGHT / 2 + 4


def _changelist(model_label, **params):
    url = reverse(f"admin:{model_label.replace('.', '_')}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def products_by_status():
    counts = dict(
        Product.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return BarChart(
        key="status",
        title=_("Produk menurut status kurasi"),
        label_heading=_("Status"),
        bars=[
            Bar(
                status.label,
                counts.get(status.value, 0),
                _changelist("catalogue.product", status__exact=status.value),
                STATUS_COLOURS[status],
            )
            for status in Product.Status
        ],
    )


NOT_ARCHIVED_NOTE = _("Semua produk kecuali yang diarsipkan.")


def products_by_category():
    categories = Category.objects.annotate(
        n=Count("products", filter=~Q(products__status=Product.Status.ARCHIVED))
    ).order_by("-n", "ordering", "name")
    return BarChart(
        key="category",
        title=_("Produk menurut kategori"),
        label_heading=_("Kategori"),
        note=NOT_ARCHIVED_NOTE,
        bars=[
            Bar(c.name, c.n, _changelist("catalogue.product", category__id__exact=c.pk))
            for c in categories
        ],
    )


def products_by_kecamatan():
    areas = (
        Kecamatan.objects.annotate(
            n=Count("ikm__products", filter=~Q(ikm__products__status=Product.Status.ARCHIVED))
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    return BarChart(
        key="kecamatan",
        title=_("Produk menurut kecamatan"),
        label_heading=_("Kecamatan"),
        note=_("Kecamatan tempat IKM berada; tanpa produk yang diarsipkan."),
        bars=[
            Bar(k.name, k.n, _changelist("catalogue.product", ikm__kecamatan__id__exact=k.pk))
            for k in areas
        ],
    )


def ikm_by_brand():
    counts = IKM.objects.with_registered_brand().aggregate(
        registered=Count("pk", filter=Q(has_registered_brand=True)),
        total=Count("pk"),
    )
    return BarChart(
        key="brand",
        title=_("IKM menurut merek terdaftar"),
        label_heading=_("IKM"),
        note=_("Merek terdaftar yang masih berlaku."),
        bars=[
            Bar(
                _("Dengan merek terdaftar"),
                counts["registered"],
                colour="#2e7d32",
                short=_("Bermerek"),
            ),
            Bar(
                _("Tanpa merek terdaftar"),
                counts["total"] - counts["registered"],
                colour="#7d7d7d",
                short=_("Tanpa merek"),
            ),
        ],
    )


def products_per_gallery():
    galleries = Gallery.objects.annotate(n=Count("displays")).order_by("ordering", "name")
    return BarChart(
        key="gallery",
        title=_("Produk dipajang per galeri"),
        label_heading=_("Galeri"),
        bars=[
            Bar(
                g.name if g.is_active else _("%(name)s (tidak aktif)") % {"name": g.name},
                g.n,
                _changelist("galleries.display", gallery__id__exact=g.pk),
                short=g.code,
            )
            for g in galleries
        ],
    )


def expiring_certificates(today=None):
    """Return registered marks lapsing within 180 days, soonest first, and the list URL."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    certificates = list(
        BrandCertificate.objects.registered(on=today)
        .filter(expiry_date__lte=until)
        .select_related("ikm")
        .order_by("expiry_date", "pk")[: LIST_LIMIT + 1]
    )
    url = _changelist(
        "catalogue.brandcertificate",
        status__exact=BrandCertificate.Status.REGISTERED,
        expiry_date__gte=today.isoformat(),
        expiry_date__lte=until.isoformat(),
    )
    for certificate in certificates:
        certificate.days_left = (certificate.expiry_date - today).days
    return {"rows": certificates[:LIST_LIMIT], "more": len(certificates) > LIST_LIMIT, "url": url}


def oldest_submissions():
    products = list(Product.objects.awaiting_review().select_related("ikm")[: LIST_LIMIT + 1])
    return {
        "rows": products[:LIST_LIMIT],
        "more": len(products) > LIST_LIMIT,
        "url": _changelist("catalogue.product", review="waiting"),
    }


def pending_changes():
    revisions = list(
        ProductRevision.objects.filter(status=ProductRevision.Status.PENDING)
        .select_related("product", "created_by")
        .order_by("created_at", "pk")[: LIST_LIMIT + 1]
    )
    return {
        "rows": revisions[:LIST_LIMIT],
        "more": len(revisions) > LIST_LIMIT,
        "url": _changelist("catalogue.product", review="changes"),
    }


def dashboard_for(user):
    """Return the dashboard sections `user` may see, each computed with one query."""
    charts, sections = [], {}
    if user.has_perm("catalogue.view_product"):
        charts += [products_by_status(), products_by_category(), products_by_kecamatan()]
        sections["submissions"] = oldest_submissions()
        sections["changes"] = pending_changes()
    if user.has_perm("catalogue.view_ikm"):
        charts.append(ikm_by_brand())
    if user.has_perm("catalogue.view_brandcertificate"):
        sections["certificates"] = expiring_certificates()
    if user.has_perm("galleries.view_gallery"):
        charts.append(products_per_gallery())
    return {"charts": charts, **sections, "expiry_days": EXPIRY_WINDOW_DAYS}
