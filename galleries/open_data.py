"""Galleries as open data for partners: GeoJSON features and CSV rows."""

from . import hours as opening

CSV_COLUMNS = [
    "code",
    "name",
    "host_venue",
    "address",
    "kecamatan",
    "latitude",
    "longitude",
    "opening_hours",
    "hours_today",
    "status",
    "contact_person",
    "phone",
    "whatsapp",
    "email",
    "url",
]

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Return free text that a spreadsheet will show rather than evaluate."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def properties(gallery, request):
    """Return what partners need to know about a gallery, as plain JSON values."""
    status = gallery.status
    return {
        "code": gallery.code,
        "name": gallery.name,
        "host_venue": gallery.host_venue,
        "address": gallery.address,
        "kecamatan": gallery.kecamatan.name,
        "opening_hours": opening.osm_opening_hours(gallery.hours.all()),
        "hours_today": gallery.hours_today,
        "open_now": status.is_open,
        "status": status.text,
        "closures": [
            {
                "start_date": closure.start_date.isoformat(),
                "end_date": closure.end_date.isoformat(),
                "reason": closure.reason,
            }
            for closure in gallery.upcoming_closures
        ],
        "contact_person": gallery.contact_person,
        "phone": gallery.phone,
        "whatsapp": gallery.whatsapp,
        "email": gallery.email,
        "url": request.build_absolute_uri(gallery.get_absolute_url()),
    }


def feature(gallery, request):
    geometry = None
    if gallery.has_location:
        # GeoJSON (RFC 7946) puts longitude first.
        geometry = {
            "type": "Point",
            "coordinates": [float(gallery.longitude), float(gallery.latitude)],
        }
    return {
        "type": "Feature",
        "id": gallery.slug,
        "geometry": geometry,
        "properties": properties(gallery, request),
    }


def feature_collection(galleries, request):
    return {"type": "FeatureCollection", "features": [feature(g, request) for g in galleries]}


def csv_row(gallery, request):
    data = properties(gallery, request)
    data["latitude"] = "" if gallery.latitude is None else str(gallery.latitude)
    data["longitude"] = "" if gallery.longitude is None else str(gallery.longitude)
    row = []
    for column in CSV_COLUMNS:
        value = data[column]
        if column in ("name", "host_venue", "address", "contact_person", "status"):
            value = spreadsheet_safe(value)
        row.append(value)
    return row
