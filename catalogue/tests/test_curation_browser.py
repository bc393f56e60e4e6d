"""Staff journeys in a real browser: each account holds only its own role."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from catalogue.models import Product
from catalogue.tests.factories import CategoryFactory, IKMFactory, KecamatanFactory
from conftest import PASSWORD, image_bytes, make_staff
from dekranasda import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots of each step, to look at: DEKRANASDA_SCREENSHOTS=/some/folder pytest …
SHOTS = os.environ.get("DEKRANASDA_SCREENSHOTS")


@pytest.fixture
def staff(django_user_model):
    roles.sync_roles()
    return {
        role: make_staff(django_user_model, username, role)
        for role, username in (
            (roles.EDITOR, "editor"),
            (roles.KURATOR, "kurator"),
            (roles.PENGELOLA_GALERI, "galeri"),
        )
    }


@pytest.fixture
def maker(db):
    kecamatan = KecamatanFactory(name="Sooko", slug="sooko")
    CategoryFactory(name="Batik", slug="batik")
    return IKMFactory(name="Batik Sekar Jagad", slug="batik-sekar-jagad", kecamatan=kecamatan)


@pytest.fixture
def photos(tmp_path):
    paths = []
    for name, colour in (("depan.jpg", (150, 60, 30)), ("belakang.jpg", (30, 60, 150))):
        path = tmp_path / name
        path.write_bytes(image_bytes(colour=colour))
        paths.append(path)
    truncated = tmp_path / "terpotong.jpg"
    truncated.write_bytes(image_bytes(size=(1600, 1200))[:4000])
    return {"good": paths, "truncated": truncated}


class Staff:
    """One staff member's own browser session."""

    def __init__(self, browser, live_server, username):
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.server = live_server.url
        self.page.goto(self.server + reverse("admin:login"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_load_state()
        assert "login" not in self.page.url, username

    def open(self, path):
        response = self.page.goto(self.server + path)
        return response

    def shot(self, name):
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)

    def choose(self, field, text):
        """Pick an option in one of the admin's autocomplete selects."""
        self.page.click(f"#id_{field} + .select2 .select2-selection")
        self.page.fill(".select2-container--open .select2-search__field", text)
        self.page.wait_for_selector(f".select2-results__option:has-text('{text}')")
        self.page.keyboard.press("Enter")


def public_text(browser, live_server, product):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(live_server.url + product.get_absolute_url())
    text = page.inner_text("main") if response.status == 200 else ""
    context.close()
    return response.status, text


def test_editor_prepares_kurator_approves_and_changes_wait_for_review(
    live_server, browser, staff, maker, photos
):
    editor = Staff(browser, live_server, "editor")
    editor.open(reverse("admin:catalogue_product_add"))
    editor.choose("ikm", "Batik Sekar Jagad")
    editor.choose("category", "Batik")
    editor.page.fill("#id_name_ind", "Kain Batik Tulis Sekar Jagad")
    editor.page.fill("#id_price", "450000")
    editor.page.set_input_files("input[name=images-0-image]", photos["good"][0])
    editor.page.fill("input[name=images-0-alt_text_ind]", "Kain batik tulis motif sekar jagad")
    editor.page.click(".inline-group .add-row a")
    editor.page.set_input_files("input[name=images-1-image]", photos["good"][1])
    editor.page.fill("input[name=images-1-alt_text_ind]", "Bagian belakang kain batik")
    editor.page.fill("input[name=images-1-ordering]", "1")
    editor.shot("01-editor-new-product")
    editor.page.click("input[name=_continue]")
    editor.page.wait_for_load_state()
    product = Product.objects.get(name_ind="Kain Batik Tulis Sekar Jagad")
    assert product.status == Product.Status.DRAFT
    assert product.images.count() == 2
    editor.page.click("button[form=move-submitted]")
    editor.page.wait_for_load_state()
    product.refresh_from_db()
    assert product.status == Product.Status.SUBMITTED
    assert public_text(browser, live_server, product)[0] == 404

    kurator = Staff(browser, live_server, "kurator")
    kurator.open(reverse("admin:catalogue_product_changelist") + "?review=waiting")
    kurator.page.click("text=Kain Batik Tulis Sekar Jagad")
    kurator.page.click("button[form=move-approved]")
    kurator.page.wait_for_load_state()
    status, text = public_text(browser, live_server, product)
    assert status == 200
    assert "450.000" in text

    # The Editor lowers the price: the approved price stays public.
    editor.open(reverse("admin:catalogue_product_change", args=[product.pk]))
    editor.page.fill("#id_price", "399000")
    editor.page.click("input[name=_save]")
    editor.page.wait_for_load_state()
    assert "menunggu kurasi" in editor.page.inner_text(".messagelist")
    editor.shot("02-editor-change-pending")
    status, text = public_text(browser, live_server, product)
    assert "450.000" in text
    assert "399.000" not in text

    # The Kurator sees what changed and approves it.
    kurator.open(reverse("admin:catalogue_product_change", args=[product.pk]))
    kurator.page.click("text=Tinjau perubahan")
    diff = kurator.page.inner_text(".revision-diff")
    assert "450000" in diff.replace(".", "")
    assert "399000" in diff.replace(".", "")
    kurator.shot("03-kurator-review")
    kurator.page.click("input[value='Setujui perubahan (terbitkan)']")
    kurator.page.wait_for_load_state()
    status, text = public_text(browser, live_server, product)
    assert "399.000" in text
    history = kurator.page.inner_text("#transitions-group")
    assert "Perubahan disetujui" in history
    kurator.shot("04-kurator-approved")

    # Gallery staff may look at a product's history, not revert it.
    galeri = Staff(browser, live_server, "galeri")
    record = product.history.order_by("history_id").first()
    url = reverse("admin:catalogue_product_simple_history", args=[product.pk, record.pk])
    galeri.open(url)
    assert galeri.page.locator("input[name=_save]").count() == 0
    token = galeri.context.cookies()
    csrf = next(cookie["value"] for cookie in token if cookie["name"] == "csrftoken")
    refused = galeri.page.request.post(
        galeri.server + url,
        form={"csrfmiddlewaretoken": csrf, "name_ind": "Dibajak", "_save": "1"},
        headers={"Referer": galeri.server + url},
    )
    assert refused.status == 403
    product.refresh_from_db()
    assert product.name_ind == "Kain Batik Tulis Sekar Jagad"
    for person in (editor, kurator, galeri):
        person.context.close()


def test_truncated_photo_is_an_error_next_to_the_photo(live_server, browser, staff, maker, photos):
    editor = Staff(browser, live_server, "editor")
    editor.open(reverse("admin:catalogue_product_add"))
    editor.choose("ikm", "Batik Sekar Jagad")
    editor.choose("category", "Batik")
    editor.page.fill("#id_name_ind", "Selendang Batik")
    editor.page.set_input_files("input[name=images-0-image]", photos["truncated"])
    editor.page.fill("input[name=images-0-alt_text_ind]", "Selendang batik")
    editor.page.click("input[name=_save]")
    editor.page.wait_for_load_state()
    error = editor.page.inner_text(".inline-group .errorlist")
    assert "terpotong.jpg" in error
    editor.shot("05-truncated-photo")
    assert not Product.objects.filter(name_ind="Selendang Batik").exists()
    editor.context.close()
