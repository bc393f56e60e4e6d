from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_every_public_url_is_named():
    unnamed = [
        route
        for route, pattern in walk(get_resolver().url_patterns)
        if pattern.name is None and not route.lstrip("^").startswith(("admin/", "media/"))
    ]
    assert unnamed == []
