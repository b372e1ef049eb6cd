"""The country's places and titles: the real territorial units and the bodies under them.

The territorial units are those `load_admin_units` loaded (the real provinces, districts
and communes); the generator adds the Party and government bodies rotations move between,
each valid as long as its place: under the old tree (districts and the communes before
01/07/2025) until 30/06/2025, under the new provinces and communes from 01/07/2025.
"""

from bench.scale.shape import DISTRICTS_ABOLISHED, SYNTHETIC_NOTE, TITLES, WITHOUT_DISTRICTS
from cadres.models import Level, Position, Unit
from postings.models import Direction
from registry.text import nfc, search_key

# The columns `territory` reads of each real unit, in this order.
TERRITORY_FIELDS = ["id", "name", "kind", "level", "parent_id", "valid_from", "valid_to"]
PARTY_COMMITTEES = {"Huyện": "Huyện ủy", "Quận": "Quận ủy", "Thị xã": "Thị ủy",
                    "Thành phố": "Thành ủy", "Tỉnh": "Tỉnh ủy"}  # fmt: skip


def territory():
    """The loaded territorial units, in id order, as `TERRITORY_FIELDS` tuples."""
    units = Unit.objects.filter(kind__in=list(Unit.TERRITORIAL_LEVELS)).order_by("pk")
    return list(units.values_list(*TERRITORY_FIELDS))


def short_name(name):
    """(prefix, rest): "Huyện Lộc Bình" → ("Huyện", "Lộc Bình")."""
    for prefix in sorted(PARTY_COMMITTEES, key=len, reverse=True):
        if name.startswith(f"{prefix} "):
            return prefix, name[len(prefix) + 1 :]
    return "", name


def lower_first(name):
    return name[:1].lower() + name[1:]


class Tree:
    """One side of the reform: provinces [(bodies, [child index])], districts, communes."""

    def __init__(self):
        self.provinces, self.districts, self.communes = [], [], []


