import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Start each test in the site's language, whatever an earlier request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def keep_test_connection():
    """Keep the test's database connection open across requests sent straight to WSGI.

    Django's test client does the same; a real request closes old connections,
    which would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
