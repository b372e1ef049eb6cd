"""The synthetic country's places and titles: provinces, districts, communes and their bodies."""

import datetime

from bench.scale.shape import (
    DISTRICTS_ABOLISHED,
    PLACE_SYLLABLES,
    PROVINCE_NAMES,
    SYNTHETIC_NOTE,
    TITLES,
    WITHOUT_DISTRICTS,
    shape,
    spread,
)
from cadres.models import Level, Position, Unit
from postings.models import Direction
from registry.text import nfc, search_key

# The last day of the district level.
DISTRICTS_END = DISTRICTS_ABOLISHED - datetime.timedelta(days=1)


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

    def add_unit(self, name, kind, parent, level, valid_to=None, code=""):
        rows = self.tables[Unit]
        pk = len(rows) + 1
        name = nfc(name)
        if parent is None:
            path, locality = f"/{pk}/", pk
        else:
            parent_row = rows[parent - 1]
            path = f"{parent_row[7]}{pk}/"
            locality = pk if kind in Unit.TERRITORIAL_LEVELS else parent_row[6]
        rows.append(
            (pk, name, search_key(name), kind, level, parent, locality, path, code, None,
             valid_to, SYNTHETIC_NOTE)
        )  # fmt: skip
        return pk

    def place_name(self, used):
        rng = self.rng
        while True:
            name = f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}"
            if name not in used:
                used.add(name)
                return name

    def make_units(self):
        rng = self.rng
        n_provinces, n_districts, n_communes = shape(self.target)
        self.district_sizes = spread(rng, n_districts, n_provinces)
        self.commune_sizes = spread(rng, n_communes, n_districts)
        names = rng.sample(PROVINCE_NAMES, n_provinces)
        self.province_names = [nfc(name) for name in names]
        self.provinces = []  # [(body ids, [district index])]
        self.districts = []  # [(province index, body ids, [commune index])]
        self.communes = []  # [(district index, body ids)]
        used = set()
        for p, province_name in enumerate(names):
            self.make_province(p, province_name, used)

    def make_province(self, p, name, used):
        province = self.add_unit(
            f"Tỉnh {name}", "province", None, Level.PROVINCE, code=f"{p + 1:02d}"
        )
        bodies = [
            self.add_unit(f"Tỉnh uỷ {name}", "party", province, Level.PROVINCE),
            self.add_unit(f"Ban Tổ chức Tỉnh uỷ {name}", "party", province, Level.PROVINCE),
            self.add_unit(f"UBND tỉnh {name}", "committee", province, Level.PROVINCE),
            self.add_unit(f"Sở Nội vụ tỉnh {name}", "sector", province, Level.PROVINCE),
        ]
        district_indexes = []
        for _ in range(self.district_sizes[p]):
            district_indexes.append(len(self.districts))
            self.make_district(p, province, used)
        self.provinces.append((bodies, district_indexes))

    def make_district(self, p, province, used):
        d = len(self.districts)
        name = self.place_name(used)
        level, end = Level.DISTRICT, DISTRICTS_END
        district = self.add_unit(f"Huyện {name}", "district", province, level, valid_to=end)
        bodies = [
            self.add_unit(f"Huyện uỷ {name}", "party", district, level, end),
            self.add_unit(f"Ban Tổ chức Huyện uỷ {name}", "party", district, level, end),
            self.add_unit(f"UBND huyện {name}", "committee", district, level, end),
            self.add_unit(f"Phòng Nội vụ huyện {name}", "office", district, level, end),
            self.add_unit(
                f"Phòng Tài chính – Kế hoạch huyện {name}", "office", district, level, end
            ),
        ]
        commune_indexes = []
        for _ in range(self.commune_sizes[d]):
            commune_indexes.append(len(self.communes))
            self.make_commune(d, district, name, used)
        self.districts.append((p, bodies, commune_indexes))

    def make_commune(self, d, district, district_name, used):
        commune_name = self.place_name(used) if len(used) < 2000 else district_name
        label = f"{commune_name} {len(self.communes) + 1}"
        commune = self.add_unit(f"Xã {label}", "commune", district, Level.COMMUNE)
        bodies = [
            self.add_unit(f"Đảng uỷ xã {label}", "party", commune, Level.COMMUNE),
            self.add_unit(f"UBND xã {label}", "committee", commune, Level.COMMUNE),
        ]
        self.communes.append((d, bodies))

    def kind_of(self, unit):
        return self.tables[Unit][unit - 1][3]

    def level_of(self, unit):
        return self.tables[Unit][unit - 1][4]

    def title_for(self, unit, head=None):
        choices = self.titles[(self.level_of(unit), self.kind_of(unit))]
        if head is not None:
            choices = [c for c in choices if c[1] == head] or choices
        return self.rng.choice(choices)[0]

    def units_for(self, direction, start):
        """A (from, to) pair of bodies for a move in this direction, valid on `start`."""
        rng = self.rng
        if start >= DISTRICTS_ABOLISHED:
            direction = WITHOUT_DISTRICTS.get(direction, direction)
        d = rng.randrange(len(self.districts))
        p, district_bodies, communes = self.districts[d]
        province_bodies = self.provinces[p][0]
        c = rng.choice(communes)
        commune_bodies = self.communes[c][1]
        if direction == Direction.DISTRICT_TO_COMMUNE:
            return rng.choice(district_bodies), rng.choice(commune_bodies)
        if direction == Direction.COMMUNE_TO_DISTRICT:
            return rng.choice(commune_bodies), rng.choice(district_bodies)
        if direction == Direction.PROVINCE_TO_DISTRICT:
            return rng.choice(province_bodies), rng.choice(district_bodies)
        if direction == Direction.DISTRICT_TO_PROVINCE:
            return rng.choice(district_bodies), rng.choice(province_bodies)
        if direction == Direction.PROVINCE_TO_COMMUNE:
            return rng.choice(province_bodies), rng.choice(commune_bodies)
        if direction == Direction.COMMUNE_TO_PROVINCE:
            return rng.choice(commune_bodies), rng.choice(province_bodies)
        if direction == Direction.HORIZONTAL:
            bodies = district_bodies if start < DISTRICTS_ABOLISHED else commune_bodies
            first, second = rng.sample(bodies, 2)
            return first, second
        # Between localities: same level, another place of the same province.
        if start < DISTRICTS_ABOLISHED and len(self.provinces[p][1]) > 1 and rng.random() < 0.5:
            other = rng.choice([x for x in self.provinces[p][1] if x != d])
            return rng.choice(district_bodies), rng.choice(self.districts[other][1])
        other = rng.randrange(len(self.communes))
        if other == c:
            other = (c + 1) % len(self.communes)
        return rng.choice(commune_bodies), rng.choice(self.communes[other][1])

    def derived_direction(self, from_unit, to_unit):
        units = self.tables[Unit]
        source, target = units[from_unit - 1], units[to_unit - 1]
        if source[4] != target[4]:
            return f"{source[4]}_to_{target[4]}"
        return "horizontal" if source[6] == target[6] else "between_localities"
