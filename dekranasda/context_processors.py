from council.models import SiteSettings


def council(request):
    """Expose the council's name, colours, logo and contact to every template."""
    return {"council": SiteSettings.current().as_context()}
