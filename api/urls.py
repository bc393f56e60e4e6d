from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _

from .api import api


def index(request):
    """Point to the API's description and its documentation."""
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        }
    )


def unknown_endpoint(request):
    """Answer a path under the API that names no endpoint, in JSON like the rest."""
    return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)


urlpatterns = [
    path("v1/", index, name="api-index"),
    path("v1/", api.urls),
    re_path(r"^", unknown_endpoint, name="api-unknown"),
]
