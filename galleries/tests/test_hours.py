import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import translation

from galleries import hours
from galleries.models import Gallery

from .factories import OFFICE_HOURS, ClosureFactory, GalleryFactory, add_hours

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
UTC = datetime.timezone.utc

ROWS = [SimpleNamespace(weekday=d, opens=o, closes=c) for d, o, c in OFFICE_HOURS]


def at(day, hour, minute=0, second=0, tz=WIB):
    """Return a moment in March 2026; 16 March 2026 is a Monday."""
    return datetime.datetime(2026, 3, day, hour, minute, second, tzinfo=tz)


def closure(start, end, reason="Hari Raya Nyepi"):
    return SimpleNamespace(
        start_date=datetime.date(2026, 3, start),
        end_date=datetime.date(2026, 3, end),
        reason=reason,
    )


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (at(16, 10), "Buka sekarang, sampai 15.00"),
        (at(16, 8), "Buka sekarang, sampai 15.00"),
        (at(16, 7, 30), "Tutup, buka pukul 08.00"),
        (at(16, 15), "Tutup, buka besok pukul 08.00"),
        (at(16, 23, 59), "Tutup, buka besok pukul 08.00"),
        # Friday: two intervals around Friday prayers.
        (at(20, 10, 59), "Buka sekarang, sampai 11.00"),
        (at(20, 11), "Tutup, buka pukul 13.00"),
        (at(20, 12, 59, 59), "Tutup, buka pukul 13.00"),
        (at(20, 13), "Buka sekarang, sampai 15.00"),
        (at(20, 15, 30), "Tutup, buka besok pukul 08.00"),
        # Saturday afternoon: Sunday is closed, so Monday is next.
        (at(21, 13), "Tutup, buka Senin pukul 08.00"),
        (at(22, 9), "Tutup, buka besok pukul 08.00"),
    ],
)
def test_status_through_the_week(when, expected):
    assert hours.status_at(ROWS, [], when).text == expected


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # 01:30 UTC is 08:30 in Jakarta (UTC+7) on the same Monday.
        (at(16, 1, 30, tz=UTC), "Buka sekarang, sampai 15.00"),
        # 23:30 UTC on Sunday is already Monday 06:30 in Jakarta.
        (at(15, 23, 30, tz=UTC), "Tutup, buka pukul 08.00"),
        # 08:00 UTC is 15:00 in Jakarta: just closed.
        (at(16, 8, tz=UTC), "Tutup, buka besok pukul 08.00"),
    ],
)
def test_status_is_computed_in_jakarta_time(when, expected):
    assert hours.status_at(ROWS, [], when).text == expected


def test_no_hours_entered_means_hours_not_announced():
    status = hours.status_at([], [closure(16, 16)], at(16, 10))

    assert status.state == hours.UNKNOWN
    assert not status.is_open
    assert status.text == "Jam buka belum diumumkan"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # Closed Wednesday 18 to Monday 23 March: opens again on Tuesday 24.
        (at(18, 10), "Tutup hari ini: Hari Raya Nyepi, buka Selasa pukul 08.00"),
        (at(21, 9), "Tutup hari ini: Hari Raya Nyepi, buka Selasa pukul 08.00"),
        (at(23, 7), "Tutup hari ini: Hari Raya Nyepi, buka besok pukul 08.00"),
        # The day before, after closing: a week away, so the date is given.
        (at(17, 16), "Tutup, buka Selasa, 24 Maret pukul 08.00"),
        (at(17, 9), "Buka sekarang, sampai 15.00"),
        (at(24, 8), "Buka sekarang, sampai 15.00"),
    ],
)
def test_closure_spanning_days(when, expected):
    assert hours.status_at(ROWS, [closure(18, 23)], when).text == expected


def test_closure_without_reason_and_no_opening_in_sight():
    long_closure = SimpleNamespace(
        start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 6, 30), reason=""
    )

    status = hours.status_at(ROWS, [long_closure], at(16, 10))

    assert status.state == hours.CLOSURE
    assert status.next_open is None
    assert status.text == "Tutup hari ini, belum ada jadwal buka"


def test_next_opening_is_a_jakarta_datetime():
    status = hours.status_at(ROWS, [], at(21, 13))

    assert status.next_open == at(23, 8)
    assert status.next_open.utcoffset() == datetime.timedelta(hours=7)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (16, "08.00–15.00"),
        (20, "08.00–11.00, 13.00–15.00"),
        (22, "Tutup"),
        (18, "Tutup (Hari Raya Nyepi)"),
    ],
)
def test_hours_text_on_a_day(day, expected):
    text = hours.hours_text_on(ROWS, [closure(18, 19)], datetime.date(2026, 3, day))

    assert text == expected


def test_hours_text_is_empty_without_hours():
    assert hours.hours_text_on([], [], datetime.date(2026, 3, 16)) == ""


def test_week_table_lists_seven_days_and_marks_today():
    week = hours.week_table(ROWS, today=datetime.date(2026, 3, 20))

    assert [day.name for day in week] == [
        "Senin",
        "Selasa",
        "Rabu",
        "Kamis",
        "Jumat",
        "Sabtu",
        "Minggu",
    ]
    assert [day.text for day in week if day.is_today] == ["08.00–11.00, 13.00–15.00"]
    assert week[6].text == "Tutup"
    assert hours.week_table([], today=datetime.date(2026, 3, 20)) == []


def test_times_use_a_colon_in_english():
    with translation.override("en"):
        assert hours.hours_text_on(ROWS, [], datetime.date(2026, 3, 16)) == "08:00–15:00"


def test_osm_opening_hours_groups_equal_days():
    assert hours.osm_opening_hours(ROWS) == (
        "Mo-Th 08:00-15:00; Fr 08:00-11:00,13:00-15:00; Sa 08:00-12:00"
    )


@pytest.mark.django_db
@time_machine.travel(at(20, 11, 30), tick=False)
def test_gallery_status_from_prefetched_rows_costs_no_query(django_assert_num_queries):
    gallery = add_hours(GalleryFactory())
    ClosureFactory(
        gallery=gallery, start_date=datetime.date(2026, 3, 21), end_date=at(21, 0).date()
    )
    ClosureFactory(gallery=gallery, start_date=datetime.date(2026, 1, 1), end_date=at(1, 0).date())

    with django_assert_num_queries(3):
        loaded = Gallery.objects.active().with_hours().get(pk=gallery.pk)
    with django_assert_num_queries(0):
        assert loaded.status.text == "Tutup, buka pukul 13.00"
        assert loaded.hours_today == "08.00–11.00, 13.00–15.00"
        assert [c.start_date for c in loaded.upcoming_closures] == [datetime.date(2026, 3, 21)]
        assert loaded.status_at(at(20, 16)).text == "Tutup, buka Senin pukul 08.00"


@pytest.mark.django_db
def test_inactive_galleries_are_not_active():
    GalleryFactory(is_active=False)

    assert not Gallery.objects.active().exists()
