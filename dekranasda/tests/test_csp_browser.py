"""The Content-Security-Policy in a real browser: no public or back-office page breaks it."""

import pytest
from django.urls import reverse

from catalogue.models import ProductImage
from catalogue.tests.factories import IKMFactory, ProductFactory
from galleries.models import Display
from galleries.tests.factories import GalleryFactory, add_hours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-uji-123"

# Every violation the page reports, whether or not anything logs it to the console.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


class Watched:
    """A browser page that remembers CSP violations and console errors about the policy."""

    def __init__(self, context):
        self.page = context.new_page()
        self.page.add_init_script(RECORD_VIOLATIONS)
        # Map tiles come from OpenStreetMap; the test runs without them, as a slow network might.
        self.page.route(
            "**/*",
            lambda route: (
                route.abort() if "openstreetmap" in route.request.url else route.continue_()
            ),
        )
        self.console = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        self.problems = {}

    def visit(self, name, url):
        response = self.page.goto(url)
        self.check(name, response)

    def check(self, name, response=None):
        self.page.wait_for_load_state("load")
        if response is not None:
            assert "'unsafe-inline'" not in response.headers["content-security-policy"], name
        found = self.page.evaluate("window.cspViolations || []") + self.console
        self.console = []
        if found:
            self.problems[name] = found


@pytest.fixture
def site(jpeg_upload, django_user_model):
    ikm = IKMFactory(name="Sepatu Wilwatikta", slug="sepatu-wilwatikta")
    product = ProductFactory(ikm=ikm, name="Sepatu Pantofel Kulit", slug="sepatu-pantofel")
    ProductImage.objects.create(product=product, image=jpeg_upload(), alt_text="Sepatu pantofel")
    ProductFactory.create_batch(2, ikm=ikm)
    gallery = add_hours(GalleryFactory(name="Galeri Dekranasda MPP", slug="mpp"))
    add_hours(GalleryFactory(name="Galeri Dekranasda PPST", slug="ppst", latitude="-7.55"))
    Display.objects.create(gallery=gallery, product=product)
    django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return {"product": product, "ikm": ikm, "gallery": gallery}


def test_public_pages_break_no_content_security_policy(live_server, browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    watched = Watched(context)
    paths = {
        "home": "/",
        "catalogue": "/produk/?category=&q=sepatu",
        "product": site["product"].get_absolute_url(),
        "IKM directory": "/ikm/",
        "IKM profile": site["ikm"].get_absolute_url(),
        "gallery map": "/galeri/",
        "nearest gallery": "/galeri/?dekat=-7.55,112.40",
        "gallery": site["gallery"].get_absolute_url(),
        "sentra index": "/sentra/",
        "IKM search": "/ikm/?q=sepatu&brand=on",
        "about": "/tentang/",
        "not found": "/produk/tidak-ada/",
        "English product": "/en" + site["product"].get_absolute_url(),
        "API documentation": "/api/v1/docs",
    }
    for name, path in paths.items():
        watched.visit(name, live_server.url + path)
        if name == "gallery":
            watched.page.locator("#gallery-map .leaflet-marker-icon").wait_for(timeout=10_000)
            watched.check(name)
        if name == "gallery map":
            markers = watched.page.locator("#gallery-map .leaflet-marker-icon")
            markers.first.wait_for(state="visible", timeout=10_000)
            markers.first.click()
            assert watched.page.locator(".leaflet-popup-content a").count() == 1
            watched.check(name)
        if name == "API documentation":
            watched.page.locator(".opblock").first.wait_for(timeout=10_000)
            watched.check(name)
    context.close()
    assert not watched.problems, watched.problems


def test_back_office_breaks_no_content_security_policy(live_server, browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context)
    page = watched.page
    watched.visit("login", live_server.url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    watched.check("dashboard")
    assert page.url == live_server.url + reverse("admin:index")

    product = site["product"]
    for name, url in {
        "product list": reverse("admin:catalogue_product_changelist"),
        "product form": reverse("admin:catalogue_product_change", args=[product.pk]),
        "new product": reverse("admin:catalogue_product_add"),
        "product history": reverse("admin:catalogue_product_history", args=[product.pk]),
        "photo ZIP": reverse("admin:catalogue_product_photos"),
        "import": reverse("admin:catalogue_ikm_import"),
        "IKM form": reverse("admin:catalogue_ikm_change", args=[site["ikm"].pk]),
        "gallery form": reverse("admin:galleries_gallery_change", args=[site["gallery"].pk]),
    }.items():
        watched.visit(name, live_server.url + url)

    # The product form's autocomplete (select2) and its inline rows work under the policy.
    watched.visit("product form", live_server.url + reverse("admin:catalogue_product_add"))
    page.locator(".select2-selection").first.click()
    page.locator(".select2-results__option").first.wait_for(timeout=10_000)
    watched.check("product autocomplete")

    # Printing shelf labels: an admin action answering with its own page.
    watched.visit("galleries", live_server.url + reverse("admin:galleries_gallery_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", "print_gallery_labels")
    page.click("button[name=index]")
    page.locator("svg.qr").first.wait_for(timeout=10_000)
    watched.check("labels")
    context.close()
    assert not watched.problems, watched.problems
