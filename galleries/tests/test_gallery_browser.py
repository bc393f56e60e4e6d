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
