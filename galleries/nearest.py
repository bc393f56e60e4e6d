"""«Galeri terdekat»: galleries ordered by their distance from a visitor's point."""

import math
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0088
# Two decimal numbers separated by a comma, as the page's own link and form send them.
# ASCII digits only: float() would also read other scripts' digits.
POINT = re.compile(
    r"^\s*(-?[0-9]{1,3}(?:\.[0-9]{1,8})?)\s*,\s*(-?[0-9]{1,3}(?:\.[0-9]{1,8})?)\s*$", re.ASCII
)


class BadPoint(ValueError):
    """A `dekat` value that is not a point on Earth; its message tells the visitor why."""


def parse_point(text):
    """Return (latitude, longitude) from "lat,lng", or raise BadPoint."""
    match = POINT.match(text or "")
    if not match:
        raise BadPoint(
            _(
                "Lokasi “%(value)s” tidak dapat dibaca. Tulis lintang dan bujur, "
                "misalnya -7.56,112.38."
            )
            % {"value": (text or "")[:40]}
        )
    latitude, longitude = float(match[1]), float(match[2])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BadPoint(
            _("Lokasi di luar bumi: lintang harus antara -90 dan 90, bujur antara -180 dan 180.")
        )
    return latitude, longitude


def distance_km(origin, latitude, longitude):
    """Return the great-circle (haversine) distance in km from `origin` to a point."""
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = math.radians(latitude), math.radians(longitude)
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def by_distance(galleries, origin):
    """Return `galleries` nearest first, each with `distance_km`; those without coordinates last."""
    galleries = list(galleries)
    for gallery in galleries:
        gallery.distance_km = (
            distance_km(origin, float(gallery.latitude), float(gallery.longitude))
            if gallery.has_location
            else None
        )
    # sorted() is stable: galleries without coordinates keep their usual order.
    return sorted(galleries, key=lambda g: (g.distance_km is None, g.distance_km or 0))


def format_distance(km):
    """Return a distance as the visitor's language writes it: «850 m», «3,2 km», «41 km»."""
    if km < 1:
        # Tens of metres: a phone's position is rarely better than that.
        return _("%(distance)s m") % {"distance": number_format(int(max(10, round(km * 1000, -1))))}
    decimals = 1 if km < 10 else 0
    return _("%(distance)s km") % {"distance": number_format(round(km, decimals), decimals)}
