from django.shortcuts import render

from .models import BoardTerm, SiteSettings


def about(request):
    """Show what the council is, how to reach it, and its board in the current term."""
    term = BoardTerm.objects.current()
    members = list(term.members.order_by("ordering", "pk")) if term else []
    council = SiteSettings.current()
    return render(
        request,
        "council/about.html",
        {
            "term": term,
            "members": members,
            "organization_ld": council.structured_data(request),
        },
    )
