from django.conf import settings


def council(request):
    """Expose the council's name, colours and contact to every template."""
    return {"council": settings.COUNCIL}