class PlacesMixin:
    """The units and titles of the `Generator`, and the picking of bodies for a move."""

    def make_titles(self):
        self.titles = {}  # (level, kind) -> [(id, is_head)]
        rows = self.tables[Position]
        for level, by_kind in TITLES.items():
            for kind, titles in by_kind.items():
                for name, category, is_head in titles:
                    pk = len(rows) + 1
                    name = nfc(name)
                    rows.append((pk, name, search_key(name), level, category, is_head, None, None))
                    self.titles.setdefault((level, kind), []).append((pk, is_head))

    def add_unit(self, name, kind, parent, level, valid_from=None, valid_to=None):
        """A body under the territorial unit `parent`, valid as long as it is."""
        pk = self.next_unit
        self.next_unit += 1
        name = nfc(name)
        parent_path = self.units[parent]["path"]
        self.units[pk] = {"name": name, "kind": kind, "level": level, "locality": parent,
                          "path": f"{parent_path}{pk}/"}  # fmt: skip
        self.tables[Unit].append(
            (pk, name, search_key(name), kind, level, parent, parent, f"{parent_path}{pk}/", "",
             valid_from, valid_to, SYNTHETIC_NOTE)
        )  # fmt: skip
        return pk

    def make_units(self):
        """Index the real units by id and add the bodies under each of them."""
        self.units = {}
        for pk, name, kind, level, parent, _valid_from, _valid_to in self.country:
            path = f"{self.units[parent]['path'] if parent else '/'}{pk}/"
            self.units[pk] = {"name": name, "kind": kind, "level": level, "locality": pk,
                              "path": path}  # fmt: skip
        self.next_unit = max(self.units, default=0) + 1
        self.old, self.new = Tree(), Tree()
        self.province_names = []
        bodies = {}
        for row in self.country:
            bodies[row[0]] = self.make_bodies(row)
        self.place(bodies)

    def make_bodies(self, row):
        pk, name, kind, level, _parent, valid_from, valid_to = row
        prefix, short = short_name(name)
        label = f"{short} (2025)" if valid_from else short  # a new unit, as demo/ names it
        lower = lower_first(name) + (" (2025)" if valid_from else "")
        dates = (valid_from, valid_to)
        if kind == "province":
            party = f"{PARTY_COMMITTEES.get(prefix, 'Tỉnh ủy')} {label}"
            return [
                self.add_unit(party, "party", pk, Level.PROVINCE, *dates),
                self.add_unit(f"Ban Tổ chức {party}", "party", pk, Level.PROVINCE, *dates),
                self.add_unit(f"UBND {lower}", "committee", pk, Level.PROVINCE, *dates),
                self.add_unit(f"Sở Nội vụ {lower}", "sector", pk, Level.PROVINCE, *dates),
            ]
        if kind == "district":
            party = f"{PARTY_COMMITTEES.get(prefix, 'Huyện ủy')} {label}"
            return [
                self.add_unit(party, "party", pk, Level.DISTRICT, *dates),
                self.add_unit(f"Ban Tổ chức {party}", "party", pk, Level.DISTRICT, *dates),
                self.add_unit(f"UBND {lower}", "committee", pk, Level.DISTRICT, *dates),
                self.add_unit(f"Phòng Nội vụ {lower}", "office", pk, Level.DISTRICT, *dates),
                self.add_unit(
                    f"Phòng Tài chính – Kế hoạch {lower}", "office", pk, Level.DISTRICT, *dates
                ),
            ]
        return [
            self.add_unit(f"Đảng ủy {lower}", "party", pk, Level.COMMUNE, *dates),
            self.add_unit(f"UBND {lower}", "committee", pk, Level.COMMUNE, *dates),
        ]

    def place(self, bodies):
        """Build the old and the new tree: explicit lists of unit ids per level."""
        children = {}
        for pk, _name, _kind, _level, parent, _valid_from, _valid_to in self.country:
            children.setdefault(parent, []).append(pk)
        for pk, name, kind, _level, _parent, valid_from, valid_to in self.country:
            if kind != "province":
                continue
            if valid_from is None:  # stood until 30/06/2025
                self.province_names.append(short_name(name)[1])
                self.place_old(pk, children, bodies)
            if valid_to is None:  # stands from 01/07/2025
                self.place_new(pk, children, bodies)

    def place_old(self, province, children, bodies):
        old, districts = self.old, []
        for district in children.get(province, []):
            communes = children.get(district, [])
            if not communes:  # an island district with no communes
                continue
            districts.append(len(old.districts))
            first = len(old.communes)
            old.communes += [(len(old.districts), bodies[commune]) for commune in communes]
            indexes = list(range(first, len(old.communes)))
            old.districts.append((len(old.provinces), bodies[district], indexes))
        if districts:
            old.provinces.append((bodies[province], districts))

    def place_new(self, province, children, bodies):
        new = self.new
        communes = [
            c for c in children.get(province, []) if self.units[c]["level"] == Level.COMMUNE
        ]
        first = len(new.communes)
        new.communes += [(len(new.provinces), bodies[commune]) for commune in communes]
        if communes:
            new.provinces.append((bodies[province], list(range(first, len(new.communes)))))

    def kind_of(self, unit):
        return self.units[unit]["kind"]

    def level_of(self, unit):
        return self.units[unit]["level"]

    def title_for(self, unit, head=None):
        choices = self.titles[(self.level_of(unit), self.kind_of(unit))]
        if head is not None:
            choices = [c for c in choices if c[1] == head] or choices
        return self.rng.choice(choices)[0]

    def units_for(self, direction, start):
        """A (from, to) pair of bodies for a move in this direction, valid on `start`."""
        if start >= DISTRICTS_ABOLISHED:
            return self.units_after(WITHOUT_DISTRICTS.get(direction, direction))
        rng, old = self.rng, self.old
        d = rng.randrange(len(old.districts))
        p, district_bodies, communes = old.districts[d]
        province_bodies = old.provinces[p][0]
        c = rng.choice(communes)
        commune_bodies = old.communes[c][1]
        pairs = {
            Direction.DISTRICT_TO_COMMUNE: (district_bodies, commune_bodies),
            Direction.COMMUNE_TO_DISTRICT: (commune_bodies, district_bodies),
            Direction.PROVINCE_TO_DISTRICT: (province_bodies, district_bodies),
            Direction.DISTRICT_TO_PROVINCE: (district_bodies, province_bodies),
            Direction.PROVINCE_TO_COMMUNE: (province_bodies, commune_bodies),
            Direction.COMMUNE_TO_PROVINCE: (commune_bodies, province_bodies),
        }
        if direction in pairs:
            source, target = pairs[direction]
            return rng.choice(source), rng.choice(target)
        if direction == Direction.HORIZONTAL:
            first, second = rng.sample(district_bodies, 2)
            return first, second
        # Between localities: same level, another place of the same province.
        if len(old.provinces[p][1]) > 1 and rng.random() < 0.5:
            other = rng.choice([x for x in old.provinces[p][1] if x != d])
            return rng.choice(district_bodies), rng.choice(old.districts[other][1])
        return self.other_commune(old, c)

    def units_after(self, direction):
        """As `units_for`, from 01/07/2025: the new provinces and communes only."""
        rng, new = self.rng, self.new
        c = rng.randrange(len(new.communes))
        p, commune_bodies = new.communes[c]
        province_bodies = new.provinces[p][0]
        if direction == Direction.PROVINCE_TO_COMMUNE:
            return rng.choice(province_bodies), rng.choice(commune_bodies)
        if direction == Direction.COMMUNE_TO_PROVINCE:
            return rng.choice(commune_bodies), rng.choice(province_bodies)
        if direction == Direction.HORIZONTAL:
            first, second = rng.sample(commune_bodies, 2)
            return first, second
        return self.other_commune(new, c)

    def other_commune(self, tree, c):
        rng = self.rng
        other = rng.randrange(len(tree.communes))
        if other == c:
            other = (c + 1) % len(tree.communes)
        return rng.choice(tree.communes[c][1]), rng.choice(tree.communes[other][1])

    def derived_direction(self, from_unit, to_unit):
        source, target = self.units[from_unit], self.units[to_unit]
        if source["level"] != target["level"]:
            return f"{source['level']}_to_{target['level']}"
        return "horizontal" if source["locality"] == target["locality"] else "between_localities"
