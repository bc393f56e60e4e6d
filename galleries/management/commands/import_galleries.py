from catalogue.management.importing import ImportCommand
from galleries.importers import GalleryImporter


class Command(ImportCommand):
    help = "Import galleries from a CSV or XLSX file (see docs/import.md)."
    importer_class = GalleryImporter
