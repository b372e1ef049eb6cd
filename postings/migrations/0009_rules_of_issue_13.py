# The rules of issue 13: target group and management level, the direction chosen by hand
# kept apart from the units' direction, working time left in whole months.

from importlib import import_module

from django.db import migrations, models
from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round

LEVEL_DIRECTIONS = {
    ("district", "commune"): "district_to_commune",
    ("commune", "district"): "commune_to_district",
    ("province", "district"): "province_to_district",
    ("district", "province"): "district_to_province",
    ("province", "commune"): "province_to_commune",
    ("commune", "province"): "commune_to_province",
}
MIGRATED_REASON = (
    "Hướng đã ghi trước ngày tách “hướng chọn tay” khỏi hướng suy ra từ hai đơn vị, và khác "
    "hướng suy ra: cần xem lại (chuyển đổi dữ liệu)."
)


def derived(from_level, from_locality, to_level, to_locality):
    if from_level != to_level:
        return LEVEL_DIRECTIONS[(from_level, to_level)]
    if from_locality and from_locality == to_locality:
        return "horizontal"
    return "between_localities"


def carry_over(apps, schema_editor):
    """Months from the years kept so far; a stored direction unlike the units' is an override."""
    Posting = apps.get_model("postings", "Posting")
    Posting.objects.filter(working_years_left_at_start__isnull=False).update(
        working_months_left_at_start=Cast(
            Round(F("working_years_left_at_start") * 12), IntegerField()
        )
    )
    rows = Posting.objects.values_list(
        "pk",
        "direction",
        "from_unit__level",
        "from_unit__locality_id",
        "to_unit__level",
        "to_unit__locality_id",
    )
    changed = []
    for pk, direction, *units in rows.iterator(chunk_size=5000):
        units_say = derived(*units)
        if direction == units_say:
            continue
        posting = Posting(pk=pk, direction=units_say)
        if direction:
            posting.direction = posting.direction_override = direction
            posting.direction_reason = MIGRATED_REASON
        changed.append(posting)
    fields = ["direction", "direction_override", "direction_reason"]
    Posting.objects.bulk_update(changed, fields, batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":
        # The updates queued the deferred foreign-key checks; run them now, or PostgreSQL
        # refuses the ALTER TABLE that follows ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds a table it alters, dropping its triggers: create the database rules
    of 0002 again (PostgreSQL keeps its own)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    rules = import_module("postings.migrations.0002_database_rules")
    for statement in [*rules.SQLITE_BACKWARD, *rules.SQLITE_FORWARD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('postings', '0008_roles'),
    ]

    operations = [
        # Reversed, this runs last: the triggers come back once the table is rebuilt.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers),
        migrations.AddField(
            model_name='historicalposting',
            name='direction_override',
            field=models.CharField(blank=True, choices=[('district_to_commune', 'district → commune'), ('commune_to_district', 'commune → district'), ('province_to_district', 'province → district'), ('district_to_province', 'district → province'), ('province_to_commune', 'province → commune'), ('commune_to_province', 'commune → province'), ('horizontal', 'horizontal, between bodies of one level'), ('between_localities', 'between localities')], db_default='', default='', help_text='Leave empty: the direction follows the two units. Choose one only where the units do not tell it, and give the reason.', max_length=30, verbose_name='direction chosen by hand'),
        ),
        migrations.AddField(
            model_name='historicalposting',
            name='direction_reason',
            field=models.TextField(blank=True, db_default='', default='', verbose_name='reason for the direction chosen'),
        ),
        migrations.AddField(
            model_name='historicalposting',
            name='management_level',
            field=models.CharField(blank=True, choices=[('central', 'managed by the Central Committee'), ('province', 'managed by the provincial Party Committee'), ('district', 'managed by the district Party Standing Board')], db_default='', default='', max_length=20, verbose_name='management level'),
        ),
        migrations.AddField(
            model_name='historicalposting',
            name='target_group',
            field=models.CharField(blank=True, choices=[('planned', 'planned cadre, trained in practice'), ('key_leader', 'key leader who is not a local'), ('two_terms', 'cadre at the end of a two-term limit'), ('other', 'other')], db_default='', default='', help_text='For a key leader who is not a local, or a cadre at a two-term limit, one term of working time left suffices.', max_length=20, verbose_name='target group'),
        ),
        migrations.AddField(
            model_name='historicalposting',
            name='working_months_left_at_start',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='working time left at the start, in months'),
        ),
        migrations.AddField(
            model_name='posting',
            name='direction_override',
            field=models.CharField(blank=True, choices=[('district_to_commune', 'district → commune'), ('commune_to_district', 'commune → district'), ('province_to_district', 'province → district'), ('district_to_province', 'district → province'), ('province_to_commune', 'province → commune'), ('commune_to_province', 'commune → province'), ('horizontal', 'horizontal, between bodies of one level'), ('between_localities', 'between localities')], db_default='', default='', help_text='Leave empty: the direction follows the two units. Choose one only where the units do not tell it, and give the reason.', max_length=30, verbose_name='direction chosen by hand'),
        ),
        migrations.AddField(
            model_name='posting',
            name='direction_reason',
            field=models.TextField(blank=True, db_default='', default='', verbose_name='reason for the direction chosen'),
        ),
        migrations.AddField(
            model_name='posting',
            name='management_level',
            field=models.CharField(blank=True, choices=[('central', 'managed by the Central Committee'), ('province', 'managed by the provincial Party Committee'), ('district', 'managed by the district Party Standing Board')], db_default='', default='', max_length=20, verbose_name='management level'),
        ),
        migrations.AddField(
            model_name='posting',
            name='target_group',
            field=models.CharField(blank=True, choices=[('planned', 'planned cadre, trained in practice'), ('key_leader', 'key leader who is not a local'), ('two_terms', 'cadre at the end of a two-term limit'), ('other', 'other')], db_default='', default='', help_text='For a key leader who is not a local, or a cadre at a two-term limit, one term of working time left suffices.', max_length=20, verbose_name='target group'),
        ),
        migrations.AddField(
            model_name='posting',
            name='working_months_left_at_start',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='working time left at the start, in months'),
        ),
        migrations.AlterField(
            model_name='historicalposting',
            name='actual_end',
            field=models.DateField(blank=True, help_text='Required with an outcome that ends the rotation; for “kept at the destination”, the date of that decision.', null=True, verbose_name='actual end'),
        ),
        migrations.AlterField(
            model_name='historicalposting',
            name='direction',
            field=models.CharField(blank=True, choices=[('district_to_commune', 'district → commune'), ('commune_to_district', 'commune → district'), ('province_to_district', 'province → district'), ('district_to_province', 'district → province'), ('province_to_commune', 'province → commune'), ('commune_to_province', 'commune → province'), ('horizontal', 'horizontal, between bodies of one level'), ('between_localities', 'between localities')], editable=False, max_length=30, verbose_name='direction'),
        ),
        migrations.AlterField(
            model_name='historicalposting',
            name='in_planning_at_start',
            field=models.BooleanField(default=False, editable=False, verbose_name='in the succession plan at the start'),
        ),
        migrations.AlterField(
            model_name='posting',
            name='actual_end',
            field=models.DateField(blank=True, help_text='Required with an outcome that ends the rotation; for “kept at the destination”, the date of that decision.', null=True, verbose_name='actual end'),
        ),
        migrations.AlterField(
            model_name='posting',
            name='direction',
            field=models.CharField(blank=True, choices=[('district_to_commune', 'district → commune'), ('commune_to_district', 'commune → district'), ('province_to_district', 'province → district'), ('district_to_province', 'district → province'), ('province_to_commune', 'province → commune'), ('commune_to_province', 'commune → province'), ('horizontal', 'horizontal, between bodies of one level'), ('between_localities', 'between localities')], editable=False, max_length=30, verbose_name='direction'),
        ),
        migrations.AlterField(
            model_name='posting',
            name='in_planning_at_start',
            field=models.BooleanField(default=False, editable=False, verbose_name='in the succession plan at the start'),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalposting',
            name='working_years_left_at_start',
        ),
        migrations.RemoveField(
            model_name='posting',
            name='working_years_left_at_start',
        ),
        migrations.RunPython(sqlite_triggers, sqlite_triggers),
    ]
