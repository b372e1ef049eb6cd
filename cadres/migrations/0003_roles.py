"""Create the three roles (staff, leader, administrator) with their permissions on cadres'
models, accounts and login attempts; postings' migration 0008_roles grants the rotations'.

Until issue 12 this migration granted the rotations' permissions too, and so waited for
postings' tables: databases migrated then hold every grant already."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from registry.roles import roles_sync

    roles_sync(apps, app_labels=["auth", "axes", "cadres"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("cadres", "0002_search_trigram_indexes"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
