from django import template

from dekranasda.dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("admin/dashboard/dashboard.html", takes_context=True)
def admin_dashboard(context):
    """Render the dashboard sections the signed-in user's role may see."""
    request = context["request"]
    return {**dashboard_for(request.user), "council": context.get("council")}
