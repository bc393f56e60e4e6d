from catalogue.importers import IKMImporter
from catalogue.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import IKM from a CSV or XLSX file (see docs/import.md)."
    importer_class = IKMImporter
