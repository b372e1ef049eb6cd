"""Merge the dataset's territorial units into the register, one new province at a time.

A dataset unit is matched to a unit already entered by its official code among the units
that existed on the day it stood (30/06/2025 for the old tree, 01/07/2025 for the new
communes), then by its name within its parent; two candidates are reported, never guessed.
A matched unit gets only what it lacks (code, coordinates, the end or start of validity);
a unit with no match is added. Writes are bulk operations; every added or changed row gets
its audit history row, and the data version is bumped so no cached summary outlives them.
"""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q

from cadres.admin_units.dataset import ProvinceGroup, dataset_version, read_country
from cadres.models import Unit, UnitChange
from registry.cache import data_version_bump
from registry.text import nfc, search_key

LAST_DAY = datetime.date(2025, 6, 30)  # the last day of districts and of the old communes
FIRST_DAY = datetime.date(2025, 7, 1)  # two-tier local government
OLD, NEW, BOTH = "old", "new", "both"  # which side of the reform a dataset unit stands on
DAY_OF = {OLD: LAST_DAY, NEW: FIRST_DAY, BOTH: LAST_DAY}

# The commune arrangements of 2025, one resolution of the National Assembly Standing
# Committee per new province; only those DOMAIN.md confirms are named, the rest get the
# generic text below (an administrator can correct a link's basis in the admin).
COMMUNE_RESOLUTIONS = {"20": "1672/NQ-UBTVQH15"}  # Lạng Sơn
COMMUNE_BASIS = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội năm 2025 về sắp xếp các đơn vị hành chính "
    "cấp xã của {province}"
)
PROVINCE_BASIS = "Nghị quyết của Quốc hội năm 2025 về sắp xếp các đơn vị hành chính cấp tỉnh"
DISTRICT_NOTE = "Cấp huyện kết thúc hoạt động ngày 30/06/2025 (Nghị quyết 203/2025/QH15)."
SOURCE_NOTE = "Nạp từ bộ dữ liệu vietnamadminunits {version}."
TERRITORIAL = list(Unit.TERRITORIAL_LEVELS)


