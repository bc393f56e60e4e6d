"""Demo data for Dekranasda Kabupaten Mojokerto.

Everything here is invented for demonstration: the IKM, their owners, NIB,
phone numbers, certificates and products are not real. Galleries follow the
two Galeri Dekranasda opened in December 2025 (PPST and MPP); their exact
addresses, hours and coordinates are approximations.
"""

import datetime

KECAMATAN = [
    "Bangsal", "Dawarblandong", "Dlanggu", "Gedeg", "Gondang", "Jatirejo", "Jetis", "Kemlagi",
    "Kutorejo", "Mojoanyar", "Mojosari", "Ngoro", "Pacet", "Pungging", "Puri", "Sooko",
    "Trawas", "Trowulan",
]  # fmt: skip

# slug, Indonesian name, English name, colour for generated photos, description
CATEGORIES = [
    ("batik", "Batik", "Batik", (122, 46, 29), "Kain batik tulis dan cap bermotif khas Majapahit."),
    ("tenun", "Tenun", "Woven cloth", (40, 90, 120), "Kain tenun gedogan dan ATBM."),
    ("anyaman", "Anyaman", "Weaving", (150, 120, 60), "Anyaman bambu, pandan, dan eceng gondok."),
    ("ukir-kayu", "Ukir Kayu", "Wood carving", (110, 70, 40), "Ukiran kayu jati dan mahoni."),
    ("alas-kaki", "Alas Kaki", "Footwear", (60, 60, 70), "Sepatu dan sandal kulit buatan tangan."),
    ("kulit", "Kerajinan Kulit", "Leather goods", (140, 80, 50), "Tas, dompet, dan ikat pinggang kulit."),
    ("gerabah-keramik", "Gerabah & Keramik", "Pottery & ceramics", (170, 90, 60), "Gerabah dan terakota Trowulan."),
    ("logam-kuningan", "Logam & Kuningan", "Metal & brass", (180, 140, 40), "Cor kuningan dan perunggu Bejijong."),
    ("lukisan", "Lukisan", "Painting", (60, 110, 80), "Lukisan kanvas karya perupa lokal."),
    ("alat-musik", "Alat Musik", "Musical instruments", (90, 50, 90), "Kendang, gamelan, dan alat musik tradisional."),
    ("mainan-permainan", "Mainan & Permainan", "Toys & games", (50, 120, 140), "Catur, dakon, dan mainan kayu."),
    ("aksesori", "Aksesori", "Accessories", (160, 60, 90), "Perhiasan, bros, dan aksesori busana."),
]  # fmt: skip

# The craft names a Mojokerto IKM registry writes in its "jenis kerajinan" column,
# as import aliases of the categories above (one category per name).
CATEGORY_ALIASES = {
    "batik": ["Batik Tulis", "Batik Cap", "Batik Tulis dan Cap", "Batik Sutra"],
    "tenun": ["Tenun Ikat", "Tenun ATBM", "Tenun Gedogan"],
    "anyaman": ["Anyaman Bambu", "Anyaman Pandan", "Anyaman Eceng Gondok", "Bambu", "Besek"],
    "ukir-kayu": ["Ukiran Kayu", "Ukir", "Mebel Ukir", "Kerajinan Kayu"],
    "alas-kaki": ["Sepatu", "Sandal", "Sepatu Kulit", "Sandal Kulit", "Sepatu dan Sandal"],
    "kulit": ["Tas Kulit", "Dompet Kulit", "Ikat Pinggang", "Jaket Kulit"],
    "gerabah-keramik": ["Gerabah", "Terakota", "Keramik", "Tembikar"],
    "logam-kuningan": ["Kuningan", "Cor Kuningan", "Cor Logam", "Perunggu", "Logam"],
    "lukisan": ["Lukis", "Seni Lukis"],
    "alat-musik": ["Kendang", "Gamelan", "Alat Musik Tradisional"],
    "mainan-permainan": ["Catur", "Papan Catur", "Mainan Kayu", "Dakon", "Mainan"],
    "aksesori": ["Aksesoris", "Perhiasan", "Bros", "Manik-manik"],
}

# Words a visitor may search for that mean the same, one set per line of the admin.
SEARCH_SYNONYMS = [
    "sepatu, alas kaki, shoes",
    "sendal, sandal, selop",
    "tas, bag",
    "kain, cloth, fabric",
    "perajin, pengrajin, pembuat",
    "sutra, sutera, silk",
    "kulit, leather",
    "kendang, gendang",
    "anyaman, anyam",
    "gerabah, tembikar, terakota",
]

