"""The summary's maintained rollup: its tables (issue 16, item 2; postings/rollup.py keeps them).

- `RollupEntry`: one row per counted rotation and scope it touches (the country, and the
  province of each of its two units), with the keys it is counted under in every table and
  its marks. A cadre's entries are what tells, on a write, whether the cadre was already
  counted under a key (persons stay exact when a cadre's last rotation under a key goes).
- `RollupChange`: signed changes (+1/−1 rotations and persons per scope, grouping and key)
  that writes append; no write updates a row another write shares.
- `RollupTotal`: the changes folded by the compactor (`manage.py compact_rollup`).
- `RollupState`: whether the rollup can be read (built, and no catalogue changed its keys).
"""

from django.db import models
from django.db.models import Q

# The scope id of the whole country in the rollup (provinces are their unit id).
COUNTRY = 0


class RollupEntry(models.Model):
    posting_id = models.IntegerField(db_index=True)
    scope_id = models.IntegerField()
    cadre_id = models.IntegerField()
    year = models.IntegerField()
    term_party = models.IntegerField(null=True)
    term_state = models.IntegerField(null=True)
    direction = models.CharField(max_length=30)
    to_unit_id = models.IntegerField()
    post = models.CharField(max_length=30)
    # The outcome key once ended (the outcome, or "unrecorded"); "open" with neither an
    # actual end nor an outcome.
    final = models.CharField(max_length=20)
    sex = models.CharField(max_length=10)
    ethnicity = models.CharField(max_length=50)
    age = models.CharField(max_length=10)
    start = models.DateField()
    planned_end = models.DateField()
    # From this day on the rotation is ended under `final` (open ones: their start).
    until = models.DateField()
    in_planning = models.SmallIntegerField()
    joined_party_committee = models.SmallIntegerField()
    joined_government = models.SmallIntegerField()
    exceptions = models.SmallIntegerField()
    missing_decision = models.SmallIntegerField()
    duration_met = models.SmallIntegerField()
    # What followed, as postings/reports/followed.py reduces it (any date): the placement's
    # comparison ("none"; "-" while open), whether to a key title, the end reviews' mask.
    placed = models.CharField(max_length=20, default="-")
    placed_key = models.SmallIntegerField(default=0)
    reviews = models.IntegerField(default=0)
    # From this day on the entry's ending and what followed are as stored (the latest of
    # `until` and the dates of its end reviews and placement); later ones are read live.
    settled = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["scope_id", "cadre_id"], name="rollup_entry_cadre_idx"),
            models.Index(fields=["scope_id", "until"], name="rollup_entry_until_idx"),
            models.Index(fields=["scope_id", "settled"], name="rollup_entry_settled_idx"),
            # The open rotations by planned end: the overdue and due figures of a day.
            models.Index(
                fields=["scope_id", "planned_end", "start"],
                condition=Q(final="open"),
                name="rollup_entry_open_end_idx",
            ),
        ]

    def __str__(self):
        return f"rotation {self.posting_id} in scope {self.scope_id}"


class RollupFigures(models.Model):
    scope_id = models.IntegerField()
    grouping = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    rotations = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)
    in_planning = models.IntegerField(default=0)
    joined_party_committee = models.IntegerField(default=0)
    joined_government = models.IntegerField(default=0)
    exceptions = models.IntegerField(default=0)
    missing_decision = models.IntegerField(default=0)
    duration_met = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.grouping} {self.key} in scope {self.scope_id}: {self.rotations}"


class RollupChange(RollupFigures):
    class Meta:
        indexes = [models.Index(fields=["scope_id", "grouping"], name="rollup_change_scope_idx")]


class RollupTotal(RollupFigures):
    class Meta:
        # One row per scope, grouping and key. The rotations last: the page's busiest
        # receiving units and the count of the others (reports/rollup.py `busiest`).
        indexes = [
            models.Index(fields=["scope_id", "grouping", "rotations"], name="rollup_total_rank_idx")
        ]


class RollupState(models.Model):
    """One row: the rollup can be read unless `stale` (never built, or a catalogue changed)."""

    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True)

    def __str__(self):
        return "stale" if self.stale else f"built {self.built_at}"
