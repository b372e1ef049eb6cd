"""Grant the three roles their permissions on decisions, rotation plans and plan items
(the matrix in registry/roles.py); the grants on other models stay as they are."""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from registry.roles import roles_sync

    roles_sync(apps, app_labels=["postings"])


class Migration(migrations.Migration):
    dependencies = [("postings", "0012_link_decisions")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
