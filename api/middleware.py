"""Open the API to every website, in the language the caller asks for."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation

API_PATH_PREFIX = "/api/"
ALLOWED_METHODS = "GET, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, If-None-Match"


class ApiMiddleware:
    """Add `Access-Control-Allow-Origin: *` to API responses, answer preflight requests,
    and switch the language of texts and page addresses to `?lang=`.

    The API is read-only and sends no cookies, so opening it to every origin
    exposes nothing a plain GET does not. Its paths carry no language prefix,
    so the language comes from the query string (the default language otherwise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PATH_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        else:
            language = request.GET.get("lang")
            if language not in dict(settings.LANGUAGES):
                language = translation.get_language()
            request.LANGUAGE_CODE = language
            with translation.override(language):
                response = self.get_response(request)
            response["Content-Language"] = language
        response["Access-Control-Allow-Origin"] = "*"
        return response