# slug, name, desa, kecamatan, main category, description
SENTRA = [
    ("sentra-sepatu-trowulan", "Sentra Sepatu Trowulan", "Trowulan", "Trowulan", "alas-kaki",
     "Ratusan perajin sepatu dan sandal kulit, berpusat di sekitar Pusat Perkulakan Sepatu Trowulan."),
    ("sentra-cor-kuningan-bejijong", "Sentra Cor Kuningan Bejijong", "Bejijong", "Trowulan", "logam-kuningan",
     "Desa Bejijong mewarisi teknik cor logam sejak masa Majapahit: arca, genta, dan hiasan kuningan."),
    ("sentra-terakota-trowulan", "Sentra Terakota Trowulan", "Jatipasar", "Trowulan", "gerabah-keramik",
     "Gerabah dan terakota dengan bentuk yang terinspirasi temuan situs Trowulan."),
    ("sentra-batik-majapahit", "Sentra Batik Majapahit", "Japan", "Sooko", "batik",
     "Perajin batik tulis dengan motif Surya Majapahit, Gringsing, dan Mrico Bolong."),
    ("sentra-anyaman-bambu-pacet", "Sentra Anyaman Bambu Pacet", "Pacet", "Pacet", "anyaman",
     "Anyaman bambu dari lereng Welirang: tampah, besek, dan keranjang hias."),
]  # fmt: skip

# slug, name, owner, NIB, kecamatan, desa, sentra, categories, founded, workers, phone, story
IKM = [
    ("sepatu-kulit-wilwatikta", "Sepatu Kulit Wilwatikta", "Bambang Sutrisno", "9120301234561", "Trowulan", "Trowulan",
     "sentra-sepatu-trowulan", ["alas-kaki", "kulit"], 2004, 14, "081234560001",
     "Berawal dari bengkel kecil di belakang rumah, kami kini membuat sepatu pantofel dan boots kulit sapi asli untuk pelanggan dari Surabaya hingga Makassar."),
    ("sandal-gajah-mada", "Sandal Gajah Mada", "Siti Aminah", "9120301234562", "Trowulan", "Watesumpak",
     "sentra-sepatu-trowulan", ["alas-kaki"], 2011, 8, "081234560002",
     "Sandal kulit dan sandal hotel buatan tangan. Kami menerima pesanan seragam untuk hotel dan instansi."),
    ("cor-kuningan-bejijong-arta", "Cor Kuningan Arta Bejijong", "Suwarno", "9120301234563", "Trowulan", "Bejijong",
     "sentra-cor-kuningan-bejijong", ["logam-kuningan"], 1992, 11, "081234560003",
     "Tiga generasi kami mengecor kuningan dengan teknik lilin hilang (a cire perdue), teknik yang dipakai para empu Majapahit."),
    ("terakota-jatipasar", "Terakota Jatipasar", "Ahmad Fauzi", "9120301234564", "Trowulan", "Jatipasar",
     "sentra-terakota-trowulan", ["gerabah-keramik"], 2008, 6, "081234560004",
     "Celengan, vas, dan replika miniatur candi dari tanah liat Trowulan, dibakar di tungku tradisional."),
    ("batik-surya-majapahit", "Batik Surya Majapahit", "Dwi Lestari", "9120301234565", "Sooko", "Japan",
     "sentra-batik-majapahit", ["batik"], 2013, 12, "081234560005",
     "Kami membatik tulis dengan pewarna alam dari kulit mahoni, tingi, dan indigo. Setiap kain butuh dua hingga empat minggu."),
    ("batik-sutra-kirana", "Batik Sutra Kirana", "Ratna Kirana", "9120301234566", "Mojosari", "Modopuro",
     None, ["batik", "aksesori"], 2017, 5, "081234560006",
     "Batik di atas sutra yang dipelajari dari pelatihan batik sutra bersama Dekranasda, kini menjadi syal dan selendang."),
    ("anyaman-bambu-welirang", "Anyaman Bambu Welirang", "Sumarni", "9120301234567", "Pacet", "Pacet",
     "sentra-anyaman-bambu-pacet", ["anyaman"], 2009, 20, "081234560007",
     "Dua puluh ibu rumah tangga menganyam bambu apus menjadi keranjang, tudung saji, dan kap lampu."),
    ("ukir-kayu-brawijaya", "Ukir Kayu Brawijaya", "Joko Santoso", "9120301234568", "Dlanggu", "Pohkecik",
     None, ["ukir-kayu", "mainan-permainan"], 2001, 9, "081234560008",
     "Ukiran kayu jati untuk panel dinding dan mebel, serta papan catur ukir yang kami kirim hingga Bali."),
    ("kendang-sari-laras", "Kendang Sari Laras", "Hadi Prasetyo", "9120301234569", "Jatirejo", "Lebakjabung",
     None, ["alat-musik"], 1998, 7, "081234560009",
     "Kendang jaipong, kendang Jawa, dan djembe dari kayu nangka dan kulit kambing pilihan."),
    ("tas-kulit-puri-asri", "Tas Kulit Puri Asri", "Nur Hidayati", "9120301234570", "Puri", "Tambakagung",
     None, ["kulit", "aksesori"], 2015, 10, "081234560010",
     "Tas, dompet, dan ikat pinggang kulit sapi nabati, dijahit tangan dengan benang lilin."),
    ("tenun-ngoro-lestari", "Tenun Ngoro Lestari", "Endang Susilowati", "", "Ngoro", "Kutogirang",
     None, ["tenun"], 2019, 4, "081234560011",
     "Kelompok penenun muda yang menghidupkan kembali tenun gedog dengan alat tenun bukan mesin."),
    ("galeri-lukis-trawas", "Galeri Lukis Trawas", "Agus Wibowo", "9120301234572", "Trawas", "Tamiajeng",
     None, ["lukisan"], 2010, 3, "081234560012",
     "Lukisan pemandangan Gunung Penanggungan dan kehidupan desa, dikerjakan di sanggar terbuka."),
]  # fmt: skip

