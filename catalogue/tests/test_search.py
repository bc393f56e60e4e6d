import random
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from catalogue.models import IKM, Product, SearchSynonym
from catalogue.search import Vocabulary, build_vocabulary
from catalogue.tests.factories import CategoryFactory, IKMFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Start each search from an empty cache, as after a deploy."""
    cache.clear()
    with translation.override("id"):
        yield
    cache.clear()


@pytest.fixture
def crafts():
    """A few published crafts, their makers, the demo synonyms and two hidden products."""
    batik = CategoryFactory(name="Batik", slug="batik", name_en="Batik cloth")
    footwear = CategoryFactory(name="Alas Kaki", slug="alas-kaki", name_en="Footwear")
    leather = CategoryFactory(name="Kerajinan Kulit", slug="kulit", name_en="Leather goods")
    music = CategoryFactory(
        name="Alat Musik", slug="alat-musik", name_en="Musical instruments", aliases="Gamelan"
    )
    toys = CategoryFactory(name="Mainan", slug="mainan", name_en="Toys")
    weaving = CategoryFactory(name="Anyaman", slug="anyaman", name_en="Weaving")
    shoemaker = IKMFactory(name="Sepatu Wilwatikta", slug="sepatu-wilwatikta")
    batik_house = IKMFactory(name="Batik Surya", slug="batik-surya")
    weavers = IKMFactory(name="Kelompok Pengrajin Bambu Pacet", slug="pengrajin-bambu")
    carver = IKMFactory(name="Sanggar Kayu Jati", slug="kayu-jati")
    hidden_maker = IKMFactory(name="Sepatu Rahasia", slug="sepatu-rahasia", is_public=False)
    for words in (
        "sepatu, alas kaki",
        "sendal, sandal",
        "tas, bag",
        "kain, cloth, fabric",
        "perajin, pengrajin, pembuat",
    ):
        SearchSynonym.objects.create(words=words)

    def product(slug, name, ikm, category, **extra):
        return ProductFactory(slug=slug, name=name, ikm=ikm, category=category, **extra)

    product("batik-tulis", "Batik Tulis Sogan", batik_house, batik, materials="kain primisima")
    product("sepatu-kulit", "Sepatu Kulit Pantofel", shoemaker, footwear, materials="kulit sapi")
    product("sandal-kulit", "Sandal Kulit Selop", shoemaker, footwear, materials="kulit domba")
    product("tas-kulit", "Tas Kulit Jinjing", shoemaker, leather, materials="kulit sapi")
    product("kendang", "Kendang Jaipong", carver, music, materials="kayu nangka, kulit kambing")
    product("catur", "Papan Catur Jati", carver, toys, materials="kayu jati")
    product("keranjang", "Keranjang Bambu", weavers, weaving, materials="bambu apus")
    product(
        "topeng",
        "Topeng Panji",
        carver,
        toys,
        description="Diukir oleh perajin muda dari Trowulan.",
    )
    product(
        "batik-draf",
        "Batik Tulis Draf",
        batik_house,
        batik,
        status=Product.Status.DRAFT,
        published_at=None,
    )
    product("sepatu-rahasia", "Sepatu Kulit Rahasia", hidden_maker, footwear)


def names_on(response):
    return {p.name for p in response.context["products"]}


def search(client, query):
    return client.get(reverse("catalogue:product-list"), {"q": query})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("batk", {"Batik Tulis Sogan"}),
        ("spatu", {"Sepatu Kulit Pantofel"}),
        ("sendal", {"Sandal Kulit Selop"}),
        ("tas kulti", {"Tas Kulit Jinjing"}),
        ("kendhang", {"Kendang Jaipong"}),
        ("pengrajin", {"Keranjang Bambu", "Topeng Panji"}),
        ("perajin", {"Keranjang Bambu", "Topeng Panji"}),
        ("alas kaki", {"Sepatu Kulit Pantofel"}),
        ("catur", {"Papan Catur Jati"}),
        ("gamelan", {"Kendang Jaipong"}),
        ("tasnya", {"Tas Kulit Jinjing"}),
    ],
)
def test_search_forgives_typos_and_knows_synonyms(client, crafts, query, expected):
    names = [p.name for p in search(client, query).context["products"]]
    # Makers and categories match too ("sepatu" → Sepatu Wilwatikta's bag), after names.
    assert expected <= set(names)
    assert names[0] in expected


@pytest.mark.parametrize("query", ["batik", "batk", "sepatu", "spatu", "kulit", "sepatu kulit"])
def test_search_never_shows_unpublished_products(client, crafts, query):
    names = names_on(search(client, query))
    assert names
    assert not {"Batik Tulis Draf", "Sepatu Kulit Rahasia"} & names


def test_vocabulary_leaves_out_what_the_public_does_not_see(crafts):
    words = build_vocabulary().known
    assert {"batik", "sepatu", "kendang", "pengrajin", "perajin", "gamelan"} <= words
    assert not {"draf", "rahasia"} & words


def test_corrected_search_says_which_words_it_used(client, crafts):
    html = search(client, "spatu kulti").content.decode()
    assert "Menampilkan hasil untuk “sepatu kulit”" in html
    assert 'href="?q=%22spatu+kulti%22"' in html


def test_a_word_found_in_a_description_is_not_corrected(client, crafts):
    ProductFactory(
        name="Gantungan Kunci Kelapa",
        ikm=IKM.objects.get(slug="kayu-jati"),
        description="Dari batok kelapa tua.",
    )
    # "batok" is close to "batik", but a product says it as typed.
    response = search(client, "batok")
    assert names_on(response) == {"Gantungan Kunci Kelapa"}
    assert "Menampilkan hasil untuk" not in response.content.decode()


def test_quoted_search_is_not_corrected(client, crafts):
    response = search(client, '"batk"')
    assert names_on(response) == set()
    assert "Menampilkan hasil untuk" not in response.content.decode()


def test_search_as_typed_shows_no_correction(client, crafts):
    assert "Menampilkan hasil untuk" not in search(client, "batik").content.decode()


def test_search_without_results_suggests_known_words(client, crafts):
    html = search(client, "tulis kendang").content.decode()
    assert "Tidak ada produk yang cocok" in html
    suggestions = re.search(r'class="search-suggestions">(.*?)</p>', html, re.S).group(1)
    assert "Mungkin maksud Anda:" in suggestions
    assert '<a href="?q=tulis">tulis</a>' in suggestions
    assert '<a href="?q=kendang">kendang</a>' in suggestions


def test_search_for_a_distant_word_suggests_the_closest(client, crafts):
    response = search(client, "kandeng")
    assert names_on(response) == set()
    assert '<a href="?q=kendang">kendang</a>' in response.content.decode()


def test_suggestions_keep_the_other_filters(client, crafts):
    html = client.get("/produk/?q=tulis+kendang&category=alat-musik").content.decode()
    assert "Tidak ada produk" in html
    assert 'href="?q=kendang&amp;category=alat-musik"' in html or (
        'href="?category=alat-musik&amp;q=kendang"' in html
    )


def test_synonym_added_by_a_kurator_applies_to_the_next_search(client, crafts, kurator):
    assert names_on(search(client, "drum")) == set()
    client.force_login(kurator)
    response = client.post(
        f"/{settings.ADMIN_PATH}catalogue/searchsynonym/add/", {"words": "Kendang,  drum"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(words="kendang, drum")
    client.logout()
    assert names_on(search(client, "drum")) == {"Kendang Jaipong"}


def test_new_products_reach_the_vocabulary(client, crafts):
    assert names_on(search(client, "wayang")) == set()
    ProductFactory(name="Wayang Kulit Arjuna", ikm=IKM.objects.get(slug="kayu-jati"))
    assert names_on(search(client, "wayng")) == {"Wayang Kulit Arjuna"}


@pytest.mark.parametrize("query", ["batik", "spatu kulti", "pengrajin", "zzzz"])
def test_search_page_makes_a_constant_number_of_queries(
    client, crafts, django_assert_max_num_queries, query
):
    search(client, query)  # reads the vocabulary once
    with django_assert_max_num_queries(QUERIES_PER_SEARCH_PAGE):
        search(client, query)
    for index in range(10):
        ProductFactory(name=f"Batik Sepatu Kulit {index}", ikm=IKM.objects.get(slug="batik-surya"))
    search(client, query)
    with django_assert_max_num_queries(QUERIES_PER_SEARCH_PAGE):
        search(client, query)


QUERIES_PER_SEARCH_PAGE = 20


def test_corrections_hold_in_a_large_vocabulary():
    """Among 20,000 other words, each typo still finds its word."""
    rng = random.Random(7)
    words = {"".join(rng.choices("bcfghjmoqrvwxyz", k=rng.randint(4, 9))) for _ in range(20_000)}
    known = Vocabulary(sorted(words | {"sepatu", "kulit", "tas", "sandal"}), {})
    assert [known.correct(w) for w in ("spatu", "kulti", "tas", "sendal")] == [
        "sepatu",
        "kulit",
        "tas",
        "sandal",
    ]


def test_correction_and_suggestions_read_in_english(client, crafts):
    corrected = client.get("/en/produk/", {"q": "spatu"}).content.decode()
    assert "Showing results for “sepatu”." in corrected
    assert "Search for exactly “spatu”" in corrected
    assert "Did you mean:" in client.get("/en/produk/", {"q": "kandeng"}).content.decode()
