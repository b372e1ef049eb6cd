"""Create the three roles (staff, leader, administrator) with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from registry.roles import roles_sync

    roles_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("cadres", "0002_search_trigram_indexes"),
        ("postings", "0002_database_rules"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
