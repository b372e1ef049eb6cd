"""The data version and the import log now belong to the shared core (`registry`).

Their rows are copied into the core's tables, then the old tables are dropped. The import
log's permissions follow their model to the new content type.
"""

from django.core.management.color import no_style
from django.db import migrations


def copy_rows(apps, schema_editor):
    for name in ("DataVersion", "ImportBatch"):
        old = apps.get_model("postings", name)
        new = apps.get_model("registry", name)
        fields = [field.attname for field in new._meta.concrete_fields]
        new.objects.bulk_create(
            new(**{field: getattr(row, field) for field in fields}) for row in old.objects.all()
        )
        # Rows kept their keys: the next new row must not collide with them.
        sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [new])
        with schema_editor.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def move_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in ("dataversion", "importbatch"):
        old = ContentType.objects.filter(app_label="postings", model=model).first()
        if old is None:
            continue
        new, _ = ContentType.objects.get_or_create(app_label="registry", model=model)
        for permission in Permission.objects.filter(content_type=old):
            if not Permission.objects.filter(
                content_type=new, codename=permission.codename
            ).exists():
                permission.content_type = new
                permission.save(update_fields=["content_type"])
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("registry", "0001_initial"),
        ("postings", "0006_list_indexes"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.RunPython(move_permissions, migrations.RunPython.noop),
        migrations.DeleteModel(name="ImportBatch"),
        migrations.DeleteModel(name="DataVersion"),
    ]
