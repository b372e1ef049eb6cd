"""Grant the three roles (staff, leader, administrator) their permissions on rotations,
evaluations and inspection findings (the matrix in registry/roles.py).

cadres' migration 0003_roles granted them until issue 12, which made cadres' migrations
wait for postings'. On a database migrated before, this sets the same grants again and
changes nothing.
"""

from django.db import migrations


def grant_roles(apps, schema_editor):
    from registry.roles import roles_sync

    roles_sync(apps, app_labels=["postings"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cadres", "0003_roles"),
        ("postings", "0007_move_bookkeeping_to_registry"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
