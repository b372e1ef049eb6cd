"""What import rows look up: units, titles, terms and cadres in the user's scope, loaded
once per file and matched as offices spell them (no case, diacritics or xã/phường prefix)."""

from django.utils.translation import gettext as _

from cadres.models import Cadre, Level, Position, Term, Unit, unit_not_existing_message
from registry.imports import RowFailed, year_only
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
        """Every visible unit's stored values, indexed by name and code; a `Unit` is made of
        them only when a row names it (a national user sees tens of thousands of units)."""
        self._units = {"name": {}, "code": {}}
        self._unit_rows, self._made_units = {}, {}
        units = Unit.objects.visible_to(self.user)
        self._unit_source = (units.db, [field.attname for field in Unit._meta.concrete_fields])
        names = self._unit_source[1]
        at_pk, at_name, at_code = (names.index(name) for name in ("id", "name", "code"))
        for values in units.values_list(*names):
            self._unit_rows[values[at_pk]] = values
            self._index_unit(values[at_pk], values[at_name], values[at_code])

    def _index_unit(self, entry, name, code):
        self._units["name"].setdefault(unit_key(name), []).append(entry)
        if code:
            self._units["code"].setdefault(code.strip().upper(), []).append(entry)

    def _made(self, entries):
        """The units of these index entries: a loaded row becomes its `Unit` once, its parent
        linked when the user sees it too."""
        return [self._unit_of(entry) for entry in entries]

    def _unit_of(self, entry):
        if isinstance(entry, Unit):
            return entry
        unit = self._made_units.get(entry)
        if unit is None:
            db, names = self._unit_source
            unit = self._made_units[entry] = Unit.from_db(db, names, self._unit_rows[entry])
            if unit.parent_id in self._unit_rows:
                Unit.parent.field.set_cached_value(unit, self._unit_of(unit.parent_id))
        return unit

    def add_unit(self, unit):
        if self._units is None:
            self._load_units()
        self._index_unit(unit, unit.name, unit.code)

    def units_named(self, name, *, kind=None, parent=None):
        if self._units is None:
            self._load_units()
        return [
            unit
            for unit in self._made(self._units["name"].get(unit_key(name), []))
            if search_key(unit.name) == search_key(name)
            and (kind is None or unit.kind == kind)
            and unit.parent_id == (parent.pk if parent else None)
        ]

    def unit(self, row, key, text, *, day=None, strict=True):
        """The unit a cell names (as it was on `day`), or None with the row's error recorded."""
        if self._units is None:
            self._load_units()
        found = self._made(
            self._units["name"].get(unit_key(text))
            or self._units["code"].get(text.strip().upper(), [])
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
        """Titles whose name, or code, is `name`."""
        if self._positions is None:
            self._positions = {}
            for position in Position.objects.visible_to(self.user):
                self.add_position(position)
        return self._positions.get(search_key(name), []) or self._positions.get(code_key(name), [])

    def add_position(self, position):
        self.positions_named("")
        self._positions.setdefault(search_key(position.name), []).append(position)
        if position.code:
            self._positions.setdefault(code_key(position.code), []).append(position)

    def position(self, row, key, text, *, day=None, unit=None):
        """The title a cell names, held in `unit`: matched by name (or code), the unit's level
        and, where that leaves several, the kind of body; else None with the row's error."""
        found = self.positions_named(text)
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
        found = narrow_titles(found, day=day, unit=unit)
        if len(found) > 1:
            row.error(
                key,
                _(
                    "“%(name)s” matches several titles: %(titles)s. Write the title's code "
                    "instead of its name (give each title a code in the Titles list)."
                )
                % {"name": text, "titles": "; ".join(describe_title(p) for p in found)},
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

    def loaded_cadre_ids(self, keys):
        """The ids of the cadres loaded so far whose name has one of these search keys."""
        found = [cadres for (key, _birth), cadres in self._cadres.items() if key in keys]
        return [cadre.pk for cadres in found for cadre in cadres]

    def cadres(self, name, birth):
        if birth not in self._loaded_births:
            self.load_cadres([birth])
        return self._cadres.get((search_key(name), birth), [])


# The title groups that sit in each kind of body, to tell titles of one name and level apart.
KIND_CATEGORIES = {
    Unit.Kind.PARTY_BODY: {Position.Category.PARTY},
    Unit.Kind.FRONT: {Position.Category.FRONT},
    Unit.Kind.PEOPLES_COUNCIL: {Position.Category.GOVERNMENT},
    Unit.Kind.PEOPLES_COMMITTEE: {Position.Category.GOVERNMENT, Position.Category.CIVIL_SERVANT},
    Unit.Kind.COMMITTEE_OFFICE: {Position.Category.GOVERNMENT, Position.Category.CIVIL_SERVANT},
}


def narrow_titles(found, *, day=None, unit=None):
    """Of titles of one name: those valid on `day`, of `unit`'s level, then of its kind.

    Each step keeps the titles it would otherwise drop when none is left, so that a title
    of the name is never lost by a narrower test (the model's checks speak then).
    """
    steps = []
    if day:
        steps.append(
            lambda p: (
                (p.valid_from is None or p.valid_from <= day)
                and (p.valid_to is None or day <= p.valid_to)
            )
        )
    if unit is not None:
        steps.append(lambda p: p.level == unit.level)
        categories = KIND_CATEGORIES.get(unit.kind)
        if categories:
            steps.append(lambda p: p.category in categories)
    for keep in steps:
        if len(found) <= 1:
            break
        found = [p for p in found if keep(p)] or found
    return found


def describe_title(position):
    """A title with what tells it apart: level, group and code."""
    code = position.code or _("no code")
    return (
        f"{position.name} ({LEVELS.get(position.level)}, {position.get_category_display()}, {code})"
    )


def code_key(text):
    return "#" + "".join(str(text).split()).upper()


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
            value = values.get("date_of_birth")
            try:
                births.append(year_only(value) or parse_date(value))
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
