"""The synthetic country's people: cadres, their rotations one after another, evaluations."""

import datetime

from bench.scale.shape import (
    EVALUATION_TEXTS,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    FIRST_DAY,
    MALE_GIVEN,
    MALE_MIDDLE,
    PLACE_SYLLABLES,
    PURPOSES,
    REASONS,
    REFERENCE_DAY,
    SYNTHETIC_NOTE,
    days,
    pick,
)
from cadres.models import Cadre, Level
from postings.models import Direction, Evaluation, Placement, PlanItem, Posting, RotationPlan
from registry.dates import add_months, age_on, months_between, months_left, retirement_date
from registry.text import nfc, search_key

Outcome = Posting.Outcome
Kind = Evaluation.Kind
END_RATINGS = ("excellent", "good", "completed", "not_completed")
# The placement afterwards an outcome implies; the others vary.
PLACED = {Outcome.KEPT: "kept", Outcome.PROMOTED: "higher"}


class PeopleMixin:
    """The cadres and rotations of the `Generator`: each cadre's moves follow one another."""

    def make_person(self, pk, first_start):
        rng = self.rng
        female = rng.random() < 0.24
        sex = Cadre.Sex.FEMALE if female else Cadre.Sex.MALE
        surname = pick(rng, self.surnames)
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        full_name = nfc(f"{surname} {middle} {given}")
        age = rng.randint(27, 50)
        birth = days(first_start, -(age * 365 + rng.randrange(365)))
        admitted = days(birth, rng.randint(22, 30) * 365 + rng.randrange(365))
        return {
            "pk": pk,
            "full_name": full_name,
            "sex": sex,
            "birth": birth,
            "ethnicity": pick(rng, self.ethnicities),
            "admitted": admitted,
            "retires": retirement_date(sex, birth),
        }

    def make_cadres_and_postings(self):
        rng = self.rng
        postings = self.tables[Posting]
        counts = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4)  # mean 2: about one cadre per two rotations
        pk = 0
        while len(postings) < self.target:
            pk += 1
            count = min(rng.choice(counts), self.target - len(postings))
            # Leave room for the earlier rotations (about 40 months each) before the last.
            latest_first = add_months(REFERENCE_DAY, -40 * (count - 1) - 1)
            span = (latest_first - FIRST_DAY).days
            first_start = days(FIRST_DAY, rng.randrange(max(span, 1)))
            person = self.make_person(pk, first_start)
            self.make_rotations(person, first_start, count)

    def make_rotations(self, person, start, count):
        current_unit = current_title = None
        for index in range(count):
            start = min(start, REFERENCE_DAY)
            move = self.make_move(start)
            move["outcome"], move["actual_end"] = self.ending(
                start, move["planned_end"], last=index == count - 1
            )
            move["unit_after"], move["title_after"] = self.after(move)
            posting_pk = self.add_posting(person, move)
            self.make_evaluations(
                self.tables[Evaluation], posting_pk, start, move["actual_end"], move["outcome"]
            )
            self.make_end_records(posting_pk, move)
            self.link_plan(person, move)
            if move["outcome"] == Outcome.CANCELLED:
                pass
            elif move["actual_end"] is None:
                current_unit, current_title = move["to_unit"], move["to_title"]
            else:
                current_unit, current_title = move["unit_after"], move["title_after"]
            # The next rotation starts after this one ends (or would have ended).
            start = days(move["actual_end"] or move["planned_end"], self.rng.randint(1, 200))
        self.tables[Cadre].append(self.cadre_row(person, current_unit, current_title))

    def make_move(self, start):
        """Where from and to, in which titles, and until when: the decision's content."""
        rng = self.rng
        from_unit, to_unit = self.units_for(pick(rng, self.directions), start)
        from_title = self.title_for(from_unit)
        relation = rng.choices(("equivalent", "higher", "lower"), (80, 12, 8))[0]
        return {
            "start": start,
            "direction": self.derived_direction(from_unit, to_unit),
            "from_unit": from_unit,
            "to_unit": to_unit,
            "from_title": from_title,
            "relation": relation,
            "to_title": self.title_for(to_unit, head=True if relation == "higher" else None),
            "planned_end": add_months(start, rng.choices((36, 24, 60), (85, 8, 7))[0]),
        }

    def ending(self, start, planned_end, *, last):
        """(outcome, actual end): a cadre's last rotation may still be running."""
        rng = self.rng
        if rng.random() < 0.03:
            return Outcome.CANCELLED, None
        if not last or (planned_end <= REFERENCE_DAY and rng.random() < 0.9):
            outcome = pick(rng, self.outcomes)
            if outcome == Outcome.ENDED_EARLY:
                actual_end = days(start, rng.randint(180, 900))
            else:
                actual_end = days(planned_end, rng.randint(0, 60))
            return outcome, max(min(actual_end, REFERENCE_DAY), start)
        # Still running: active, or overdue when the planned end has passed.
        return "", None

    def after(self, move):
        """(unit, title) the cadre holds after the rotation, by its outcome."""
        outcome = move["outcome"]
        if outcome in (Outcome.RETURNED, Outcome.ENDED_EARLY):
            return move["from_unit"], move["from_title"]
        if outcome == Outcome.PROMOTED:
            return move["from_unit"], self.title_for(move["from_unit"], head=True)
        if outcome == Outcome.KEPT:
            return move["to_unit"], move["to_title"]
        if outcome == Outcome.REASSIGNED:
            unit = self.units_for(Direction.HORIZONTAL, move["actual_end"])[1]
            return unit, self.title_for(unit)
        return None, None

    def warnings_for(self, move, in_plan, months_to_retire):
        """The rule warnings the registry would record for this rotation."""
        warnings = []
        end = move["actual_end"] or move["planned_end"]
        if (
            move["outcome"] != Outcome.CANCELLED
            and months_between(move["start"], end) < self.min_months
        ):
            warnings.append(Posting.Warning.SHORT_DURATION.value)
        if not in_plan:
            warnings.append(Posting.Warning.NOT_IN_PLAN.value)
        if months_to_retire < self.min_years * 12:
            warnings.append(Posting.Warning.FEW_WORKING_YEARS.value)
        if move["relation"] == "higher":
            warnings.append(Posting.Warning.HIGHER_POST.value)
        if move["relation"] == "lower":
            warnings.append(Posting.Warning.LOWER_POST.value)
        return warnings

    def committee_role(self, to_unit):
        """(joined the Party committee, role in it) on arriving in `to_unit`."""
        rng = self.rng
        joined = self.kind_of(to_unit) == "party" or (
            self.level_of(to_unit) == Level.COMMUNE and rng.random() < 0.5
        )
        if not joined:
            return False, ""
        roles = ("member", "standing", "deputy_secretary", "secretary")
        return True, rng.choices(roles, (50, 25, 18, 7))[0]

    def add_posting(self, person, move):
        """Append the rotation's row in `COLUMNS` order; return its id."""
        rng, postings, start = self.rng, self.tables[Posting], move["start"]
        in_plan = rng.random() < 0.92
        months_to_retire = months_left(start, person["retires"])
        warnings = self.warnings_for(move, in_plan, months_to_retire)
        to_kind = self.kind_of(move["to_unit"])
        joined_committee, role = self.committee_role(move["to_unit"])
        decided_by = self.units[self.units[move["from_unit"]]["locality"]]["name"]
        issuer = "TU" if move["direction"].startswith("province") else "HU"
        created = datetime.datetime.combine(start, datetime.time(1, 0), tzinfo=datetime.UTC)
        postings.append(
            (len(postings) + 1, person["pk"], f"{rng.randint(1, 999)}-QĐ/{issuer}",
             days(start, -rng.randint(5, 40)), f"Ban Thường vụ {decided_by}", move["from_unit"],
             move["from_title"], move["to_unit"], move["to_title"], move["direction"],
             rng.choice(PURPOSES), move["relation"], start, move["planned_end"],
             move["actual_end"], move["outcome"], move["title_after"], move["unit_after"],
             joined_committee, role,
             to_kind == "committee" or (to_kind != "party" and rng.random() < 0.3),
             in_plan, age_on(person["birth"], start), months_to_retire, warnings,
             rng.choice(REASONS) if warnings else "", "", 1, created, created)
        )  # fmt: skip
        return len(postings)

    def make_evaluations(self, rows, posting_pk, start, actual_end, outcome):
        rng = self.rng
        if outcome == Posting.Outcome.CANCELLED:
            return
        annual = days(start, 365)
        if (
            annual <= REFERENCE_DAY
            and (actual_end is None or annual <= actual_end)
            and rng.random() < 0.4
        ):
            rows.append(
                    (len(rows) + 1, posting_pk, Evaluation.Kind.ANNUAL.value, annual,
                     rng.choice(("excellent", "good", "good", "completed")),
                     rng.choice(EVALUATION_TEXTS))
                )  # fmt: skip
        if actual_end is not None and rng.random() < 0.25:
            rows.append(
                (len(rows) + 1, posting_pk, Evaluation.Kind.SELF_REVIEW.value, actual_end,
                 rng.choice(("good", "completed", "excellent", "not_completed")),
                 rng.choice(EVALUATION_TEXTS))
            )  # fmt: skip

    def make_end_records(self, posting_pk, move):
        """The ended rotation's other end reviews and its placement afterwards, most of them
        recorded, some missing (the summary's "what followed" tables). From a random stream
        of their own, so the rows before them stay those of earlier seeds."""
        rng, actual_end, outcome = self.after_rng, move["actual_end"], move["outcome"]
        if actual_end is None or outcome == Outcome.CANCELLED:
            return
        rows = self.tables[Evaluation]
        has_self = rows and rows[-1][1] == posting_pk and rows[-1][2] == Kind.SELF_REVIEW
        kinds = [(Kind.RECEIVING_UNIT, 0.75), (Kind.AUTHORITY, 0.7)]
        if not has_self:
            kinds.insert(0, (Kind.SELF_REVIEW, 0.6))
        for kind, chance in kinds:
            if rng.random() < chance:
                day = min(days(actual_end, rng.randint(0, 45)), REFERENCE_DAY)
                rating = rng.choices(END_RATINGS, (25, 50, 22, 3))[0]
                rows.append((len(rows) + 1, posting_pk, kind.value, day, rating,
                             rng.choice(EVALUATION_TEXTS)))  # fmt: skip
        if move["unit_after"] is None or rng.random() >= 0.7:
            return
        placements = self.tables[Placement]
        comparison = (
            PLACED.get(outcome) or rng.choices(("equivalent", "higher", "lower"), (75, 18, 7))[0]
        )
        day = min(days(actual_end, rng.randint(0, 60)), REFERENCE_DAY)
        placements.append((len(placements) + 1, posting_pk, move["title_after"],
                           move["unit_after"], day, comparison, ""))  # fmt: skip

    def link_plan(self, person, move):
        """The rotation's item in its province's plan for the term (rotations in the plan from
        the 2010 term on, not cancelled), and now and then an item for the same cadre that
        was never carried out, some dropped: the summary's "plan against done". Appends the
        item's id (or None) to the rotation's row, the last of `COLUMNS`."""
        postings, start, rng = self.tables[Posting], move["start"], self.after_rng
        row = postings[-1]
        in_plan = row[21]
        term = (start.year - (start < datetime.date(start.year, 7, 1)) - 2000) // 5
        if not in_plan or term < 2 or move["outcome"] == Outcome.CANCELLED:
            postings[-1] = (*row, None)
            return
        plan = self.plan_for(move["from_unit"], term)
        # Carried out by this rotation: decided on its decision date, done when it started.
        dates = (row[3] or start, start)
        item = self.add_item(plan, start.year, person["pk"], move["to_unit"], move["to_title"],
                             dates=dates)  # fmt: skip
        postings[-1] = (*row, item)
        if rng.random() < 0.06:
            last_year = 2000 + 5 * term + 5
            dropped = rng.random() < 0.3
            self.add_item(plan, min(start.year + 1, last_year), person["pk"], move["to_unit"],
                          move["to_title"], dropped=dropped)  # fmt: skip

    def plan_for(self, unit, term):
        """The id of the plan of `unit`'s province for the term (index into load.TERMS)."""
        province = int(self.units[unit]["path"].split("/")[1])
        key = (province, term)
        if key not in self.plans:
            plans, first = self.tables[RotationPlan], 2000 + 5 * term
            name = f"Kế hoạch luân chuyển cán bộ nhiệm kỳ {first}–{first + 5}"
            plans.append((len(plans) + 1, province, term + 1, name, f"{len(plans) + 1}-KH/TU",
                          datetime.date(first, 9, 1), "Ban Thường vụ Tỉnh ủy", "", ""))  # fmt: skip
            self.plans[key] = len(plans)
        return self.plans[key]

    def add_item(self, plan, year, cadre, to_unit, to_title, *, dropped=False, dates=(None, None)):
        items = self.tables[PlanItem]
        reason = "Cán bộ được điều động làm nhiệm vụ khác" if dropped else ""
        items.append((len(items) + 1, plan, year, None, "", "", dropped, reason, "", cadre,
                      None, to_title, to_unit, *dates))  # fmt: skip
        return len(items)

    def cadre_row(self, person, current_unit, current_title):
        rng = self.rng
        home = rng.choice(self.province_names)
        return (
            person["pk"],
            person["full_name"],
            "",
            search_key(person["full_name"]),
            person["sex"],
            person["birth"],
            "",
            f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}, {home}",
            person["ethnicity"],
            "",
            person["admitted"],
            days(person["admitted"], 365),
            "12/12",
            rng.choice(("Cử nhân Luật", "Cử nhân Kinh tế", "Kỹ sư Nông nghiệp", "Thạc sĩ Quản lý")),
            rng.choice(("intermediate", "advanced", "bachelor", "intermediate")),
            rng.choice(("officer", "principal", "officer", "")),
            current_unit,
            current_title,
            "",
            SYNTHETIC_NOTE,
            1,
        )
