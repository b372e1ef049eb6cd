"""Units, titles, terms, cadres and succession planning: the catalogue rotations refer to.

`catalogue` holds units (with their changes), titles and terms; `people` the cadres, their
discipline and planning entries; `accounts` the users' scopes.
"""

from cadres.models.accounts import UserScope
from cadres.models.catalogue import (
    Level,
    Position,
    Term,
    Unit,
    UnitChange,
    now_part_of,
    present_successors,
    unit_not_existing_message,
)
from cadres.models.people import (
    ETHNIC_GROUPS,
    MAJORITY_ETHNIC_GROUP,
    Cadre,
    DisciplinePeriod,
    PlanningEntry,
)

# Old migrations name the mixin here (cadres.models.NormalisedTextMixin).
from registry.models import NormalisedTextMixin

# simple-history names the history model of a model defined in a submodule after the app
# ("cadres"), where it cannot be imported from (pickling, `manage.py shell`): they live
# here, beside the models, as when cadres' models were one module.
for _model in (Unit, UnitChange, Position, Term, Cadre, DisciplinePeriod, PlanningEntry, UserScope):
    _model.history.model.__module__ = __name__
    globals()[_model.history.model.__name__] = _model.history.model

__all__ = [
    "ETHNIC_GROUPS",
    "MAJORITY_ETHNIC_GROUP",
    "Cadre",
    "DisciplinePeriod",
    "Level",
    "NormalisedTextMixin",
    "PlanningEntry",
    "Position",
    "Term",
    "Unit",
    "UnitChange",
    "UserScope",
    "now_part_of",
    "present_successors",
    "unit_not_existing_message",
]
