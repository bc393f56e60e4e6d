from catalogue.importers import ProductImporter
from catalogue.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import products from a CSV or XLSX file (see docs/import.md)."
    importer_class = ProductImporter
