"""The country's real territorial units, their codes, places and 2025 successors.

`dataset` reads the `vietnamadminunits` package's data files; `loader` merges them into the
register (`manage.py load_admin_units`).
"""

from cadres.admin_units.loader import FIRST_DAY, LAST_DAY, load_admin_units

__all__ = ["FIRST_DAY", "LAST_DAY", "load_admin_units"]