# IKM slug, mark, registration number or "" while in application, Nice class, days between
# the filing and the day the demo is loaded. A mark is in force for ten years from filing:
# none here is older than nine, so the demo never shows a lapsed mark, whenever it is loaded.
CERTIFICATES = [
    ("sepatu-kulit-wilwatikta", "WILWATIKTA", "IDM001102301", 25, 2087),
    ("sandal-gajah-mada", "GAJAH MADA SANDAL", "IDM001102302", 25, 1644),
    ("cor-kuningan-bejijong-arta", "ARTA BEJIJONG", "IDM001102303", 6, 2202),
    ("terakota-jatipasar", "JATIPASAR", "IDM001102304", 21, 1422),
    ("batik-surya-majapahit", "SURYA MAJAPAHIT", "IDM001102305", 24, 2663),
    ("batik-sutra-kirana", "KIRANA SILK", "IDM001102306", 24, 1023),
    ("anyaman-bambu-welirang", "WELIRANG CRAFT", "IDM001102307", 20, 1884),
    ("ukir-kayu-brawijaya", "BRAWIJAYA UKIR", "IDM001102308", 20, 2965),
    ("kendang-sari-laras", "SARI LARAS", "IDM001102309", 15, 1653),
    ("tas-kulit-puri-asri", "PURI ASRI", "IDM001102310", 18, 1220),
    ("galeri-lukis-trawas", "PENANGGUNGAN ART", "", 16, 393),
]  # fmt: skip

