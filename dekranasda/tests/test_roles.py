import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from dekranasda import roles


@pytest.mark.django_db
def test_roles_exist_after_migrate_with_their_permissions():
    kurator = Group.objects.get(name=roles.KURATOR)
    editor = Group.objects.get(name=roles.EDITOR)
    galeri = Group.objects.get(name=roles.PENGELOLA_GALERI)
    kurator_perms = set(kurator.permissions.values_list("codename", flat=True))
    editor_perms = set(editor.permissions.values_list("codename", flat=True))
    galeri_perms = set(galeri.permissions.values_list("codename", flat=True))
    assert "approve_product" in kurator_perms
    assert "approve_product" not in editor_perms
    assert {"add_product", "change_product", "add_ikm"} <= editor_perms
    assert "delete_product" not in editor_perms | kurator_perms
    assert {"change_gallery", "add_display", "add_openinghours", "add_closure"} <= galeri_perms
    assert not {"add_product", "change_product", "change_ikm"} & galeri_perms


@pytest.mark.django_db
def test_setup_roles_restores_permissions_removed_by_hand():
    editor = Group.objects.get(name=roles.EDITOR)
    editor.permissions.clear()
    call_command("setup_roles")
    assert editor.permissions.filter(codename="change_product").exists()
