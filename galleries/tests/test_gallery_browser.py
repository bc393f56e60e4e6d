"""The gallery directory in a real browser: the map with JavaScript, the full list without."""

import pytest

from .factories import GalleryFactory, add_hours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def galleries():
    """Three active galleries, one of them without coordinates, and a closed-down one."""
    made = [
        add_hours(GalleryFactory(name="Galeri Dekranasda PPST", address="Jl. Raya Trowulan")),
        add_hours(
            GalleryFactory(
                name="Galeri Dekranasda MPP",
                address="Jl. Raya Jabon, Mojosari",
                latitude="-7.520330",
                longitude="112.553690",
            )
        ),
        GalleryFactory(name="Galeri Pameran Keliling", latitude=None, longitude=None),
    ]
    GalleryFactory(name="Galeri Lama", is_active=False)
    return made


def offline(page):
    # Map tiles come from OpenStreetMap; the test runs without them, as a slow network might.
    page.route(
        "**/*",
        lambda route: route.abort() if "openstreetmap" in route.request.url else route.continue_(),
    )


def test_map_shows_a_marker_per_gallery_with_coordinates(live_server, galleries, browser):
    page = browser.new_page()
    offline(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/galeri/")

    markers = page.locator("#gallery-map .leaflet-marker-icon")
    markers.first.wait_for(state="visible", timeout=10_000)
    assert page.locator("#gallery-map").is_visible()
    assert markers.count() == 2
    titles = sorted(markers.nth(i).get_attribute("title") for i in range(2))
    assert titles == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST"]
    markers.first.click()
    assert page.locator(".leaflet-popup-content a").count() == 1
    assert errors == []


def test_without_javascript_the_list_is_complete_and_the_map_hidden(
    live_server, galleries, browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    offline(page)

    page.goto(f"{live_server.url}/galeri/")

    cards = page.locator(".gallery-card")
    assert cards.count() == 3
    names = sorted(cards.locator("h2").all_inner_texts())
    assert names == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST", "Galeri Pameran Keliling"]
    assert "Jl. Raya Jabon, Mojosari" in page.inner_text("main")
    assert not page.locator("#gallery-map").is_visible()
    page.get_by_role("link", name="Galeri Dekranasda MPP", exact=True).click()
    assert page.locator("h1").inner_text() == "Galeri Dekranasda MPP"
    context.close()


def test_nearest_button_asks_for_the_location_and_sorts_by_distance(
    live_server, galleries, browser
):
    context = browser.new_context(
        geolocation={"latitude": -7.5203, "longitude": 112.5536}, permissions=["geolocation"]
    )
    page = context.new_page()
    offline(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/galeri/")

    page.get_by_role("button", name="Cari galeri terdekat").click()
    page.wait_for_url("**/galeri/?dekat=*")

    # Rounded to about 100 m before it leaves the browser.
    assert page.url.endswith("/galeri/?dekat=-7.520%2C112.554")
    names = page.locator(".gallery-card h2").all_inner_texts()
    assert names == ["Galeri Dekranasda MPP", "Galeri Dekranasda PPST", "Galeri Pameran Keliling"]
    assert "dari lokasi Anda" in page.locator(".gallery-card").first.inner_text()
    assert errors == []
    context.close()


def test_refused_location_is_explained_and_coordinates_can_be_typed(
    live_server, galleries, browser
):
    context = browser.new_context(permissions=[])
    page = context.new_page()
    offline(page)
    page.goto(f"{live_server.url}/galeri/")

    page.get_by_role("button", name="Cari galeri terdekat").click()
    page.get_by_text("izin lokasi ditolak").wait_for(timeout=10_000)

    page.get_by_label("Atau tuliskan lokasi Anda (lintang, bujur)").fill("-7.52,112.55")
    page.get_by_role("button", name="Urutkan").click()
    assert page.locator(".gallery-card h2").first.inner_text() == "Galeri Dekranasda MPP"
    context.close()


# Every layout shift the page makes, as Chrome reports them for Cumulative Layout Shift.
LAYOUT_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  });
}).observe({ type: "layout-shift", buffered: true });
"""


def test_gallery_page_map_takes_its_place_without_moving_the_page(live_server, galleries, browser):
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFTS)
        offline(page)
        page.goto(live_server.url + galleries[1].get_absolute_url())

        page.locator("#gallery-map .leaflet-marker-icon").wait_for(timeout=10_000)
        page.wait_for_timeout(300)
        assert page.locator("#gallery-map .leaflet-marker-icon").count() == 1
        assert page.locator("#gallery-map").bounding_box()["height"] >= 250
        assert sum(page.evaluate("window.layoutShifts")) < 0.01, width
        context.close()