class GroupLoader:
    """Load one new province with the old provinces that formed it."""

    def __init__(self, group: ProvinceGroup, *, version):
        self.group = group
        self.source_note = SOURCE_NOTE.format(version=version)
        self.counts = Counter()
        self.problems = []
        self.resolved = {}  # dataset Place → Unit
        self.claimed = set()  # ids of units matched in this run
        self.pending = []
        self.created = []
        self.updated = []
        self.by_code = defaultdict(list)
        self.by_name = defaultdict(list)
        self.index_known_units()

    def places(self):
        for province in self.group.old_provinces:
            yield province
            for district in province.children:
                yield district
                yield from district.children
        yield self.group.province
        yield from self.group.province.children

    def index_known_units(self):
        codes, keys = set(), set()
        for place in self.places():
            codes.add(place.code)
            keys.add(search_key(place.name))
        known = Unit.objects.filter(kind__in=TERRITORIAL).filter(
            Q(code__in=codes) | Q(search_key__in=keys)
        )
        for unit in known:
            self.by_code[unit.code].append(unit)
            self.by_name[unit.parent_id, unit.search_key].append(unit)

    def load(self):
        group = self.group
        period = BOTH if group.continuing else OLD
        for province in group.old_provinces:
            self.resolve(province, None, period)
        if group.continuing:
            self.resolved[group.province] = self.resolved.get(group.old_provinces[0])
        else:
            self.resolve(group.province, None, NEW)
        self.create_pending()
        for province in group.old_provinces:
            for district in province.children:
                self.resolve(district, self.resolved.get(province), OLD)
        self.create_pending()
        for province in group.old_provinces:
            for district in province.children:
                for commune in district.children:
                    self.resolve(commune, self.resolved.get(district), OLD)
        for commune in group.province.children:
            self.resolve(commune, self.resolved.get(group.province), NEW)
        self.create_pending()
        self.save_units()
        self.save_links()
        return self

    def resolve(self, place, parent, period):
        """Find or plan the unit for a dataset place; None when it cannot be placed."""
        if parent is None and place.kind != "province":
            self.counts["not_placed"] += 1
            return None
        unit = self.match(place, parent, period)
        if unit is False:
            return None
        if unit is None:
            unit = self.build(place, parent, period)
            self.pending.append(unit)
            self.counts["units_added"] += 1
        elif self.fill(unit, place, period):
            self.updated.append(unit)
            self.counts["units_updated"] += 1
        else:
            self.counts["units_skipped"] += 1
        self.resolved[place] = unit
        return unit

    def match(self, place, parent, period):
        """The unit already entered for this place, None if none, False if ambiguous."""
        level = Unit.TERRITORIAL_LEVELS[place.kind]
        day = DAY_OF[period]

        def live(units):
            return [
                unit
                for unit in units
                if unit.pk not in self.claimed and unit.level == level and unit.existed_on(day)
            ]

        candidates = live(self.by_code.get(place.code, ()))
        if not candidates:
            parent_id = parent.pk if parent else None
            candidates = live(self.by_name.get((parent_id, search_key(place.name)), ()))
            exact = [unit for unit in candidates if unit.name == nfc(place.name)]
            if len(candidates) > 1 and len(exact) == 1:
                candidates = exact
        if len(candidates) > 1:
            found = ", ".join(f"{unit.name} (#{unit.pk})" for unit in candidates)
            self.problems.append(f"{place.name} [{place.code}]: {found}")
            self.counts["ambiguous"] += 1
            return False
        if candidates:
            self.claimed.add(candidates[0].pk)
            return candidates[0]
        return None

    def build(self, place, parent, period):
        note = self.source_note
        if place.kind == "district":
            note = f"{DISTRICT_NOTE} {note}"
        name = nfc(place.name)
        return Unit(
            name=name,
            search_key=search_key(name),
            kind=place.kind,
            level=Unit.TERRITORIAL_LEVELS[place.kind],
            parent=parent,
            code=place.code,
            latitude=place.latitude,
            longitude=place.longitude,
            valid_from=FIRST_DAY if period == NEW else None,
            valid_to=LAST_DAY if period == OLD else None,
            note=note,
        )

    def fill(self, unit, place, period):
        """Give a matched unit what it lacks; True if anything changed. Entries are kept."""
        changed = False
        if not unit.code and place.code:
            unit.code, changed = place.code, True
        if unit.latitude is None and unit.longitude is None and place.latitude is not None:
            unit.latitude, unit.longitude, changed = place.latitude, place.longitude, True
        if period == OLD and unit.valid_to is None:
            unit.valid_to, changed = LAST_DAY, True
        if period == NEW and unit.valid_from is None:
            unit.valid_from, changed = FIRST_DAY, True
        return changed

    def create_pending(self):
        """Insert the planned units of one level; their ids give their materialised paths."""
        if not self.pending:
            return
        Unit.objects.bulk_create(self.pending, batch_size=1000)
        for unit in self.pending:
            # As Unit.save builds them: the parent's path and the unit's own id.
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
            unit.locality_id = unit.pk
            self.claimed.add(unit.pk)
        self.created.extend(self.pending)
        self.pending = []

    def save_units(self):
        if self.created:
            Unit.objects.bulk_update(self.created, ["path", "locality"], batch_size=500)
            Unit.history.bulk_history_create(self.created, default_change_reason="load_admin_units")
        if self.updated:
            fields = ["code", "latitude", "longitude", "valid_from", "valid_to"]
            Unit.objects.bulk_update(self.updated, fields, batch_size=500)
            Unit.history.bulk_history_create(
                self.updated, update=True, default_change_reason="load_admin_units"
            )

    def planned_links(self):
        group = self.group
        basis = COMMUNE_RESOLUTIONS.get(group.province.code) or COMMUNE_BASIS.format(
            province=group.province.name
        )
        if not group.continuing:
            for province in group.old_provinces:
                yield province, group.province, UnitChange.Kind.MERGE, PROVINCE_BASIS
        for old, new, divided in group.links:
            kind = UnitChange.Kind.SPLIT if divided else UnitChange.Kind.MERGE
            yield old, new, kind, basis

    def save_links(self):
        links = []
        for old, new, kind, basis in self.planned_links():
            from_unit, to_unit = self.resolved.get(old), self.resolved.get(new)
            if from_unit is None or to_unit is None:
                self.counts["links_not_placed"] += 1
                continue
            links.append(
                UnitChange(
                    from_unit=from_unit,
                    to_unit=to_unit,
                    kind=kind,
                    date=FIRST_DAY,
                    legal_basis=basis,
                )
            )
        existing = set(
            UnitChange.objects.filter(
                date=FIRST_DAY, from_unit__in=[link.from_unit_id for link in links]
            ).values_list("from_unit_id", "to_unit_id")
        )
        new_links = [link for link in links if (link.from_unit_id, link.to_unit_id) not in existing]
        self.counts["links_added"] += len(new_links)
        self.counts["links_skipped"] += len(links) - len(new_links)
        if new_links:
            UnitChange.objects.bulk_create(new_links, batch_size=1000)
            UnitChange.history.bulk_history_create(
                new_links, default_change_reason="load_admin_units"
            )

    @property
    def changed(self):
        return bool(self.created or self.updated or self.counts["links_added"])


def select_groups(groups, names):
    """The groups the user named (all for none); raises LookupError naming what is unknown."""
    if not names:
        return groups
    unknown = [name for name in names if not any(group.matches(name) for group in groups)]
    if unknown:
        raise LookupError(", ".join(unknown))
    return [group for group in groups if any(group.matches(name) for name in names)]


def load_admin_units(*, provinces=(), dry_run=False, progress=None):
    """Load the named provinces (all by default), one transaction each; [GroupLoader].

    With `dry_run`, every province is loaded and rolled back, so the counts say what a real
    run would do. `progress(number, total, loader)` is called after each province.
    """
    groups = select_groups(read_country(), provinces)
    version = dataset_version()
    done = []
    for number, group in enumerate(groups, start=1):
        with transaction.atomic():
            loader = GroupLoader(group, version=version).load()
            if dry_run:
                transaction.set_rollback(True)
            elif loader.changed:
                data_version_bump()
        done.append(loader)
        if progress:
            progress(number, len(groups), loader)
    return done
