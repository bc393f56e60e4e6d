"""schema.org descriptions of galleries for search engines (JSON-LD)."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Keep "</script>" and friends out of the element, as Django's json_script does.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def opening_hours_specification(gallery):
    specs = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[row.weekday]}",
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in gallery.hours.all()
    ]
    # schema.org marks a closed day as opening and closing at midnight.
    specs += [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": closure.start_date.isoformat(),
            "validThrough": closure.end_date.isoformat(),
        }
        for closure in gallery.upcoming_closures
    ]
    return specs


def store(gallery, request):
    """Return the gallery as a schema.org Store."""
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "@id": request.build_absolute_uri(gallery.get_absolute_url()),
        "name": gallery.name,
        "url": request.build_absolute_uri(gallery.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": gallery.address,
            "addressLocality": gallery.kecamatan.name,
            "addressRegion": settings.COUNCIL["province"],
            "addressCountry": "ID",
        },
        "openingHoursSpecification": opening_hours_specification(gallery),
        "parentOrganization": {"@type": "Organization", "name": settings.COUNCIL["name"]},
    }
    if gallery.description:
        data["description"] = gallery.description
    if gallery.host_venue:
        data["containedInPlace"] = {"@type": "Place", "name": gallery.host_venue}
    if gallery.has_location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(gallery.latitude),
            "longitude": float(gallery.longitude),
        }
        data["hasMap"] = gallery.osm_url
    if gallery.phone or gallery.whatsapp:
        data["telephone"] = gallery.phone or gallery.whatsapp
    if gallery.email:
        data["email"] = gallery.email
    if gallery.photo:
        data["image"] = request.build_absolute_uri(gallery.photo.url)
    return data


def store_jsonld(gallery, request):
    """Return the Store description as safe text for a <script type="application/ld+json">."""
    text = json.dumps(store(gallery, request), ensure_ascii=False, indent=None)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
