from django.core.management.base import BaseCommand

from dekranasda.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create or update the staff groups Kurator, Editor and Pengelola Galeri."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {', '.join(ROLES)}."))
