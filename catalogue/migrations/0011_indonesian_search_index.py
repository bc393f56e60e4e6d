"""Index product text with PostgreSQL's Indonesian stemmer (other databases skip)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def document_index(config):
    # The same expression as catalogue.search.document_vector(), or the index goes unused.
    return GinIndex(
        SearchVector("name_ind", "name_en", "materials_ind", "description_ind", config=config),
        name="product_search_document",
    )


def replace_index(old, new):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        product = apps.get_model("catalogue", "Product")
        schema_editor.remove_index(product, document_index(old))
        schema_editor.add_index(product, document_index(new))

    return replace


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0010_search_synonym")]

    operations = [
        migrations.RunPython(replace_index("simple", "indonesian"), replace_index("indonesian", "simple")),
    ]
