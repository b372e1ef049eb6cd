# Today's country summary at a million rotations (issue 16): the busiest receiving units read
# from the rollup's totals in order of their rotations, the open rotations counted by their
# planned end, and the named plan items that no rotation has carried out read in year order
# from a partial index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0021_plans_in_the_rollup"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="rolluptotal",
            name="rollup_total_scope_idx",
        ),
        migrations.AddIndex(
            model_name="rolluptotal",
            index=models.Index(
                fields=["scope_id", "grouping", "rotations"], name="rollup_total_rank_idx"
            ),
        ),
        migrations.RemoveIndex(
            model_name="rollupentry",
            name="rollup_entry_open_idx",
        ),
        migrations.AddIndex(
            model_name="rollupentry",
            index=models.Index(
                condition=models.Q(("final", "open")),
                fields=["scope_id", "planned_end", "start"],
                name="rollup_entry_open_end_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="planitem",
            index=models.Index(
                condition=models.Q(
                    ("cadre__isnull", False),
                    ("decided_on__isnull", True),
                    ("done_on__isnull", True),
                    ("dropped", False),
                ),
                fields=["year"],
                name="planitem_waiting_idx",
            ),
        ),
    ]
