"""What import rows look up: units, titles, terms and cadres in the user's scope, loaded
once per file and matched as offices spell them (no case, diacritics or xã/phường prefix)."""

from django.utils.translation import gettext as _

from cadres.models import Cadre, Level, Position, Term, Unit, unit_not_existing_message
from registry.imports import RowFailed
from registry.spreadsheets import header_key, parse_date
from registry.text import search_key

# The files' words for the levels (the titles import writes and reads them too).
LEVELS = {Level.PROVINCE: "Tỉnh", Level.DISTRICT: "Huyện", Level.COMMUNE: "Xã"}
UNIT_PREFIXES = ("thi tran ", "phuong ", "xa ")


def unit_key(name):
    """A unit's name as matched: no diacritics or case, without a leading xã/thị trấn/phường."""
    key = header_key(name)
    for prefix in UNIT_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def term_key(name):
    return "".join(ch for ch in header_key(name) if ch.isalnum())


class Lookups:
    """Units, titles, terms and cadres within the importing user's scope, loaded once."""

    def __init__(self, user):
        self.user = user
        self._units = None
        self._positions = None
        self._terms = None
        self._cadres = {}
        self._loaded_births = set()

    # Units
    def _load_units(self):
        self._units = {"name": {}, "code": {}}
        for unit in Unit.objects.visible_to(self.user).select_related("parent"):
            self.add_unit(unit)

    def add_unit(self, unit):
        if self._units is None:
            self._load_units()
        self._units["name"].setdefault(unit_key(unit.name), []).append(unit)
        if unit.code:
            self._units["code"].setdefault(unit.code.strip().upper(), []).append(unit)

    def units_named(self, name, *, kind=None, parent=None):
        if self._units is None:
            self._load_units()
        return [
            unit
            for unit in self._units["name"].get(unit_key(name), [])
            if search_key(unit.name) == search_key(name)
            and (kind is None or unit.kind == kind)
            and unit.parent_id == (parent.pk if parent else None)
        ]

    def unit(self, row, key, text, *, day=None, strict=True):
        """The unit a cell names (as it was on `day`), or None with the row's error recorded."""
        if self._units is None:
            self._load_units()
        found = self._units["name"].get(unit_key(text)) or self._units["code"].get(
            text.strip().upper(), []
        )
        if not found:
            row.error(
                key,
                _(
                    "No unit named “%(name)s” in your scope. Check the spelling, or import "
                    "the unit first (Units template)."
                )
                % {"name": text},
            )
            return None
        if day:
            on_day = [unit for unit in found if unit.existed_on(day)]
            if strict and not on_day:
                row.error(key, unit_not_existing_message(found[0], day))
                return None
            found = on_day or found
        if len(found) > 1:
            exact = [unit for unit in found if search_key(unit.name) == search_key(text)]
            found = exact if len(exact) == 1 else found
        if len(found) > 1:
            row.error(
                key,
                _(
                    "“%(name)s” matches several units: %(units)s. Write the unit's official "
                    "code instead, or correct the names in the Units list."
                )
                % {"name": text, "units": "; ".join(describe_unit(unit) for unit in found)},
            )
            return None
        return found[0]

    # Titles and terms
    def positions_named(self, name):
        if self._positions is None:
            self._positions = {}
            for position in Position.objects.visible_to(self.user):
                self.add_position(position)
        return self._positions.get(search_key(name), [])

    def add_position(self, position):
        self.positions_named("")
        self._positions.setdefault(search_key(position.name), []).append(position)

    def position(self, row, key, text, *, day=None):
        found = self.positions_named(text)
        if len(found) > 1 and day:
            found = [
                position
                for position in found
                if (position.valid_from is None or position.valid_from <= day)
                and (position.valid_to is None or day <= position.valid_to)
            ] or found
        if not found:
            row.error(
                key,
                _(
                    "The title “%(name)s” is not in the title catalogue. Correct the name, or "
                    "add the title first (Titles template)."
                )
                % {"name": text},
            )
            return None
        if len(found) > 1:
            row.error(
                key,
                _("“%(name)s” matches several titles: %(titles)s. Rename one in the catalogue.")
                % {
                    "name": text,
                    "titles": "; ".join(f"{p.name} ({LEVELS.get(p.level)})" for p in found),
                },
            )
            return None
        return found[0]

    def term(self, row, key, text):
        if self._terms is None:
            self._terms = {term_key(term.name): term for term in Term.objects.visible_to(self.user)}
        term = self._terms.get(term_key(text))
        if term is None:
            row.error(
                key,
                _("No term named “%(name)s”. Write it as in the term list, e.g. %(example)s.")
                % {"name": text, "example": ", ".join(list(map(str, self._terms.values()))[-2:])},
            )
        return term

    # Cadres
    def load_cadres(self, births):
        """Load the visible cadres born on these dates, in a few queries."""
        births = sorted(set(births) - self._loaded_births)
        self._loaded_births.update(births)
        for start in range(0, len(births), 500):
            chunk = births[start : start + 500]
            visible = Cadre.objects.visible_to(self.user).filter(date_of_birth__in=chunk)
            for cadre in visible:
                self.add_cadre(cadre)

    def add_cadre(self, cadre):
        self._cadres.setdefault((search_key(cadre.full_name), cadre.date_of_birth), []).append(
            cadre
        )

    def cadres(self, name, birth):
        if birth not in self._loaded_births:
            self.load_cadres([birth])
        return self._cadres.get((search_key(name), birth), [])


def describe_unit(unit):
    if unit.parent_id:
        return _("%(unit)s (under %(parent)s)") % {"unit": unit.name, "parent": unit.parent.name}
    return unit.name


def describe_cadre(name, birth):
    return f"{name} ({birth:%d/%m/%Y})" if birth else name


class CadreMatching:
    """Cadres are matched by name and date of birth, ignoring case and diacritics."""

    lookups_class = Lookups

    def prepare(self, rows):
        births = []
        for _number, values in rows:
            try:
                births.append(parse_date(values.get("date_of_birth")))
            except (ValueError, TypeError):
                continue
        self.lookups.load_cadres(births)

    def find_cadre(self, row, name, birth):
        found = self.lookups.cadres(name, birth)
        if len(found) > 1:
            row.error(
                "full_name",
                _(
                    "Several cadres named %(name)s were born on %(birth)s. Merge the duplicate "
                    "records first, then import this row again."
                )
                % {"name": name, "birth": f"{birth:%d/%m/%Y}"},
            )
            raise RowFailed
        return found[0] if found else None
