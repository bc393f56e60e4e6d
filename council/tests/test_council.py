import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from catalogue.images import rendition_name
from council.models import BoardMember, BoardTerm, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def settings_data(**overrides):
    data = {
        "name": "Dekranasda Kota Contoh",
        "short_name": "Dekranasda Contoh",
        "region": "Kota Contoh",
        "province": "Jawa Tengah",
        "primary_color": "#1d3a7a",
        "accent_color": "#B8860B",
        "email": "sekretariat@contoh.go.id",
        "phone": "0321-123456",
        "whatsapp": "0812-3456-7890",
        "address": "Jl. Pahlawan 1",
        "about_ind": "Kami membina perajin.",
        "about_en": "We support craftspeople.",
        "instagram_url": "https://instagram.com/dekranasdacontoh",
    }
    data.update(overrides)
    return data


def test_defaults_come_from_settings_when_nothing_is_saved(client, settings):
    settings.COUNCIL = {**settings.COUNCIL, "name": "Dekranasda Kabupaten Uji"}
    response = client.get(reverse("home"))
    assert response.context["council"]["name"] == "Dekranasda Kabupaten Uji"
    assert "Dekranasda Kabupaten Uji" in response.content.decode()


def test_kurator_creates_settings_once_and_they_rebrand_the_site(client, kurator):
    client.force_login(kurator)
    changelist = reverse("admin:council_sitesettings_changelist")
    assert client.get(changelist).url == reverse("admin:council_sitesettings_add")
    response = client.post(reverse("admin:council_sitesettings_add"), settings_data())
    assert response.status_code == 302
    record = SiteSettings.objects.get()
    assert record.pk == 1
    assert record.accent_color == "#b8860b"
    assert record.whatsapp == "+6281234567890"

    # A second record cannot be added, and the one record cannot be deleted.
    assert client.get(reverse("admin:council_sitesettings_add")).status_code == 403
    assert client.get(changelist).url == reverse("admin:council_sitesettings_change", args=[1])
    assert (
        client.post(
            reverse("admin:council_sitesettings_delete", args=[1]), {"post": "yes"}
        ).status_code
        == 403
    )

    page = client.get(reverse("home")).content.decode()
    assert "Dekranasda Contoh" in page
    assert "--brand: #1d3a7a" in page
    assert "+62 812-3456-7890" in page
    admin_page = client.get(reverse("admin:index")).content.decode()
    assert "Kantor Dekranasda Contoh" in admin_page


def test_saving_settings_clears_the_cache():
    SiteSettings(**settings_data()).save()
    assert SiteSettings.current().short_name == "Dekranasda Contoh"
    record = SiteSettings.objects.get()
    record.short_name = "Dekranasda Baru"
    record.save()
    assert SiteSettings.current().short_name == "Dekranasda Baru"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary_color", "red", "heksadesimal"),
        ("accent_color", "#12345", "heksadesimal"),
        ("primary_color", "#ffee00", "terlalu terang"),
    ],
)
def test_bad_colours_get_a_form_error(client, kurator, field, value, message):
    client.force_login(kurator)
    response = client.post(
        reverse("admin:council_sitesettings_add"), settings_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    assert not SiteSettings.objects.exists()


def test_svg_logo_is_refused(client, kurator):
    client.force_login(kurator)
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"
    )
    response = client.post(reverse("admin:council_sitesettings_add"), settings_data(logo=svg))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"]


def test_editor_and_gallery_staff_may_not_edit_settings_or_board(client, editor, pengelola_galeri):
    SiteSettings(**settings_data()).save()
    for user in (editor, pengelola_galeri):
        client.force_login(user)
        for url in (
            reverse("admin:council_sitesettings_change", args=[1]),
            reverse("admin:council_boardterm_add"),
        ):
            assert client.get(url).status_code == 403, (user, url)


def test_about_page_shows_current_board_in_both_languages(client, django_assert_max_num_queries):
    SiteSettings(**settings_data()).save()
    old = BoardTerm.objects.create(start_year=2015, end_year=2020)
    BoardMember.objects.create(term=old, position="ketua", name="Ketua Lama")
    term = BoardTerm.objects.create(
        start_year=2025, end_year=2030, inaugurated_on=datetime.date(2025, 12, 23)
    )
    BoardMember.objects.create(
        term=term, position="anggota", name="Budi Santoso", division_ind="Bidang Pemasaran",
        division_en="Marketing Division",
    )  # fmt: skip
    BoardMember.objects.create(term=term, position="ketua", name="Siti Rahma")
    with django_assert_max_num_queries(4):
        response = client.get("/tentang/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kami membina perajin." in page
    assert "Masa bakti 2025–2030" in page
    assert "Ketua Lama" not in page
    # The Ketua comes first though added last.
    assert page.index("Siti Rahma") < page.index("Budi Santoso")
    assert "Anggota Bidang Pemasaran" in page
    assert '"@type": "Organization"' in page

    english = client.get("/en/tentang/").content.decode()
    assert "We support craftspeople." in english
    assert "Marketing Division" in english


def test_board_member_photo_is_validated_and_rendered(client, jpeg_upload):
    term = BoardTerm.objects.create(start_year=2025, end_year=2030)
    member = BoardMember(term=term, position="ketua", name="Siti", photo=jpeg_upload("siti.jpg"))
    member.full_clean()
    member.save()
    assert member.photo_width == 800
    assert member.photo.storage.exists(rendition_name(member.photo.name, 320, "webp"))
    page = client.get("/tentang/").content.decode()
    assert "<picture>" in page
    assert rendition_name(member.photo.name, 320, "webp") in page
    assert 'alt="Siti"' in page


def test_load_demo_adds_the_mojokerto_board(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    term = BoardTerm.objects.current(on=datetime.date(2026, 1, 1))
    assert str(term) == "Masa bakti 2025–2030"
    assert term.inaugurated_on == datetime.date(2025, 12, 23)
    members = {m.position: m for m in term.members.all()}
    assert members["ketua"].name == "Shofiya Hanak Al Barra"
    assert members["ketua_harian"].name == "Noerhono"
    assert "Sekretaris Dinas" in members["wakil_sekretaris"].affiliation
    assert term.members.count() == 3
    with translation.override("en"):
        assert "demo" in SiteSettings.current().about
