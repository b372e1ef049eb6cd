"""The country's territorial units as the `vietnamadminunits` package ships them.

Read from the package's own data files (an SQLite database and a JSON file of links), never
from the network and without importing the package (its import loads geocoding libraries):

- `admin_units_legacy`: 63 provinces, 696 districts and 10,035 communes as they stood until
  30/06/2025 (the five island districts had no communes: one row each with no commune);
- `admin_units`: the 34 provinces and 3,321 communes from 01/07/2025;
- `converter_2025.json`: which old provinces formed each new one, and for every new commune
  the old communes it was formed from, including those divided between several.

Every link stays within one new province, so a new province with the old provinces that
formed it (`ProvinceGroup`) is the unit of loading.
"""

import importlib.metadata
import importlib.util
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from registry.text import search_key

PACKAGE = "vietnamadminunits"

# The dataset's words for kinds of unit, and the register's.
PROVINCE, DISTRICT, COMMUNE, TOWN, WARD = "province", "district", "commune", "town", "ward"
COMMUNE_KINDS = {"Xã": COMMUNE, "Phường": WARD, "Thị trấn": TOWN, "Đặc khu": COMMUNE}


@dataclass(eq=False)
class Place:
    """One unit of the dataset: a province, district or commune, old or new."""

    key: str
    name: str
    kind: str
    code: str
    latitude: float | None
    longitude: float | None
    children: list = field(default_factory=list)

    def __repr__(self):
        return f"Place({self.key})"


@dataclass(eq=False)
class ProvinceGroup:
    """A province from 01/07/2025, the old provinces that formed it, and every link.

    `continuing` when the province was not merged (same key and code before and after):
    then it is one unit, `province` and `old_provinces[0]` alike.
    """

    province: Place
    old_provinces: list
    links: list  # (old place, new place, divided?)
    continuing: bool

    def matches(self, text):
        """Whether a user's NAME_OR_CODE names this province or one that formed it."""
        wanted = search_key(text)
        for place in (self.province, *self.old_provinces):
            short = place.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            if wanted.lstrip("0") == place.code.lstrip("0") or wanted in {
                search_key(place.name),
                search_key(short),
            }:
                return True
        return False


def data_dir():
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"The {PACKAGE} package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def dataset_version():
    return importlib.metadata.version(PACKAGE)


def _rows(connection, sql):
    connection.row_factory = sqlite3.Row
    return connection.execute(sql).fetchall()


def _place(key, row, prefix, kind):
    return Place(
        key=key,
        name=row[prefix],
        kind=kind,
        code=row[f"{prefix}Code"],
        latitude=row[f"{prefix}Lat"],
        longitude=row[f"{prefix}Lon"],
    )


def read_legacy(connection):
    """{key: Place} for the old provinces, districts and communes, keyed as the links are."""
    places = {}
    rows = _rows(
        connection,
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode",
    )
    for row in rows:
        province_key = row["provinceKey"]
        district_key = f"{province_key}_{row['districtKey']}"
        if province_key not in places:
            places[province_key] = _place(province_key, row, "province", PROVINCE)
        if district_key not in places:
            district = _place(district_key, row, "district", DISTRICT)
            places[district_key] = district
            places[province_key].children.append(district)
        commune_key = f"{district_key}_{row['wardKey'] or ''}"
        if row["ward"] is None:
            # An island district with no communes: it is the unit the links name.
            places[commune_key] = places[district_key]
            continue
        commune = _place(commune_key, row, "ward", COMMUNE_KINDS[row["wardType"]])
        places[commune_key] = commune
        places[district_key].children.append(commune)
    return places


def read_current(connection):
    """{new province key: Place} with each province's communes from 01/07/2025 as children."""
    provinces = {}
    for row in _rows(connection, "SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        key = row["provinceKey"]
        if key not in provinces:
            provinces[key] = _place(key, row, "province", PROVINCE)
        commune = _place(f"{key}_{row['wardKey']}", row, "ward", COMMUNE_KINDS[row["wardType"]])
        provinces[key].children.append(commune)
    return provinces


def read_country():
    """The 34 province groups, in the order of their official codes."""
    directory = data_dir()
    connection = sqlite3.connect(f"file:{directory / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy = read_legacy(connection)
        current = read_current(connection)
    finally:
        connection.close()
    links = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))
    groups = []
    for key, province in current.items():
        old_keys = links["DICT_PROVINCE"][key]
        communes = {place.key: place for place in province.children}
        group_links = []
        for new_key, old_commune_keys in links["DICT_PROVINCE_WARD_NO_DIVIDED"][key].items():
            for old_key in old_commune_keys:
                group_links.append((legacy[old_key], communes[f"{key}_{new_key}"], False))
        for old_key, targets in links["DICT_PROVINCE_WARD_DIVIDED"].get(key, {}).items():
            for target in targets:
                new = communes[f"{key}_{target['newWardKey']}"]
                group_links.append((legacy[old_key], new, True))
        old_provinces = [legacy[old_key] for old_key in old_keys]
        continuing = old_keys == [key] and old_provinces[0].code == province.code
        groups.append(ProvinceGroup(province, old_provinces, group_links, continuing))
    return groups
