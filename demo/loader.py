"""Load the Lộc Bình demo: find or create every row, so that loading twice changes nothing.

Rotations go through `posting_save`, so their direction, snapshot and warnings are computed
as if staff had entered them; a rotation that breaks a rule carries its recorded reason, or
loading fails.
"""

from collections import Counter

from cadres.admin_units import FIRST_DAY as REFORM_DAY
from cadres.admin_units import load_admin_units
from cadres.models import Cadre, DisciplinePeriod, PlanningEntry, Position, Term, Unit, UnitChange
from demo import followup
from demo.people import CADRES, DISCIPLINE
from demo.plans import DemoPlansMixin
from demo.rotations import EVALUATIONS, FINDINGS, PLAN_NUMBERS, PURPOSES, ROTATIONS
from demo.units import (
    ABSORBED,
    BTC_TINH,
    COMMUNE_BODIES,
    COMMUNES_WITH_BODIES,
    DINH_LAP,
    DISTRICT_SUCCESSORS,
    DISTRICTS_END,
    LB_BODIES,
    LB_BODY,
    LB_ENDED,
    LOC_BINH,
    MTTQ_TINH,
    NEW_2020,
    POSITIONS,
    PROVINCE,
    PROVINCE_CODE,
    R203,
    R818,
    TERMS,
    TU_BODY,
    K,
    d,
)
from postings.models import Evaluation, InspectionFinding, Posting, derive_direction
from postings.services import posting_save
from registry.dates import add_months
from registry.text import nfc, search_key