# IKM slug, category slug, product name, English name, materials, price, price_max, description
PRODUCTS = [
    ("sepatu-kulit-wilwatikta", "alas-kaki", "Sepatu Pantofel Kulit Sapi Hitam", "Black cowhide pantofel shoes", "kulit sapi, sol karet", 385000, None, "Pantofel pria dari kulit sapi full grain, dijahit tangan dengan sol karet anti selip. Ukuran 38–45."),
    ("sepatu-kulit-wilwatikta", "alas-kaki", "Sepatu Boots Kulit Cokelat", "Brown leather boots", "kulit sapi, sol TPR", 525000, 575000, "Boots setinggi mata kaki dengan kulit crazy horse yang makin cantik seiring pemakaian."),
    ("sepatu-kulit-wilwatikta", "alas-kaki", "Sepatu Kets Kulit Suede", "Suede leather sneakers", "kulit suede, sol karet", 310000, None, "Kets kasual dari suede lembut, cocok untuk kerja maupun santai."),
    ("sepatu-kulit-wilwatikta", "alas-kaki", "Sepatu Wanita Flat Kulit", "Women's leather flats", "kulit domba", 265000, None, "Sepatu flat wanita dari kulit domba yang ringan dan lentur."),
    ("sepatu-kulit-wilwatikta", "kulit", "Ikat Pinggang Kulit Pria", "Men's leather belt", "kulit sapi, gesper kuningan", 145000, None, "Ikat pinggang kulit sapi tebal dengan gesper kuningan cor Bejijong."),
    ("sandal-gajah-mada", "alas-kaki", "Sandal Kulit Selop Pria", "Men's leather slip-on sandals", "kulit sapi", 120000, None, "Selop kulit untuk sehari-hari, ringan dan kuat."),
    ("sandal-gajah-mada", "alas-kaki", "Sandal Jepit Kulit Anyam", "Woven leather flip-flops", "kulit sapi", 95000, None, "Sandal jepit dengan tali kulit anyam tangan."),
    ("sandal-gajah-mada", "alas-kaki", "Sandal Hotel Batik", "Batik hotel slippers", "kain batik, spons", 12500, 18000, "Sandal hotel berlapis kain batik, dapat dibordir logo. Pesanan minimal 500 pasang."),
    ("sandal-gajah-mada", "alas-kaki", "Sandal Gunung Kulit", "Leather hiking sandals", "kulit sapi, sol karet", 175000, None, "Sandal gunung dengan tali kulit dan sol karet bergerigi."),
    ("sandal-gajah-mada", "alas-kaki", "Sandal Wanita Kulit Hias", "Decorated women's sandals", "kulit sapi, manik-manik", 135000, None, "Sandal wanita dengan hiasan manik-manik dijahit tangan."),
    ("cor-kuningan-bejijong-arta", "logam-kuningan", "Arca Buddha Kuningan", "Brass Buddha statue", "kuningan", 750000, 1500000, "Arca Buddha cor kuningan dengan teknik lilin hilang, tinggi 20–40 cm."),
    ("cor-kuningan-bejijong-arta", "logam-kuningan", "Genta Kuningan Majapahit", "Majapahit brass bell", "kuningan", 450000, None, "Replika genta pendeta zaman Majapahit dengan gagang vajra."),
    ("cor-kuningan-bejijong-arta", "logam-kuningan", "Patung Gajah Mada Kuningan", "Brass Gajah Mada statue", "kuningan", 650000, None, "Patung dada Mahapatih Gajah Mada, cocok untuk cendera mata resmi."),
    ("cor-kuningan-bejijong-arta", "logam-kuningan", "Tempat Lilin Kuningan Ukir", "Carved brass candle holder", "kuningan", 185000, None, "Tempat lilin kuningan bermotif sulur, dipoles mengilap."),
    ("cor-kuningan-bejijong-arta", "aksesori", "Bros Surya Majapahit Kuningan", "Surya Majapahit brass brooch", "kuningan", 65000, None, "Bros berlambang Surya Majapahit untuk seragam dan cendera mata."),
    ("cor-kuningan-bejijong-arta", "logam-kuningan", "Lampu Gantung Kuningan", "Brass hanging lamp", "kuningan, kaca", 1250000, None, "Lampu gantung kuningan tempa dengan kaca buram."),
    ("terakota-jatipasar", "gerabah-keramik", "Celengan Babi Majapahit", "Majapahit piggy bank", "tanah liat", 45000, None, "Replika celengan terakota Majapahit yang terkenal dari situs Trowulan."),
    ("terakota-jatipasar", "gerabah-keramik", "Miniatur Candi Bajang Ratu", "Bajang Ratu gate miniature", "terakota", 225000, None, "Miniatur gapura Bajang Ratu setinggi 30 cm dari terakota."),
    ("terakota-jatipasar", "gerabah-keramik", "Vas Bunga Terakota Ukir", "Carved terracotta vase", "terakota", 85000, 150000, "Vas bunga terakota dengan ukiran motif teratai."),
    ("terakota-jatipasar", "gerabah-keramik", "Kendi Gerabah Tradisional", "Traditional clay water jug", "tanah liat", 55000, None, "Kendi air minum yang menjaga air tetap sejuk."),
    ("terakota-jatipasar", "gerabah-keramik", "Pot Tanaman Terakota Set", "Terracotta planter set", "terakota", 120000, None, "Set tiga pot tanaman terakota berbagai ukuran."),
    ("batik-surya-majapahit", "batik", "Batik Tulis Surya Majapahit Sogan", "Surya Majapahit hand-drawn batik, sogan", "katun primisima, pewarna alam", 850000, None, "Kain batik tulis 2,4 m motif Surya Majapahit dengan warna sogan dari kulit mahoni."),
    ("batik-surya-majapahit", "batik", "Batik Tulis Mrico Bolong Indigo", "Mrico Bolong batik in indigo", "katun primisima, indigo", 750000, None, "Motif Mrico Bolong khas Mojokerto dalam biru indigo alami."),
    ("batik-surya-majapahit", "batik", "Batik Cap Gringsing Merah", "Red Gringsing stamped batik", "katun", 175000, None, "Batik cap motif Gringsing untuk seragam kantor dan sekolah."),
    ("batik-surya-majapahit", "batik", "Kemeja Batik Pria Lengan Panjang", "Men's long-sleeved batik shirt", "katun, batik cap", 265000, None, "Kemeja batik cap dengan furing, ukuran M–XXL."),
    ("batik-surya-majapahit", "batik", "Batik Tulis Teratai Majapahit", "Majapahit lotus batik", "katun primisima", 650000, None, "Motif teratai dari relief candi, dikerjakan dengan canting halus."),
    ("batik-surya-majapahit", "batik", "Outer Batik Wanita", "Women's batik outer", "katun, batik cap", 225000, None, "Outer batik ringan dengan potongan modern."),
    ("batik-sutra-kirana", "batik", "Syal Batik Sutra Biru", "Blue silk batik scarf", "sutra", 325000, None, "Syal sutra 180 × 50 cm dengan motif ombak."),
    ("batik-sutra-kirana", "batik", "Selendang Batik Sutra Merah", "Red silk batik shawl", "sutra", 450000, None, "Selendang sutra untuk acara resmi, pewarna sintetis tahan luntur."),
    ("batik-sutra-kirana", "aksesori", "Scrunchie Batik Sutra", "Silk batik scrunchie", "sutra", 35000, None, "Ikat rambut dari sisa kain sutra batik, warna acak."),
    ("batik-sutra-kirana", "batik", "Kain Batik Sutra Motif Kawung", "Kawung silk batik cloth", "sutra", 950000, None, "Kain sutra 2 m motif Kawung, batik tulis."),
    ("batik-sutra-kirana", "aksesori", "Dompet Koin Batik Sutra", "Silk batik coin purse", "sutra, ritsleting", 45000, None, "Dompet koin kecil dari perca batik sutra."),
    ("anyaman-bambu-welirang", "anyaman", "Keranjang Bambu Anyam Serbaguna", "All-purpose woven bamboo basket", "bambu apus", 65000, None, "Keranjang serbaguna untuk dapur atau penyimpanan."),
    ("anyaman-bambu-welirang", "anyaman", "Tudung Saji Bambu", "Bamboo food cover", "bambu", 55000, None, "Tudung saji anyam rapat dengan pinggiran rotan."),
    ("anyaman-bambu-welirang", "anyaman", "Kap Lampu Anyaman Bambu", "Woven bamboo lampshade", "bambu", 145000, None, "Kap lampu gantung berpola sisik yang memantulkan cahaya hangat."),
    ("anyaman-bambu-welirang", "anyaman", "Tampah Hias Lukis", "Painted decorative winnowing tray", "bambu, cat akrilik", 75000, None, "Tampah bambu dilukis tangan untuk hiasan dinding."),
    ("anyaman-bambu-welirang", "anyaman", "Besek Bambu Set Hantaran", "Bamboo hamper boxes", "bambu", 25000, None, "Besek bambu berbagai ukuran untuk hantaran dan parsel. Pesanan minimal 50."),
    ("anyaman-bambu-welirang", "anyaman", "Tas Anyaman Pandan", "Woven pandan bag", "daun pandan, kain", 95000, None, "Tas jinjing dari anyaman pandan dengan furing kain."),
    ("ukir-kayu-brawijaya", "ukir-kayu", "Panel Ukir Kayu Jati Surya", "Teak carved sun panel", "kayu jati", 1750000, None, "Panel dinding 60 × 60 cm dengan ukiran Surya Majapahit."),
    ("ukir-kayu-brawijaya", "mainan-permainan", "Papan Catur Ukir Kayu Jati", "Carved teak chess set", "kayu jati, kayu sono", 425000, None, "Papan catur lipat dengan bidak ukir tangan dari kayu jati dan sono."),
    ("ukir-kayu-brawijaya", "ukir-kayu", "Kotak Perhiasan Ukir", "Carved jewellery box", "kayu mahoni", 185000, None, "Kotak perhiasan kayu mahoni dengan ukiran bunga."),
    ("ukir-kayu-brawijaya", "mainan-permainan", "Dakon Kayu Ukir", "Carved wooden congklak", "kayu mahoni", 165000, None, "Papan dakon (congklak) ukir lengkap dengan biji kerang."),
    ("ukir-kayu-brawijaya", "ukir-kayu", "Cermin Bingkai Ukir Jepara Style", "Carved mirror frame", "kayu jati, kaca", 950000, None, "Cermin dinding dengan bingkai ukir tiga dimensi."),
    ("ukir-kayu-brawijaya", "mainan-permainan", "Mainan Mobil Kayu Anak", "Wooden toy car", "kayu pinus, cat food grade", 45000, None, "Mainan mobil kayu dengan cat aman untuk anak."),
    ("kendang-sari-laras", "alat-musik", "Kendang Jaipong Set", "Jaipong drum set", "kayu nangka, kulit kambing", 2750000, None, "Satu set kendang jaipong: kendang indung dan dua kulanter."),
    ("kendang-sari-laras", "alat-musik", "Kendang Jawa Ciblon", "Javanese ciblon drum", "kayu nangka, kulit kambing", 1850000, None, "Kendang ciblon untuk karawitan Jawa Timuran."),
    ("kendang-sari-laras", "alat-musik", "Djembe Ukir 40 cm", "Carved djembe 40 cm", "kayu mahoni, kulit kambing", 650000, None, "Djembe dengan ukiran motif batik, tali nilon kuat."),
    ("kendang-sari-laras", "alat-musik", "Kendang Mini Suvenir", "Souvenir mini drum", "kayu, kulit", 35000, None, "Kendang kecil untuk suvenir pernikahan dan acara. Minimal 100 buah."),
    ("kendang-sari-laras", "alat-musik", "Angklung Bambu Set", "Bamboo angklung set", "bambu hitam", 1250000, None, "Satu set angklung 8 nada untuk sekolah."),
    ("tas-kulit-puri-asri", "kulit", "Tas Selempang Kulit Pria", "Men's leather messenger bag", "kulit sapi nabati", 485000, None, "Tas selempang dengan kulit nabati yang menua cantik."),
    ("tas-kulit-puri-asri", "kulit", "Dompet Kulit Lipat", "Bifold leather wallet", "kulit sapi", 135000, None, "Dompet lipat dua dengan delapan slot kartu, jahit tangan."),
    ("tas-kulit-puri-asri", "kulit", "Tas Tote Kulit Wanita", "Women's leather tote", "kulit sapi", 565000, None, "Tote lapang untuk kerja, muat laptop 14 inci."),
    ("tas-kulit-puri-asri", "aksesori", "Gantungan Kunci Kulit Ukir", "Tooled leather key ring", "kulit sapi", 25000, None, "Gantungan kunci kulit ukir nama, bisa dipesan untuk suvenir."),
    ("tas-kulit-puri-asri", "kulit", "Sabuk Kulit Wanita", "Women's leather belt", "kulit sapi", 115000, None, "Sabuk kulit ramping dengan gesper kuningan."),
    ("tas-kulit-puri-asri", "kulit", "Tas Ransel Kulit", "Leather backpack", "kulit sapi, kanvas", 725000, None, "Ransel kulit dengan bagian dalam kanvas tebal."),
    ("tenun-ngoro-lestari", "tenun", "Kain Tenun Gedog Lurik", "Gedog lurik woven cloth", "benang katun", 375000, None, "Kain tenun lurik 2 m dari alat tenun gedog."),
    ("tenun-ngoro-lestari", "tenun", "Syal Tenun ATBM", "Handloom woven scarf", "benang katun", 145000, None, "Syal tenun ringan dengan rumbai."),
    ("tenun-ngoro-lestari", "tenun", "Taplak Meja Tenun", "Woven table runner", "benang katun", 165000, None, "Taplak meja tenun motif kotak-kotak."),
    ("tenun-ngoro-lestari", "tenun", "Sarung Tenun Pria", "Men's woven sarong", "benang katun", 285000, None, "Sarung tenun tangan untuk ibadah dan acara keluarga."),
    ("galeri-lukis-trawas", "lukisan", "Lukisan Gunung Penanggungan", "Mount Penanggungan painting", "cat minyak, kanvas", 2500000, None, "Lukisan 80 × 60 cm pemandangan Penanggungan saat fajar."),
    ("galeri-lukis-trawas", "lukisan", "Lukisan Sawah Trawas", "Trawas rice field painting", "cat akrilik, kanvas", 1500000, None, "Hamparan sawah berundak dengan petani yang pulang sore."),
    ("galeri-lukis-trawas", "lukisan", "Lukisan Candi Brahu", "Brahu temple painting", "cat minyak, kanvas", 3250000, None, "Candi Brahu dalam cahaya senja, 100 × 70 cm."),
    ("galeri-lukis-trawas", "lukisan", "Lukisan Mini Bunga Teratai", "Small lotus painting", "cat air, kertas", 350000, None, "Lukisan cat air ukuran A4, dibingkai kayu."),
    ("galeri-lukis-trawas", "lukisan", "Sketsa Pasar Mojosari", "Mojosari market sketch", "tinta, kertas", 450000, None, "Sketsa tinta suasana pasar tradisional."),
]  # fmt: skip

