"""Load before serving what the first request of a process would otherwise load.

The URL configuration (with the API's schemas), the cache and database client
libraries, both languages' translations and every template of the site cost a new
process about half a second on its first requests. gunicorn loads the site once in its
master process (`preload_app`) and forks workers from it, including the workers that
replace recycled ones (`max_requests`): loaded there, none of this is paid again, and
no visitor waits behind a cold worker. Nothing here opens a connection, so no
connection is shared across the fork.
"""

from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import engines
from django.urls import get_resolver
from django.utils import translation


def site_templates():
    """Return the names of the site's own templates (third-party ones load when used)."""
    names = set()
    for folder in map(Path, engines["django"].template_dirs):
        if folder.is_relative_to(settings.BASE_DIR) and ".venv" not in folder.parts:
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.is_file() and path.suffix in (".html", ".txt", ".xml")
            )
    return sorted(names)


def warm_up():
    """Load URLs, client libraries, translations and templates."""
    for alias in settings.DATABASES:
        import_module(f"{settings.DATABASES[alias]['ENGINE']}.base")
    for alias in settings.CACHES:
        backend = caches[alias]
        # Building the Redis backend's client opens no connection (its pool connects
        # on first use).
        getattr(backend, "client", None)
    resolver = get_resolver()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # Reads this language's translations and URL patterns (importing every
            # app's URLs the first time).
            resolver.reverse_dict  # noqa: B018
    # Compiled templates are the same in every language.
    for name in site_templates():
        engines["django"].get_template(name)
