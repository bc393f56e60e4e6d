"""Opening hours of a gallery: open now, the next opening, today's and the week's hours.

Everything works on rows already in memory (a gallery's prefetched `hours` and
`closures`), so a list of galleries costs no query per gallery. Times are local
Asia/Jakarta time (settings.TIME_ZONE), which has had no daylight saving since 1964.

An OpeningHours row is one interval [opens, closes) on a weekday; a day may have
several. A Closure closes the gallery for whole days from start_date to end_date.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

# How far ahead to look for the next opening: long enough for a closure over the
# Lebaran holidays, short enough to stay cheap.
HORIZON_DAYS = 45

OPEN = "open"
CLOSED = "closed"
CLOSURE = "closure"
UNKNOWN = "unknown"


def format_time(value):
    """Return `value` as 08.00 in Indonesian and 08:00 in other languages."""
    separator = "." if translation.get_language() in (None, "id") else ":"
    return value.strftime(f"%H{separator}%M")


def format_interval(opens, closes):
    return f"{format_time(opens)}–{format_time(closes)}"


def weekly(hours):
    """Return {weekday: [(opens, closes), …]} for all 7 days, intervals in time order."""
    days = {day: [] for day in range(7)}
    for row in hours:
        days[row.weekday].append((row.opens, row.closes))
    for intervals in days.values():
        intervals.sort()
    return days


def closure_on(closures, day):
    """Return the closure covering `day`, or None."""
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            return closure
    return None


def upcoming_closures(closures, today):
    """Return closures not yet over on `today`, the soonest first."""
    return sorted(
        (c for c in closures if c.end_date >= today), key=lambda c: (c.start_date, c.end_date)
    )


def next_opening(days, closures, now):
    """Return the local datetime the gallery next opens after `now`, or None."""
    today = now.date()
    for offset in range(HORIZON_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        if closure_on(closures, day):
            continue
        for opens, _closes in days[day.weekday()]:
            if offset or opens > now.time():
                return datetime.datetime.combine(day, opens, tzinfo=now.tzinfo)
    return None


@dataclass(frozen=True)
class Status:
    """Whether a gallery is open at a moment, and what a visitor should read about it."""

    state: str
    now: datetime.datetime
    closes_at: datetime.time | None = None
    next_open: datetime.datetime | None = None
    closure: object = None

    @property
    def is_open(self):
        return self.state == OPEN

    @property
    def headline(self):
        """Return the short state for a badge: open now, closed, closed today: reason."""
        if self.state == OPEN:
            return _("Buka sekarang")
        if self.state == CLOSURE:
            reason = getattr(self.closure, "reason", "")
            if reason:
                return _("Tutup hari ini: %(reason)s") % {"reason": reason}
            return _("Tutup hari ini")
        if self.state == CLOSED:
            return _("Tutup")
        return _("Jam buka belum diumumkan")

    @property
    def detail(self):
        """Return until when it is open, or when it opens next; empty when unknown."""
        if self.state == OPEN:
            return _("sampai %(time)s") % {"time": format_time(self.closes_at)}
        if self.state == UNKNOWN:
            return ""
        if self.next_open is None:
            return _("belum ada jadwal buka")
        time = format_time(self.next_open.time())
        days_ahead = (self.next_open.date() - self.now.date()).days
        if days_ahead == 0:
            return _("buka pukul %(time)s") % {"time": time}
        if days_ahead == 1:
            return _("buka besok pukul %(time)s") % {"time": time}
        if days_ahead < 7:
            day = WEEKDAYS[self.next_open.weekday()]
            return _("buka %(day)s pukul %(time)s") % {"day": day, "time": time}
        day = formats.date_format(self.next_open.date(), "l, j F")
        return _("buka %(day)s pukul %(time)s") % {"day": day, "time": time}

    @property
    def text(self):
        """Return the whole state as one sentence, e.g. “Tutup, buka besok pukul 08.00”."""
        detail = self.detail
        return f"{self.headline}, {detail}" if detail else str(self.headline)

    def __str__(self):
        return self.text


def local(when=None):
    """Return `when` (default now) as an aware Asia/Jakarta datetime."""
    when = when or timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return timezone.localtime(when)


def status_at(hours, closures, when=None):
    """Return the Status of a gallery with these hours and closures at `when` (default now)."""
    now = local(when)
    hours, closures = list(hours), list(closures)
    if not hours:
        return Status(UNKNOWN, now)
    days = weekly(hours)
    closure = closure_on(closures, now.date())
    if closure is None:
        for opens, closes in days[now.weekday()]:
            if opens <= now.time() < closes:
                return Status(OPEN, now, closes_at=closes)
    following = next_opening(days, closures, now)
    if closure is not None:
        return Status(CLOSURE, now, next_open=following, closure=closure)
    return Status(CLOSED, now, next_open=following)


def hours_text_on(hours, closures, day):
    """Return the hours on `day` as “08.00–11.00, 13.00–15.00”, “Tutup”, or "" if none entered."""
    hours = list(hours)
    if not hours:
        return ""
    closure = closure_on(closures, day)
    if closure is not None:
        return (
            _("Tutup (%(reason)s)") % {"reason": closure.reason} if closure.reason else _("Tutup")
        )
    intervals = weekly(hours)[day.weekday()]
    if not intervals:
        return _("Tutup")
    return ", ".join(format_interval(opens, closes) for opens, closes in intervals)


@dataclass(frozen=True)
class Day:
    """One row of the weekly hours table."""

    weekday: int
    name: str
    intervals: list
    is_today: bool

    @property
    def text(self):
        if not self.intervals:
            return _("Tutup")
        return ", ".join(format_interval(opens, closes) for opens, closes in self.intervals)


def week_table(hours, today=None):
    """Return seven Day rows, Monday first, marking today's; empty if no hours are entered."""
    hours = list(hours)
    if not hours:
        return []
    today = today or timezone.localdate()
    return [
        Day(weekday, str(WEEKDAYS[weekday]), intervals, weekday == today.weekday())
        for weekday, intervals in weekly(hours).items()
    ]


OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def osm_opening_hours(hours):
    """Return the hours in OpenStreetMap's opening_hours syntax, e.g. “Mo-Th 08:00-15:00”."""
    groups = []  # [first_day, last_day, intervals_text]
    for weekday, intervals in weekly(hours).items():
        if not intervals:
            continue
        text = ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in intervals)
        if groups and groups[-1][2] == text and groups[-1][1] == weekday - 1:
            groups[-1][1] = weekday
        else:
            groups.append([weekday, weekday, text])
    parts = []
    for first, last, text in groups:
        days = OSM_DAYS[first] if first == last else f"{OSM_DAYS[first]}-{OSM_DAYS[last]}"
        parts.append(f"{days} {text}")
    return "; ".join(parts)
