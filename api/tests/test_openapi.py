import re

import pytest
import schemathesis
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalogue.tests.factories import BrandCertificateFactory, ProductFactory
from dekranasda.wsgi import application

ENDPOINTS = {
    "/api/v1/products",
    "/api/v1/products/{slug}",
    "/api/v1/ikm",
    "/api/v1/ikm/{slug}",
    "/api/v1/galleries",
    "/api/v1/galleries/{slug}",
    "/api/v1/categories",
    "/api/v1/categories/{slug}",
    "/api/v1/sentra",
    "/api/v1/sentra/{slug}",
    "/api/v1/kecamatan",
    "/api/v1/kecamatan/{slug}",
}


def test_openapi_document_is_valid_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert set(document["paths"]) == ENDPOINTS
    for path, operations in document["paths"].items():
        assert list(operations) == ["get"], path
        responses = operations["get"]["responses"]
        assert {"200", "400"} <= set(responses), path
        if "{slug}" in path:
            assert "404" in responses, path


def test_every_api_route_is_in_the_openapi_document(client):
    documented = {
        re.sub(r"\{(\w+)\}", r"<\1>", path)
        for path in client.get("/api/v1/openapi.json").json()["paths"]
    }

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield "/" + prefix + str(pattern.pattern)

    api_routes = {
        re.sub(r"<\w+:(\w+)>", r"<\1>", route)
        for route in routes(get_resolver().url_patterns)
        if route.startswith("/api/v1/")
        and route != "/api/v1/"
        and "openapi" not in route
        and "docs" not in route
    }
    assert api_routes == documented


def test_api_routes_are_named():
    assert reverse("api-v1:product_list") == "/api/v1/products"
    assert reverse("api-v1:product_detail", args=["tas"]) == "/api/v1/products/tas"


def test_interactive_docs_load_nothing_from_other_sites(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def catalogue(db, keep_test_connection):
    """A little published and unpublished data, so that lists are not all empty."""
    BrandCertificateFactory(ikm=ProductFactory(slug="tas-pandan").ikm)
    ProductFactory(status="draft")
    ProductFactory(ikm__is_public=False)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_openapi_document(catalogue, case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
