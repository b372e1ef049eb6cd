"""What the checks of a rotation read about its cadre, loaded once for a set of cadres.

The overlap check reads the cadre's other rotations, the snapshot reads its planning
entries, the discipline rule its discipline periods. `posting_validate` reads them here:
a single save loads them for its one cadre (four queries, as before), an import once for
every cadre of the file, so the same checks run on each row without a query each
(`postings/imports.py`). Rows accepted earlier in the same file join the data
(`remember`), so two rows of one cadre that overlap each other are refused too. A cadre an
import creates is inserted with its file's rotations, at the end (`postings/imports.py`):
until then it has no id, and its data is kept under the object itself (`cadre_key`), so a
second row for the same new person meets the first.

Loading inside a transaction locks the cadres' rows first (`SELECT … FOR UPDATE`, in the
order of their ids, so two writers never wait on each other in a circle): a concurrent save
for one of these cadres waits until this transaction ends, and cannot pass the same check.
"""

import copy
from collections import defaultdict

from django.db import transaction
from django.db.models import DateField
from django.db.models.functions import Coalesce

from cadres.models import Cadre, DisciplinePeriod, PlanningEntry

# Ids in one `IN (…)` list.
CHUNK = 2000


def chunks(ids):
    for index in range(0, len(ids), CHUNK):
        yield ids[index : index + CHUNK]


def key_of(cadre):
    """Whose data: the cadre's id, or for a cadre not inserted yet the object's identity."""
    return cadre.pk if cadre.pk is not None else ("new", id(cadre))


def cadre_key(posting):
    """The key of the rotation's cadre (`key_of`); None for a rotation naming no cadre."""
    if posting.cadre_id is not None:
        return posting.cadre_id
    field = posting._meta.get_field("cadre")
    cadre = field.get_cached_value(posting, None) if field.is_cached(posting) else None
    return key_of(cadre) if cadre is not None else None


class RuleData:
    """The cadres' plan entries, discipline periods and counted rotations, by cadre id."""

    def __init__(self):
        self.plans = defaultdict(list)  # (approved, term end, removed on)
        self.discipline = defaultdict(list)  # (start, end)
        self.postings = defaultdict(list)  # rotations, with their receiving unit
        self.loaded = set()
        # Cadres not inserted yet, held so that the identity in their key stays theirs.
        self.new_cadres = []

    @classmethod
    def load(cls, cadre_ids, *, lock=True):
        data = cls()
        data.add_cadres(cadre_ids, lock=lock)
        return data

    def add_cadres(self, cadre_ids, *, lock=True):
        """Load what is missing for these cadres; lock their rows inside a transaction.

        A cadre not inserted yet (a key that is no id) has nothing stored to load."""
        ids = sorted({key for key in cadre_ids if isinstance(key, int)} - self.loaded)
        if not ids:
            return
        self.loaded.update(ids)
        locking = lock and transaction.get_connection().in_atomic_block
        for part in chunks(ids):
            if locking:
                cadres = Cadre.objects.select_for_update().filter(pk__in=part).order_by("pk")
                list(cadres.values_list("pk"))
            self.load_part(part)

    def load_part(self, ids):
        from postings.models import Posting

        entries = (
            PlanningEntry.objects.filter(cadre_id__in=ids, status__in=PlanningEntry.IN_FORCE)
            .annotate(approved=Coalesce("decision_date", "term__start", output_field=DateField()))
            .values_list("cadre_id", "approved", "term__end", "removed_on")
        )
        for cadre_id, *entry in entries:
            self.plans[cadre_id].append(tuple(entry))
        periods = DisciplinePeriod.objects.filter(cadre_id__in=ids)
        for cadre_id, *period in periods.values_list("cadre_id", "start", "end"):
            self.discipline[cadre_id].append(tuple(period))
        postings = Posting.objects.filter(cadre_id__in=ids).select_related("to_unit")
        for posting in postings.order_by("start", "pk"):
            self.postings[posting.cadre_id].append(posting)

    def new_cadre(self, cadre):
        """A cadre created by this import, not inserted yet: no plans, discipline or rotations."""
        self.new_cadres.append(cadre)

    def in_plan(self, cadre_id, day):
        """`PlanningEntry.objects.in_force_on(day)` for this cadre, on the loaded entries."""
        self.add_cadres([cadre_id], lock=False)
        return any(
            PlanningEntry.entry_in_force(approved, term_end, removed_on, day)
            for approved, term_end, removed_on in self.plans[cadre_id]
        )

    def under_discipline(self, cadre_id, day):
        self.add_cadres([cadre_id], lock=False)
        return any(
            DisciplinePeriod.period_runs_on(start, end, day)
            for start, end in self.discipline[cadre_id]
        )

    def find(self, cadre, to_unit_id, start):
        """The cadre's rotation to this unit from this day (an import's row updates it)."""
        key = key_of(cadre)
        self.add_cadres([key])
        for other in self.postings[key]:
            if other.to_unit_id == to_unit_id and other.start == start:
                # A copy: a row refused after changing it leaves the loaded one as stored.
                return copy.copy(other)
        return None

    def clash(self, posting, end):
        """The first other counted rotation of the cadre overlapping [start, end), or None:
        `PostingQuerySet.overlapping` on the loaded rotations."""
        from postings.models import Posting

        key = cadre_key(posting)
        self.add_cadres([key])
        for other in self.postings[key]:
            if other is posting or (posting.pk is not None and other.pk == posting.pk):
                continue
            if other.outcome == Posting.Outcome.CANCELLED:
                continue
            ends = other.effective_end
            if other.start < end and ends is not None and ends > posting.start:
                return other
        return None

    def remember(self, posting):
        """A rotation accepted in this transaction: later rows of its cadre meet it."""
        key = cadre_key(posting)
        kept = [
            other
            for other in self.postings[key]
            if other is not posting and (posting.pk is None or other.pk != posting.pk)
        ]
        self.postings[key] = [*kept, posting]
