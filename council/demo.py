"""Demo council board and about text for Dekranasda Kabupaten Mojokerto (seed 000)."""

import datetime

from .models import BoardMember, BoardTerm, SiteSettings

ABOUT_IND = (
    "Dewan Kerajinan Nasional Daerah (Dekranasda) Kabupaten Mojokerto membina para perajin "
    "IKM di Bumi Majapahit: dari pelatihan dan pendampingan, perlindungan merek, sampai "
    "pemasaran produk yang lolos kurasi.\n\n"
    "Produk pilihan dapat dilihat langsung di dua Galeri Dekranasda: di Pusat Perkulakan "
    "Sepatu Trowulan (PPST) dan di Mal Pelayanan Publik (MPP) Kabupaten Mojokerto.\n\n"
    "Data di situs ini adalah data contoh (demo)."
)
ABOUT_EN = (
    "The Regional Crafts Council (Dekranasda) of Mojokerto Regency supports the small craft "
    "businesses (IKM) of the former Majapahit heartland: training and mentoring, trademark "
    "protection, and marketing of products that pass curation.\n\n"
    "Selected products can be seen in person at two Dekranasda Galleries: in the Trowulan "
    "Shoe Wholesale Centre (PPST) and in the Public Service Mall (MPP) of Mojokerto Regency.\n\n"
    "The data on this site is demo data."
)

# Seed 000: the board inaugurated on 23 December 2025 for 2025–2030. The seed names the
# deputy secretary only by office, so the demo says so instead of inventing a person.
BOARD = [
    (BoardMember.Position.KETUA, "Shofiya Hanak Al Barra", ""),
    (
        BoardMember.Position.KETUA_HARIAN,
        "Noerhono",
        "Kepala Dinas Perindustrian dan Perdagangan Kabupaten Mojokerto",
    ),
    (
        BoardMember.Position.WAKIL_SEKRETARIS,
        "Nama belum diisi (data contoh)",
        "Sekretaris Dinas Perindustrian dan Perdagangan Kabupaten Mojokerto",
    ),
]


def load_board():
    """Create the demo about text and the 2025–2030 board, idempotently."""
    if not SiteSettings.objects.exists():
        SiteSettings(**SiteSettings.defaults(), about_ind=ABOUT_IND, about_en=ABOUT_EN).save()
    term, _created = BoardTerm.objects.update_or_create(
        start_year=2025,
        defaults={"end_year": 2030, "inaugurated_on": datetime.date(2025, 12, 23)},
    )
    for position, name, affiliation in BOARD:
        BoardMember.objects.update_or_create(
            term=term, position=position, defaults={"name": name, "affiliation": affiliation}
        )
    return term
