import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What gunicorn's master process does before it forks workers: import the WSGI module.
PROBE = """
import json
import sys
from dekranasda.wsgi import application
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from dekranasda.warmup import site_templates

loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "templates": site_templates(),
    "compiled": sorted(loader.get_template_cache),
    "connections": [c.connection is not None for c in connections.all(initialized_only=True)],
    "languages": sorted(get_resolver()._reverse_dict),
    "modules": [m for m in ("redis", "psycopg", "ninja", "api.api") if m in sys.modules],
}))
"""


def test_the_site_is_loaded_before_the_first_request_without_connecting():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dekranasda.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",  # never reached
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    result = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert {"base.html", "catalogue/product_list.html", "404.html"} <= set(loaded["templates"])
    assert set(loaded["templates"]) <= set(loaded["compiled"])
    assert not any(loaded["connections"])
    assert {"id", "en"} <= set(loaded["languages"])
    assert loaded["modules"] == ["redis", "psycopg", "ninja", "api.api"]
