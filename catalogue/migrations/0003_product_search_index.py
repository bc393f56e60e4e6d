"""Full-text and trigram indexes for product search (PostgreSQL only; other databases skip)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def document_vector():
    # The same expression as catalogue.search.document_vector(), or the index goes unused.
    return SearchVector("name_ind", "name_en", "materials_ind", "description_ind", config="simple")


def indexes():
    return [
        ("Product", GinIndex(document_vector(), name="product_search_document")),
        ("Product", GinIndex(OpClass("name_ind", name="gin_trgm_ops"), name="product_name_trgm")),
        ("IKM", GinIndex(OpClass("name", name="gin_trgm_ops"), name="ikm_name_trgm")),
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in indexes():
        schema_editor.add_index(apps.get_model("catalogue", model_name), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in indexes():
        schema_editor.remove_index(apps.get_model("catalogue", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_change_history")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
