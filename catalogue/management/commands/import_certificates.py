from catalogue.importers import BrandCertificateImporter
from catalogue.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import brand certificates from a CSV or XLSX file (see docs/import.md)."
    importer_class = BrandCertificateImporter
