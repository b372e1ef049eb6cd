"""The real country under the synthetic rotations: which provinces `seed_scale` loads.

The territorial units come from `load_admin_units` (the pinned vietnamadminunits dataset).
A small seed loads a few provinces so that tests stay fast; from `FULL_SHAPE_POSTINGS`
rotations on, the whole country (63 provinces, 696 districts, 10,035 communes until
30/06/2025; 34 provinces, 3,321 communes from 01/07/2025).
"""

from bench.scale.shape import FULL_SHAPE_POSTINGS
from cadres.admin_units import load_admin_units
from cadres.admin_units.dataset import read_country

# Small seeds start with Lạng Sơn (the demo's province, not merged in 2025) and Khánh Hòa
# (Khánh Hòa and Ninh Thuận merged): both sides of the reform, few communes.
SMALL_FIRST = ("20", "56")
MIN_PROVINCES = 2


def province_count(postings, provinces, total):
    """How many provinces (of 01/07/2025, with those that formed them) a seed loads."""
    if provinces is not None:
        return max(1, min(provinces, total))
    if postings >= FULL_SHAPE_POSTINGS:
        return total
    return max(MIN_PROVINCES, round(total * postings / FULL_SHAPE_POSTINGS))


def selected_codes(postings, provinces=None):
    """The official codes of the provinces to load, small ones first, then in code order."""
    codes = [group.province.code for group in read_country()]
    ordered = [code for code in SMALL_FIRST if code in codes]
    ordered += [code for code in codes if code not in SMALL_FIRST]
    return ordered[: province_count(postings, provinces, len(ordered))]


def load_country(postings, *, provinces=None, names=(), report=print):
    """Load the real territorial units: the named provinces, or as many as the size needs."""
    wanted = list(names) or selected_codes(postings, provinces)
    loaders = load_admin_units(provinces=wanted)
    units = sum(loader.counts["units_added"] for loader in loaders)
    report(f"real territorial units: {units:,} in {len(loaders)} province(s)")
    return loaders
