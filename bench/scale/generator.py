"""The synthetic data's rows, as tuples in the column order of each table."""

import random

from django.conf import settings

from bench.scale.people import PeopleMixin
from bench.scale.places import PlacesMixin
from bench.scale.shape import DIRECTIONS, ENDED_OUTCOMES, ETHNICITIES, SURNAMES, weighted
from cadres.models import Cadre, Position, Unit
from postings.models import Evaluation, Placement, PlanItem, Posting, RotationPlan

COLUMNS = {
    Unit: [
        "id", "name", "search_key", "kind", "level", "parent_id", "locality_id", "path",
        "code", "valid_from", "valid_to", "note",
    ],
    Position: [
        "id", "name", "search_key", "level", "category", "is_head", "valid_from", "valid_to",
    ],
    Cadre: [
        "id", "full_name", "other_names", "search_key", "sex", "date_of_birth",
        "place_of_birth", "home_town", "ethnicity", "religion", "party_admission_date",
        "party_full_member_date", "general_education", "qualification", "political_theory",
        "state_management", "current_unit_id", "current_position_id", "id_number", "note",
        "version",
    ],
    Posting: [
        "id", "cadre_id", "decision_number", "decision_date", "deciding_body", "from_unit_id",
        "from_position_id", "to_unit_id", "to_position_id", "direction", "purpose",
        "post_relation", "start", "planned_end", "actual_end", "outcome", "position_after_id",
        "unit_after_id", "joined_party_committee", "party_committee_role", "joined_government",
        "in_planning_at_start", "age_at_start", "working_months_left_at_start", "warnings",
        "exception_reason", "note", "version", "created_at", "updated_at", "plan_item_id",
    ],
    Evaluation: ["id", "posting_id", "kind", "date", "rating", "text"],
    Placement: ["id", "posting_id", "position_id", "unit_id", "date", "comparison", "note"],
    RotationPlan: [
        "id", "unit_id", "term_id", "name", "approval_number", "approval_date",
        "approving_body", "note", "scan",
    ],
    PlanItem: [
        "id", "plan_id", "year", "target_count", "direction", "target_group", "dropped",
        "drop_reason", "note", "cadre_id", "planning_entry_id", "to_position_id", "to_unit_id",
        "decided_on", "done_on",
    ],
}  # fmt: skip


class Generator(PlacesMixin, PeopleMixin):
    """Builds the rows; `tables` maps each model to its list of row tuples."""

    def __init__(self, postings, seed, country):
        self.target = postings
        self.country = country  # the real territorial units: `places.territory()`
        self.rng = random.Random(seed)
        # The end reviews and placements added later draw from their own stream.
        self.after_rng = random.Random(f"after-{seed}")
        self.plans = {}  # (province, term index) → plan id
        self.tables = {model: [] for model in COLUMNS}
        self.surnames = weighted(SURNAMES)
        self.ethnicities = weighted(ETHNICITIES)
        self.directions = weighted(DIRECTIONS)
        self.outcomes = weighted(ENDED_OUTCOMES)
        self.min_months = settings.ROTATION_MIN_MONTHS
        self.min_years = settings.ROTATION_MIN_WORKING_YEARS

    def run(self):
        self.make_titles()
        self.make_units()
        self.make_cadres_and_postings()
        return self.tables
