"""Staff roles as Django groups, kept in step with this table on every migrate."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

KURATOR = "Kurator"
EDITOR = "Editor"
PENGELOLA_GALERI = "Pengelola Galeri"

_EDIT = ("view", "add", "change")

ROLES = {
    # Prepares IKM profiles and products and submits them for curation.
    EDITOR: {
        "catalogue.ikm": _EDIT,
        "catalogue.product": _EDIT,
        "catalogue.productrevision": ("view",),
        "catalogue.productimage": (*_EDIT, "delete"),
        "catalogue.brandcertificate": (*_EDIT, "delete"),
        "catalogue.category": ("view",),
        "catalogue.sentra": ("view",),
        "catalogue.kecamatan": ("view",),
        "catalogue.producttransition": ("view",),
        "galleries.gallery": ("view",),
        "galleries.display": ("view",),
    },
    # Everything an editor does, plus deciding what is published and featured.
    KURATOR: {
        "catalogue.ikm": (*_EDIT, "publish"),
        "catalogue.product": (*_EDIT, "approve"),
        "catalogue.productrevision": ("view",),
        "catalogue.productimage": (*_EDIT, "delete"),
        "catalogue.brandcertificate": (*_EDIT, "delete"),
        "catalogue.category": _EDIT,
        "catalogue.sentra": _EDIT,
        "catalogue.kecamatan": _EDIT,
        "catalogue.searchsynonym": _EDIT,
        "catalogue.producttransition": ("view",),
        "galleries.gallery": ("view",),
        "galleries.display": ("view",),
        # The council's public face: name, colours, contact, about text and board.
        "council.sitesettings": _EDIT,
        "council.boardterm": (*_EDIT, "delete"),
        "council.boardmember": (*_EDIT, "delete"),
    },
    # Runs the showrooms: hours, closures, what is on the shelves.
    PENGELOLA_GALERI: {
        "galleries.gallery": _EDIT,
        "galleries.openinghours": (*_EDIT, "delete"),
        "galleries.closure": (*_EDIT, "delete"),
        "galleries.display": (*_EDIT, "delete"),
        "catalogue.product": ("view",),
        "catalogue.ikm": ("view",),
        "catalogue.kecamatan": ("view",),
    },
}


def codename(model_label, action):
    model = model_label.split(".")[1]
    return f"{action}_{model}"


def sync_roles(**kwargs):
    """Create or update the staff groups so they hold exactly their permissions."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for model_label, actions in grants.items():
            app_label = model_label.split(".")[0]
            for action in actions:
                wanted.append(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=codename(model_label, action),
                    )
                )
        group.permissions.set(wanted)