# The position of a product in PRODUCTS decides its demo curation state.
NOT_APPROVED = {
    3: "submitted", 9: "submitted", 15: "submitted", 27: "submitted", 42: "submitted", 53: "submitted",
    4: "draft", 31: "draft", 47: "draft", 60: "draft",
    20: "rejected", 36: "rejected",
    19: "archived", 58: "archived",
}  # fmt: skip
FEATURED = {0, 10, 17, 21, 34, 38, 44, 49, 55, 59}
REJECTION_REASON = (
    "Foto kurang jelas dan ukuran belum dicantumkan. Mohon lengkapi lalu ajukan lagi."
)

# code, slug, name, host venue, address, kecamatan, lat, lon, phone, contact, description
GALLERIES = [
    ("PPST", "galeri-dekranasda-ppst", "Galeri Dekranasda PPST",
     "Pusat Perkulakan Sepatu Trowulan (PPST)", "Jl. Raya Trowulan, Desa Trowulan", "Trowulan",
     "-7.548210", "112.383570", "081234567801", "Ibu Sri Wahyuni",
     "Etalase produk IKM pilihan di tengah pusat grosir sepatu Trowulan: alas kaki, kulit, kuningan Bejijong, dan terakota."),
    ("MPP", "galeri-dekranasda-mpp", "Galeri Dekranasda MPP",
     "Mal Pelayanan Publik Kabupaten Mojokerto", "Jl. Raya Jabon, Mojosari", "Mojosari",
     "-7.520330", "112.553690", "081234567802", "Bapak Rudi Hartono",
     "Galeri di Mal Pelayanan Publik: sambil mengurus izin usaha, lihat batik, anyaman, dan kerajinan unggulan daerah."),
]  # fmt: skip

# gallery code: list of (weekday 0=Monday, opens, closes)
HOURS = {
    "PPST": [(day, "09:00", "17:00") for day in range(7)],
    "MPP": [(day, "08:00", "15:00") for day in range(4)]
    + [(4, "08:00", "11:00"), (4, "13:00", "15:00"), (5, "08:00", "12:00")],
}


def closures(today):
    """Return the galleries' coming closures as (first day, last day, reason), after `today`."""

    def next_on(month, day):
        date = datetime.date(today.year, month, day)
        return date if date > today else date.replace(year=today.year + 1)

    christmas, new_year = next_on(12, 25), next_on(1, 1)
    stocktaking = today + datetime.timedelta(days=45)
    return [
        (christmas, christmas, "Hari Raya Natal"),
        (new_year, new_year, "Tahun Baru Masehi"),
        (stocktaking, stocktaking + datetime.timedelta(days=2), "Inventarisasi stok tahunan"),
    ]


DISPLAYED_CATEGORIES = {
    "PPST": {"alas-kaki", "kulit", "logam-kuningan", "gerabah-keramik", "aksesori"},
    "MPP": {"batik", "anyaman", "tenun", "ukir-kayu", "alat-musik", "lukisan", "mainan-permainan"},
}