class DemoLoader(DemoPlansMixin):
    """Find or create every demo row; `created` counts what this run added, by model."""

    def __init__(self):
        self.units = {}
        self.positions = {}
        self.cadres = {}
        self.terms = []
        self.postings = {}
        self.created = Counter()

    def load(self):
        self.load_terms()
        self.load_positions()
        self.load_units()
        self.load_cadres()
        self.load_plans()
        self.load_postings()
        self.load_evaluations()
        self.load_findings()
        followup.load_reviews(self, ROTATIONS)
        followup.load_pool(self)
        return self

    def find_or_create(self, model, lookup, **defaults):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **defaults)
            self.created[model._meta.verbose_name_plural] += 1
        return obj

    def find_or_create_named(self, model, name, lookup, **defaults):
        """`find_or_create` by the name's search key, so that a unit or title loaded with the
        older spelling ("Huyện ủy") is found and takes the Party's ("Huyện ủy")."""
        name = nfc(name)
        obj = model.objects.filter(search_key=search_key(name), **lookup).first()
        if obj is not None and obj.name != name:
            obj.name = name
            obj.save()
        return obj or self.find_or_create(model, {"name": name, **lookup}, **defaults)

    def load_terms(self):
        for name, start, end, body in TERMS:
            term = self.find_or_create(Term, {"name": name}, start=d(start), end=d(end), body=body)
            self.terms.append(term)

    def term_on(self, day):
        """The Party congress term of a day: succession plans are made for those."""
        return next(
            term
            for term in self.terms
            if term.body == Term.Body.PARTY and term.start <= day <= term.end
        )

    def load_positions(self):
        for name, level, category, is_head in POSITIONS:
            self.positions[name, level] = self.find_or_create_named(
                Position,
                name,
                {"level": level},
                category=category,
                is_head=is_head,
                valid_to=DISTRICTS_END if level == "district" else None,
            )

    def position(self, name, unit):
        return self.positions[name, unit.level]

    def unit(self, key, kind, parent=None, *, name=None, valid_from=None, valid_to=None, **extra):
        lookup = {
            "kind": kind,
            "valid_from": valid_from,
            "parent": self.units[parent] if parent else None,
        }
        self.units[key] = self.find_or_create_named(
            Unit, name or key, lookup, valid_to=valid_to, **extra
        )
        return self.units[key]

    def change(self, old, new, kind, date, basis, note=""):
        self.find_or_create(
            UnitChange,
            {"from_unit": self.units[old], "to_unit": self.units[new], "date": d(date)},
            kind=kind,
            legal_basis=basis,
            note=note,
        )

    def load_units(self):
        """Lạng Sơn from the dataset, then what it lacks: bodies, older communes and changes."""
        end = DISTRICTS_END
        for loaded in load_admin_units(provinces=[PROVINCE_CODE]):
            self.created[Unit._meta.verbose_name_plural] += loaded.counts["units_added"]
            self.created[UnitChange._meta.verbose_name_plural] += loaded.counts["links_added"]
        self.adopt_dataset_units()
        self.unit(BTC_TINH, K.PARTY_BODY, PROVINCE)
        self.unit("Sở Nội vụ tỉnh Lạng Sơn", K.COMMITTEE_OFFICE, PROVINCE)
        self.unit(MTTQ_TINH, K.FRONT, PROVINCE)
        for name, kind, parent in LB_BODIES:
            self.unit(name, kind, parent, valid_to=end)
        for name, last_day in LB_ENDED.items():
            self.unit(name, K.COMMUNE, LOC_BINH, valid_to=d(last_day))
        for name, sources in NEW_2020.items():
            self.founded_2020(name, sources)
        for old, new, date, basis in ABSORBED:
            self.change(old, new, UnitChange.Kind.ABSORB, date, basis)
        for commune in COMMUNES_WITH_BODIES:
            unit = self.units[commune]
            place = unit.name[0].lower() + unit.name[1:]
            suffix = " (2025)" if commune.endswith(" (2025)") else ""
            for prefix, kind in COMMUNE_BODIES:
                self.unit(
                    f"{prefix} {place}{suffix}", kind, commune, name=f"{prefix} {place}",
                    valid_from=unit.valid_from, valid_to=unit.valid_to,
                )  # fmt: skip
        for old, new, kind in DISTRICT_SUCCESSORS:
            note = "Giả định cho dữ liệu mẫu (chưa đối chiếu quyết định)."
            self.change(old, new, kind, "01/07/2025", R203, note)
        self.unit("Ban Tổ chức Huyện ủy Đình Lập", K.PARTY_BODY, DINH_LAP, valid_to=end)
        self.unit("UBND huyện Đình Lập", K.PEOPLES_COMMITTEE, DINH_LAP, valid_to=end)

    def adopt_dataset_units(self):
        """Name the dataset's units as the demo does: a 2025 commune's key ends in " (2025)"."""
        province = Unit.objects.get(kind=K.PROVINCE, code=PROVINCE_CODE, valid_to__isnull=True)
        self.units[PROVINCE] = province
        territorial = list(Unit.TERRITORIAL_LEVELS)
        for district in province.children.filter(kind=K.DISTRICT, valid_to=DISTRICTS_END):
            self.units[district.name] = district
            for commune in district.children.filter(kind__in=territorial, valid_to=DISTRICTS_END):
                if district.name in (LOC_BINH, DINH_LAP):
                    self.units[commune.name] = commune
        for commune in province.children.filter(kind__in=territorial, valid_from=REFORM_DAY):
            self.units[f"{commune.name} (2025)"] = commune

    def founded_2020(self, name, sources):
        """A commune the dataset lists from before 2020: it was formed on 01/01/2020."""
        unit = self.units[name]
        if unit.valid_from is None:
            assumed = ", ".join(sources)
            unit.valid_from = d("01/01/2020")
            unit.note = (
                f"Thành lập ngày 01/01/2020 theo Nghị quyết {R818}. Giả định (chưa đối chiếu "
                f"văn bản): hợp nhất từ {assumed}. {unit.note}"
            ).strip()
            unit.save()
        for source in sources:
            self.change(source, name, UnitChange.Kind.MERGE, "01/01/2020", R818, "Giả định.")

    def load_cadres(self):
        self.load_people(CADRES)
        for name, form, decision, start, end in DISCIPLINE:
            self.find_or_create(
                DisciplinePeriod,
                {"cadre": self.cadres[name], "start": d(start)},
                form=form,
                decision=decision,
                end=d(end),
            )

    def load_people(self, specs):
        for spec in specs:
            spec = dict(spec)
            unit = self.units[spec.pop("unit")]
            post = self.position(spec.pop("post"), unit)
            admitted = spec["party_admission_date"]
            lookup = {
                "full_name": nfc(spec.pop("full_name")),
                "date_of_birth": spec.pop("date_of_birth"),
            }
            self.cadres[lookup["full_name"]] = self.find_or_create(
                Cadre,
                lookup,
                current_unit=unit,
                current_position=post,
                party_full_member_date=add_months(admitted, 12) if admitted else None,
                # The North's ten-year school system gave way to twelve years around 1990.
                general_education="10/10" if lookup["date_of_birth"].year < 1975 else "12/12",
                religion="Không",
                place_of_birth=spec.get("home_town", ""),
                **spec,
            )

    def plan(self, cadre, start, position, unit, body):
        """An approved succession-plan entry covering the start, decided before the term."""
        term = self.term_on(start)
        suffix = "TU" if body == TU_BODY else "HU"
        self.find_or_create(
            PlanningEntry,
            {"cadre": cadre, "term": term},
            position=position,
            unit=unit,
            decision_number=f"{PLAN_NUMBERS[term.name]}-QĐ/{suffix}",
            decision_date=add_months(term.start, -3),
            status=PlanningEntry.Status.APPROVED,
        )

    def load_postings(self):
        for spec in ROTATIONS:
            cadre = self.cadres[nfc(spec["cadre"])]
            (from_name, from_post), (to_name, to_post) = spec["from"], spec["to"]
            from_unit, to_unit = self.units[from_name], self.units[to_name]
            start = spec["start"]
            key = (cadre.full_name, start)
            posting = Posting.objects.filter(cadre=cadre, to_unit=to_unit, start=start).first()
            if posting is not None:
                self.postings[key] = posting
                continue
            to_position = self.position(to_post, to_unit)
            body = spec.get("body", LB_BODY)
            if spec.get("plan", True):
                self.plan(cadre, start, to_position, to_unit, body)
            outcome = spec.get("outcome", "")
            actual_end = d(spec["end"]) if "end" in spec else None
            if outcome and outcome != Posting.Outcome.CANCELLED and not actual_end:
                actual_end = add_months(start, 36)
            unit_after = position_after = None
            if "after" in spec:
                unit_after = self.units[spec["after"][0]]
                position_after = self.position(spec["after"][1], unit_after)
            committee = spec.get("committee", "")
            posting = Posting(
                cadre=cadre,
                decision=self.decision_for(spec, body),
                plan_item=self.plan_items.get(key),
                decision_number=spec["decision_number"],
                decision_date=spec["decision_date"],
                deciding_body=body if spec["decision_number"] else "",
                from_unit=from_unit,
                from_position=self.position(from_post, from_unit),
                to_unit=to_unit,
                to_position=to_position,
                purpose=PURPOSES[derive_direction(from_unit, to_unit)],
                post_relation=spec.get("relation", Posting.PostRelation.EQUIVALENT),
                start=start,
                actual_end=actual_end,
                outcome=outcome,
                unit_after=unit_after,
                position_after=position_after,
                joined_party_committee=bool(committee),
                party_committee_role=committee,
                joined_government=spec.get("government", False),
                exception_reason=spec.get("reason", ""),
                note=spec.get("note", ""),
            )
            posting_save(posting=posting, require_reason=True)
            self.created[Posting._meta.verbose_name_plural] += 1
            self.postings[key] = posting

    def load_evaluations(self):
        for who, start, kind, date, rating, text in EVALUATIONS:
            self.find_or_create(
                Evaluation,
                {"posting": self.postings[nfc(who), d(start)], "kind": kind, "date": d(date)},
                rating=rating,
                text=text,
            )

    def load_findings(self):
        for spec in FINDINGS:
            unit, date, scope, text, postings, correction, corrected_on, status = spec[:8]
            kind, deadline = spec[8:]
            lookup = {"unit": self.units[unit], "date": d(date)}
            if InspectionFinding.objects.filter(**lookup).exists():
                continue
            finding = self.find_or_create(
                InspectionFinding,
                lookup,
                scope=scope,
                finding=text,
                correction=correction,
                corrected_on=d(corrected_on) if corrected_on else None,
                status=status,
                kind=kind,
                deadline=d(deadline),
            )
            concerned = [self.postings[nfc(who), d(start)] for who, start in postings]
            finding.postings.set(concerned)
            finding.cadres.set({posting.cadre for posting in concerned})


def load():
    """Load the whole demo (not the accounts); return the loader, which knows what it made."""
    return DemoLoader().load()
