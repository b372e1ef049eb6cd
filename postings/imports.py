"""Import and export of units, titles, cadres, plans and rotations as spreadsheets.

One code path for the admin (upload, preview, confirm) and `manage.py import_records`.
Every row runs inside one transaction, each in its own savepoint, through the same
validation as the forms (`full_clean`, `posting_save`); a preview is the same run rolled
back, so it reports exactly what confirming would do. If any row fails nothing is saved.

The files use fixed Vietnamese headers and values (the spreadsheets offices keep), matched
without regard to case, diacritics, punctuation or surrounding spaces.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.dates import add_months
from cadres.models import ETHNIC_GROUPS, Cadre, Level, PlanningEntry, Position, Term, Unit
from cadres.scopes import NATIONAL, scope_unit
from cadres.text import nfc, search_key
from postings.models import Direction, Posting, derive_direction, unit_not_existing_message
from postings.services import posting_save
from postings.spreadsheets import (
    SpreadsheetError,
    cell_text,
    header_key,
    parse_date,
    read_sheet,
    write_sheet,
)

YES, NO = "Có", "Không"
YES_WORDS = {"co", "x", "1", "yes", "true", "c", "v"}
NO_WORDS = {"khong", "0", "no", "false", "k", ""}
UNIT_KINDS = {
    Unit.Kind.PROVINCE: "Tỉnh",
    Unit.Kind.DISTRICT: "Huyện",
    Unit.Kind.COMMUNE: "Xã",
    Unit.Kind.TOWN: "Thị trấn",
    Unit.Kind.WARD: "Phường",
    Unit.Kind.PARTY_BODY: "Cơ quan Đảng",
    Unit.Kind.PEOPLES_COUNCIL: "HĐND",
    Unit.Kind.PEOPLES_COMMITTEE: "UBND",
    Unit.Kind.COMMITTEE_OFFICE: "Cơ quan chuyên môn",
    Unit.Kind.FRONT: "Mặt trận, đoàn thể",
    Unit.Kind.SECTOR: "Cơ quan ngành",
    Unit.Kind.PUBLIC_SERVICE: "Đơn vị sự nghiệp",
}
LEVELS = {Level.PROVINCE: "Tỉnh", Level.DISTRICT: "Huyện", Level.COMMUNE: "Xã"}
CATEGORIES = {
    Position.Category.PARTY: "Đảng",
    Position.Category.GOVERNMENT: "Chính quyền",
    Position.Category.FRONT: "Mặt trận, đoàn thể",
    Position.Category.CIVIL_SERVANT: "Công chức",
}
SEXES = {Cadre.Sex.MALE: "Nam", Cadre.Sex.FEMALE: "Nữ"}
ETHNICITIES = {name: name for name in ETHNIC_GROUPS}
THEORY = {
    Cadre.PoliticalTheory.ELEMENTARY: "Sơ cấp",
    Cadre.PoliticalTheory.INTERMEDIATE: "Trung cấp",
    Cadre.PoliticalTheory.ADVANCED: "Cao cấp",
    Cadre.PoliticalTheory.BACHELOR: "Cử nhân",
}
MANAGEMENT = {
    Cadre.StateManagement.OFFICER: "Chuyên viên",
    Cadre.StateManagement.PRINCIPAL: "Chuyên viên chính",
    Cadre.StateManagement.SENIOR: "Chuyên viên cao cấp",
}
PLAN_STATUSES = {
    PlanningEntry.Status.PROPOSED: "Đề xuất",
    PlanningEntry.Status.APPROVED: "Đã phê duyệt",
    PlanningEntry.Status.REMOVED: "Đưa ra khỏi quy hoạch",
}
OUTCOMES = {
    Posting.Outcome.RETURNED: "Trở về đơn vị cũ",
    Posting.Outcome.REASSIGNED: "Bố trí công tác khác",
    Posting.Outcome.PROMOTED: "Đề bạt",
    Posting.Outcome.KEPT: "Ở lại đơn vị mới",
    Posting.Outcome.ENDED_EARLY: "Kết thúc sớm",
    Posting.Outcome.CANCELLED: "Huỷ",
}
RELATIONS = {
    Posting.PostRelation.EQUIVALENT: "Tương đương",
    Posting.PostRelation.HIGHER: "Cao hơn",
    Posting.PostRelation.LOWER: "Thấp hơn",
}
COMMITTEE_ROLES = {
    Posting.CommitteeRole.MEMBER: "Uỷ viên",
    Posting.CommitteeRole.STANDING: "Uỷ viên Ban Thường vụ",
    Posting.CommitteeRole.DEPUTY_SECRETARY: "Phó Bí thư",
    Posting.CommitteeRole.SECRETARY: "Bí thư",
}
DIRECTIONS = {
    Direction.DISTRICT_TO_COMMUNE: "Huyện → xã",
    Direction.COMMUNE_TO_DISTRICT: "Xã → huyện",
    Direction.PROVINCE_TO_DISTRICT: "Tỉnh → huyện",
    Direction.DISTRICT_TO_PROVINCE: "Huyện → tỉnh",
    Direction.PROVINCE_TO_COMMUNE: "Tỉnh → xã",
    Direction.COMMUNE_TO_PROVINCE: "Xã → tỉnh",
    Direction.HORIZONTAL: "Ngang cấp",
    Direction.BETWEEN_LOCALITIES: "Giữa các địa phương",
}
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


@dataclass
class Column:
    key: str
    header: str
    required: bool = False
    values: dict = None  # allowed values, code → Vietnamese word
    kind: str = "text"  # text, date, flag, choice


class RowFailed(Exception):
    """The row has errors; its savepoint is rolled back."""


class Row:
    """One spreadsheet row being read: typed values, and the errors and notes it collects."""

    def __init__(self, importer, number, values):
        self.importer, self.number, self.values = importer, number, values
        self.errors, self.notes = [], []

    def has(self, key):
        return key in self.values

    def error(self, key, message):
        self.errors.append((self.importer.header(key), str(message)))

    def check(self):
        if self.errors:
            raise RowFailed

    def text(self, key, required=False):
        value = cell_text(self.values.get(key))
        if required and not value:
            self.error(key, _("This column must not be empty."))
        return value

    def date(self, key, required=False):
        raw = self.values.get(key)
        if raw is None or cell_text(raw) == "":
            if required:
                self.error(key, _("Enter the date as dd/mm/yyyy, e.g. 12/08/2012."))
            return None
        try:
            return parse_date(raw)
        except ValueError as error:
            self.error(key, error.args[0])
            return None

    def choice(self, key, words, required=False, default=""):
        text = self.text(key)
        if not text:
            if required:
                allowed = ", ".join(words.values())
                self.error(key, _("Choose one of: %(values)s.") % {"values": allowed})
            return default
        wanted = header_key(text)
        for code, word in words.items():
            if wanted in (header_key(word), header_key(code)):
                return code
        self.error(
            key,
            _("“%(value)s” is not allowed here. Write one of: %(values)s.")
            % {"value": text, "values": ", ".join(words.values())},
        )
        return default

    def flag(self, key):
        text = header_key(self.text(key))
        if text in YES_WORDS:
            return True
        if text not in NO_WORDS:
            self.error(key, _("Write “Có” or “Không”."))
        return False


@dataclass
class RowResult:
    number: int
    status: str
    label: str = ""
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: list = field(default_factory=list)
    refused: str = ""
    saved: bool = False
    seconds: float = 0.0

    STATUSES = ("new", "updated", "unchanged", "error")

    @property
    def counts(self):
        counts = dict.fromkeys(self.STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def ok(self):
        return not self.refused and bool(self.rows) and self.counts["error"] == 0

    def error_lines(self):
        """Every error as one sentence naming the row and the column."""
        lines = [self.refused] if self.refused else []
        for row in self.rows:
            for column, message in row.errors:
                lines.append(
                    _("Row %(row)s, column “%(column)s”: %(message)s")
                    % {"row": row.number, "column": column or "—", "message": message}
                )
        return lines


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


class Importer:
    """What every kind shares: header matching, duplicates, applying values, saving with history."""

    kind = ""
    title = ""
    columns = []
    field_columns = {}

    def __init__(self, *, user, file_name=""):
        self.user = user
        self.file_name = file_name
        self.lookups = Lookups(user)
        self.seen = {}
        self.national = user is not None and scope_unit(user) is NATIONAL
        self.pending = []

    def header(self, key):
        for column in self.columns:
            if column.key == key:
                return column.header
        return ""

    def map_headers(self, headers):
        """Column index → key; refuse a file whose required headers are missing."""
        by_key = {header_key(column.header): column.key for column in self.columns}
        mapping = {}
        for index, header in enumerate(headers):
            key = by_key.get(header_key(header))
            if key and key not in mapping.values():
                mapping[index] = key
        missing = [c.header for c in self.columns if c.required and c.key not in mapping.values()]
        if missing:
            raise SpreadsheetError(
                _(
                    "The header row (the first row) lacks the columns: %(missing)s. Download the "
                    "template for %(kind)s and copy your data under its headers."
                )
                % {"missing": ", ".join(missing), "kind": self.title}
            )
        return mapping

    def prepare(self, rows):
        """Load in bulk what the rows will look up."""

    def check_duplicate(self, row, identity, what):
        earlier = self.seen.get(identity)
        if earlier:
            row.error(
                "",
                _("This row repeats row %(row)s (the same %(what)s). Delete one of them.")
                % {"row": earlier, "what": what},
            )
            raise RowFailed
        self.seen[identity] = row.number

    def apply(self, obj, values):
        """Set the values; return True when any differs from what is stored."""
        changed = False
        for name, value in values.items():
            model_field = obj._meta.get_field(name)
            if model_field.is_relation:
                current = getattr(obj, model_field.attname)
                new = value.pk if value is not None else None
            else:
                current, new = getattr(obj, name), nfc(value)
                if isinstance(new, str) and current is None:
                    current = ""
            if current != new:
                changed = True
                setattr(obj, name, value)
        return changed

    def save(self, obj):
        obj._history_user = self.user
        obj._change_reason = self.change_reason()
        obj.full_clean()
        obj.save()

    def change_reason(self):
        return (_("Imported from %(file)s") % {"file": self.file_name})[:100]

    def process(self, row):
        """Validate and save one row; return (status, label)."""
        raise NotImplementedError

    def on_saved(self):
        """The row's savepoint was kept: its new objects join the look-ups."""
        for add, obj in self.pending:
            add(obj)
        self.pending = []

    def export_queryset(self, queryset):
        return queryset

    def export_row(self, obj):
        raise NotImplementedError

    def optional(self, row, values, key, value):
        """Set a value only when the file has its column, so absent columns keep stored data."""
        if row.has(key):
            values[key] = value


class UnitImporter(Importer):
    kind = "units"
    title = gettext_lazy("units")
    model = Unit
    columns = [
        Column("name", "Tên đơn vị", required=True),
        Column("kind", "Loại", required=True, values=UNIT_KINDS, kind="choice"),
        Column("parent", "Trực thuộc"),
        Column("code", "Mã"),
        Column("valid_from", "Hiệu lực từ", kind="date"),
        Column("valid_to", "Hiệu lực đến", kind="date"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {"name": "name", "kind": "kind", "parent": "parent", "code": "code"}
    field_columns |= {"valid_from": "valid_from", "valid_to": "valid_to", "note": "note"}

    def process(self, row):
        name = row.text("name", required=True)
        kind = row.choice("kind", UNIT_KINDS, required=True)
        valid_from, valid_to = row.date("valid_from"), row.date("valid_to")
        parent_name = row.text("parent")
        row.check()
        parent = None
        if parent_name:
            parent = self.lookups.unit(row, "parent", parent_name, day=valid_from, strict=False)
        elif not self.national:
            row.error(
                "parent",
                _("Name the unit this one belongs to: you may add units only inside your scope."),
            )
        row.check()
        self.check_duplicate(
            row, (unit_key(name), kind, parent and parent.pk, valid_from), _("unit")
        )
        found = self.lookups.units_named(name, kind=kind, parent=parent)
        if len(found) > 1:
            found = [unit for unit in found if unit.valid_from == valid_from] or found
        unit = found[0] if len(found) == 1 else Unit()
        values = {"name": name, "kind": kind, "parent": parent}
        for key, value in [("code", row.text("code")), ("note", row.text("note"))]:
            self.optional(row, values, key, value)
        self.optional(row, values, "valid_from", valid_from)
        self.optional(row, values, "valid_to", valid_to)
        status = "new" if unit.pk is None else "updated"
        if unit.pk:
            del values["name"]  # the identity: keep the spelling on record
        if not self.apply(unit, values):
            return "unchanged", describe_unit(unit)
        self.save(unit)
        if status == "new":
            self.pending.append((self.lookups.add_unit, unit))
        return status, describe_unit(unit)

    def export_queryset(self, queryset):
        # Parents before children, so that the file imports in one pass.
        return queryset.select_related("parent").order_by("path")

    def export_row(self, unit):
        return [
            unit.name,
            UNIT_KINDS.get(unit.kind, unit.kind),
            unit.parent.name if unit.parent_id else "",
            unit.code,
            unit.valid_from,
            unit.valid_to,
            unit.note,
        ]


class PositionImporter(Importer):
    kind = "positions"
    title = gettext_lazy("titles")
    model = Position
    columns = [
        Column("name", "Tên chức vụ", required=True),
        Column("level", "Cấp", required=True, values=LEVELS, kind="choice"),
        Column("category", "Nhóm", required=True, values=CATEGORIES, kind="choice"),
        Column("is_head", "Cấp trưởng", values={True: YES, False: NO}, kind="flag"),
        Column("valid_from", "Hiệu lực từ", kind="date"),
        Column("valid_to", "Hiệu lực đến", kind="date"),
    ]
    field_columns = {c.key: c.key for c in columns}

    def process(self, row):
        name = row.text("name", required=True)
        level = row.choice("level", LEVELS, required=True)
        category = row.choice("category", CATEGORIES, required=True)
        values = {"name": name, "level": level, "category": category}
        self.optional(row, values, "is_head", row.flag("is_head"))
        self.optional(row, values, "valid_from", row.date("valid_from"))
        self.optional(row, values, "valid_to", row.date("valid_to"))
        row.check()
        self.check_duplicate(row, (search_key(name), level), _("title and level"))
        found = [p for p in self.lookups.positions_named(name) if p.level == level]
        position = found[0] if found else Position()
        status = "new" if position.pk is None else "updated"
        if position.pk:
            del values["name"]
        if not self.apply(position, values):
            return "unchanged", name
        self.save(position)
        if status == "new":
            self.pending.append((self.lookups.add_position, position))
        return status, name

    def export_row(self, position):
        return [
            position.name,
            LEVELS.get(position.level, position.level),
            CATEGORIES.get(position.category, position.category),
            YES if position.is_head else NO,
            position.valid_from,
            position.valid_to,
        ]


class CadreMatching:
    """Cadres are matched by name and date of birth, ignoring case and diacritics."""

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


class CadreImporter(CadreMatching, Importer):
    kind = "cadres"
    title = gettext_lazy("cadres")
    model = Cadre
    columns = [
        Column("full_name", "Họ và tên", required=True),
        Column("other_names", "Tên gọi khác"),
        Column("sex", "Giới tính", required=True, values=SEXES, kind="choice"),
        Column("date_of_birth", "Ngày sinh", required=True, kind="date"),
        Column("ethnicity", "Dân tộc", values=ETHNICITIES, kind="choice"),
        Column("place_of_birth", "Nơi sinh"),
        Column("home_town", "Quê quán"),
        Column("religion", "Tôn giáo"),
        Column("party_admission_date", "Ngày vào Đảng", kind="date"),
        Column("party_full_member_date", "Ngày chính thức", kind="date"),
        Column("general_education", "Giáo dục phổ thông"),
        Column("qualification", "Chuyên môn cao nhất"),
        Column("political_theory", "Lý luận chính trị", values=THEORY, kind="choice"),
        Column("state_management", "Quản lý nhà nước", values=MANAGEMENT, kind="choice"),
        Column("current_unit", "Đơn vị hiện nay"),
        Column("current_position", "Chức vụ hiện nay"),
        Column("id_number", "Số định danh cá nhân"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {c.key: c.key for c in columns}
    TEXTS = ("other_names", "place_of_birth", "home_town", "religion", "general_education")
    TEXTS += ("qualification", "id_number", "note")
    DATES = ("party_admission_date", "party_full_member_date")

    def process(self, row):
        name = row.text("full_name", required=True)
        birth = row.date("date_of_birth", required=True)
        values = {"full_name": name, "date_of_birth": birth}
        values["sex"] = row.choice("sex", SEXES, required=True)
        for key in self.TEXTS:
            self.optional(row, values, key, row.text(key))
        for key in self.DATES:
            self.optional(row, values, key, row.date(key))
        for key, words in [
            ("ethnicity", ETHNICITIES),
            ("political_theory", THEORY),
            ("state_management", MANAGEMENT),
        ]:
            default = "Kinh" if key == "ethnicity" else ""
            self.optional(row, values, key, row.choice(key, words, default=default))
        row.check()
        unit_name, position_name = row.text("current_unit"), row.text("current_position")
        if unit_name:
            today = datetime.date.today()
            unit = self.lookups.unit(row, "current_unit", unit_name, day=today, strict=False)
            values["current_unit"] = unit
        self.optional(row, values, "current_unit", values.get("current_unit"))
        if position_name:
            values["current_position"] = self.lookups.position(
                row, "current_position", position_name
            )
        self.optional(row, values, "current_position", values.get("current_position"))
        row.check()
        self.check_duplicate(row, (search_key(name), birth), _("name and date of birth"))
        cadre = self.find_cadre(row, name, birth) or Cadre()
        if cadre.pk is None and not self.national and not values.get("current_unit"):
            row.error(
                "current_unit",
                _("Enter the cadre's current unit in your scope, or the record would be hidden."),
            )
            raise RowFailed
        status = "new" if cadre.pk is None else "updated"
        if cadre.pk:
            del values["full_name"]
        label = describe_cadre(name, birth)
        if not self.apply(cadre, values):
            return "unchanged", label
        self.save(cadre)
        if status == "new":
            self.pending.append((self.lookups.add_cadre, cadre))
        return status, label

    def export_queryset(self, queryset):
        return queryset.select_related("current_unit", "current_position").order_by(
            "search_key", "date_of_birth", "pk"
        )

    def export_row(self, cadre):
        return [
            cadre.full_name,
            cadre.other_names,
            SEXES.get(cadre.sex, cadre.sex),
            cadre.date_of_birth,
            cadre.ethnicity,
            cadre.place_of_birth,
            cadre.home_town,
            cadre.religion,
            cadre.party_admission_date,
            cadre.party_full_member_date,
            cadre.general_education,
            cadre.qualification,
            THEORY.get(cadre.political_theory, ""),
            MANAGEMENT.get(cadre.state_management, ""),
            cadre.current_unit.name if cadre.current_unit_id else "",
            cadre.current_position.name if cadre.current_position_id else "",
            cadre.id_number,
            cadre.note,
        ]


class PlanningImporter(CadreMatching, Importer):
    kind = "planning"
    title = gettext_lazy("planning entries")
    model = PlanningEntry
    columns = [
        Column("full_name", "Họ và tên", required=True),
        Column("date_of_birth", "Ngày sinh", required=True, kind="date"),
        Column("position", "Chức danh quy hoạch", required=True),
        Column("unit", "Đơn vị quy hoạch", required=True),
        Column("term", "Nhiệm kỳ", required=True),
        Column("decision_number", "Số quyết định"),
        Column("decision_date", "Ngày quyết định", kind="date"),
        Column("status", "Trạng thái", values=PLAN_STATUSES, kind="choice"),
        Column("removed_on", "Ngày đưa ra khỏi quy hoạch", kind="date"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {c.key: c.key for c in columns} | {"cadre": "full_name"}

    def process(self, row):
        name = row.text("full_name", required=True)
        birth = row.date("date_of_birth", required=True)
        values = {}
        self.optional(row, values, "decision_number", row.text("decision_number"))
        self.optional(row, values, "decision_date", row.date("decision_date"))
        self.optional(row, values, "removed_on", row.date("removed_on"))
        self.optional(row, values, "note", row.text("note"))
        status_code = row.choice("status", PLAN_STATUSES, default=PlanningEntry.Status.APPROVED)
        self.optional(row, values, "status", status_code)
        position_name, unit_name = row.text("position", True), row.text("unit", True)
        term = self.lookups.term(row, "term", row.text("term", required=True))
        row.check()
        day = values.get("decision_date") or term.start
        position = self.lookups.position(row, "position", position_name, day=day)
        unit = self.lookups.unit(row, "unit", unit_name, day=day, strict=False)
        cadre = self.find_cadre(row, name, birth)
        if cadre is None:
            row.error(
                "full_name",
                _(
                    "No cadre %(cadre)s in your scope. Check the name and date of birth, or "
                    "import the cadre first (Cadres template)."
                )
                % {"cadre": describe_cadre(name, birth)},
            )
        row.check()
        self.check_duplicate(row, (cadre.pk, position.pk, unit.pk, term.pk), _("planning entry"))
        entry = PlanningEntry.objects.filter(
            cadre=cadre, position=position, unit=unit, term=term
        ).first() or PlanningEntry(cadre=cadre, position=position, unit=unit, term=term)
        status = "new" if entry.pk is None else "updated"
        label = f"{describe_cadre(name, birth)}: {position.name}, {unit.name} ({term.name})"
        if not self.apply(entry, values) and status == "updated":
            return "unchanged", label
        self.save(entry)
        return status, label

    def export_queryset(self, queryset):
        return queryset.select_related("cadre", "position", "unit", "term").order_by(
            "term__start", "cadre__search_key", "pk"
        )

    def export_row(self, entry):
        return [
            entry.cadre.full_name,
            entry.cadre.date_of_birth,
            entry.position.name,
            entry.unit.name,
            entry.term.name,
            entry.decision_number,
            entry.decision_date,
            PLAN_STATUSES.get(entry.status, entry.status),
            entry.removed_on,
            entry.note,
        ]


class PostingImporter(CadreMatching, Importer):
    kind = "postings"
    title = gettext_lazy("rotations")
    model = Posting
    columns = [
        Column("full_name", "Họ và tên", required=True),
        Column("date_of_birth", "Ngày sinh", required=True, kind="date"),
        Column("sex", "Giới tính", values=SEXES, kind="choice"),
        Column("ethnicity", "Dân tộc", values=ETHNICITIES, kind="choice"),
        Column("decision_number", "Số quyết định"),
        Column("decision_date", "Ngày quyết định", kind="date"),
        Column("deciding_body", "Cơ quan quyết định"),
        Column("from_unit", "Đơn vị đi", required=True),
        Column("from_position", "Chức vụ trước"),
        Column("to_unit", "Đơn vị đến", required=True),
        Column("to_position", "Chức vụ luân chuyển"),
        Column("start", "Ngày bắt đầu", required=True, kind="date"),
        Column("planned_end", "Ngày kết thúc dự kiến", kind="date"),
        Column("actual_end", "Ngày kết thúc thực tế", kind="date"),
        Column("outcome", "Kết quả", values=OUTCOMES, kind="choice"),
        Column("joined_party_committee", "Tham gia cấp uỷ", values={1: YES, 0: NO}, kind="flag"),
        Column("joined_government", "Tham gia chính quyền", values={1: YES, 0: NO}, kind="flag"),
        Column("in_planning_at_start", "Trong quy hoạch", values={1: YES, 0: NO}, kind="flag"),
        Column("exception_reason", "Lý do ngoại lệ"),
        Column("note", "Ghi chú"),
        Column("direction", "Hướng luân chuyển", values=DIRECTIONS, kind="choice"),
        Column("post_relation", "Tương quan chức vụ", values=RELATIONS, kind="choice"),
        Column("purpose", "Mục đích"),
        Column(
            "party_committee_role", "Vai trò trong cấp uỷ", values=COMMITTEE_ROLES, kind="choice"
        ),
        Column("position_after", "Chức vụ sau luân chuyển"),
        Column("unit_after", "Đơn vị sau luân chuyển"),
    ]
    field_columns = {c.key: c.key for c in columns} | {"cadre": "full_name", "__all__": ""}
    TEXTS = ("decision_number", "deciding_body", "exception_reason", "note", "purpose")
    FLAGS = ("joined_party_committee", "joined_government", "in_planning_at_start")

    def process(self, row):
        name = row.text("full_name", required=True)
        birth = row.date("date_of_birth", required=True)
        sex = row.choice("sex", SEXES)
        ethnicity = row.choice("ethnicity", ETHNICITIES, default="Kinh")
        start = row.date("start", required=True)
        values = {"start": start}
        for key in self.TEXTS:
            self.optional(row, values, key, row.text(key))
        for key in self.FLAGS:
            self.optional(row, values, key, row.flag(key))
        for key in ("decision_date", "actual_end"):
            self.optional(row, values, key, row.date(key))
        planned_end = row.date("planned_end")
        for key, words in [
            ("outcome", OUTCOMES),
            ("direction", DIRECTIONS),
            ("party_committee_role", COMMITTEE_ROLES),
        ]:
            self.optional(row, values, key, row.choice(key, words))
        relation = row.choice("post_relation", RELATIONS, default=Posting.PostRelation.EQUIVALENT)
        self.optional(row, values, "post_relation", relation)
        from_name, to_name = row.text("from_unit", True), row.text("to_unit", True)
        row.check()
        values["from_unit"] = self.lookups.unit(row, "from_unit", from_name, day=start)
        values["to_unit"] = self.lookups.unit(row, "to_unit", to_name, day=start)
        for key in ("from_position", "to_position", "position_after"):
            text = row.text(key)
            position = self.lookups.position(row, key, text, day=start) if text else None
            self.optional(row, values, key, position)
        unit_after = row.text("unit_after")
        if unit_after:
            values["unit_after"] = self.lookups.unit(row, "unit_after", unit_after, strict=False)
        self.optional(row, values, "unit_after", values.get("unit_after"))
        row.check()
        values["planned_end"] = planned_end or add_months(start, settings.ROTATION_MIN_MONTHS)
        if not values.get("direction"):
            values["direction"] = derive_direction(values["from_unit"], values["to_unit"])
        to_unit = values["to_unit"]
        self.check_duplicate(
            row, (search_key(name), birth, to_unit.pk, start), _("cadre, receiving unit and start")
        )
        label = f"{describe_cadre(name, birth)}: {values['from_unit'].name} → {to_unit.name}"
        cadre = self.find_cadre(row, name, birth)
        posting = None
        if cadre is None:
            if not sex:
                row.error("sex", _("%(cadre)s is a new cadre: enter Nam or Nữ.") % {"cadre": name})
                raise RowFailed
            cadre = Cadre(full_name=name, date_of_birth=birth, sex=sex, ethnicity=ethnicity)
            self.save(cadre)
            self.pending.append((self.lookups.add_cadre, cadre))
            row.notes.append(_("New cadre: %(cadre)s.") % {"cadre": describe_cadre(name, birth)})
        else:
            posting = Posting.objects.filter(cadre=cadre, to_unit=to_unit, start=start).first()
        posting = posting or Posting(cadre=cadre)
        status = "new" if posting.pk is None else "updated"
        if (
            posting.pk
            and posting.in_planning_at_start
            and values.get("in_planning_at_start") is False
            and cadre.in_plan_on(start)
        ):
            # The snapshot ticks it from the planning entries; the file cannot untick it.
            values["in_planning_at_start"] = True
        if not self.apply(posting, values):
            return "unchanged", label
        posting._history_user = self.user
        posting._change_reason = self.change_reason()
        posting_save(posting=posting, require_reason=False)
        if posting.warnings:
            from postings import rules

            broken = " ".join(rules.describe(posting.warnings))
            warning = _("Rule warnings: %(rules)s") % {"rules": broken}
            if not posting.exception_reason:
                warning += " " + _("No reason recorded: add it in “Lý do ngoại lệ”.")
            row.notes.append(warning)
        return status, label

    def export_queryset(self, queryset):
        return (
            queryset.with_related()
            .select_related("position_after", "unit_after")
            .order_by("start", "pk")
        )

    def export_row(self, posting):
        def name(obj):
            return obj.name if obj else ""

        return [
            posting.cadre.full_name,
            posting.cadre.date_of_birth,
            SEXES.get(posting.cadre.sex, ""),
            posting.cadre.ethnicity,
            posting.decision_number,
            posting.decision_date,
            posting.deciding_body,
            posting.from_unit.name,
            name(posting.from_position),
            posting.to_unit.name,
            name(posting.to_position),
            posting.start,
            posting.planned_end,
            posting.actual_end,
            OUTCOMES.get(posting.outcome, ""),
            YES if posting.joined_party_committee else NO,
            YES if posting.joined_government else NO,
            YES if posting.in_planning_at_start else NO,
            posting.exception_reason,
            posting.note,
            DIRECTIONS.get(posting.direction, ""),
            RELATIONS.get(posting.post_relation, ""),
            posting.purpose,
            COMMITTEE_ROLES.get(posting.party_committee_role, ""),
            name(posting.position_after),
            name(posting.unit_after),
        ]


IMPORTERS = {
    importer.kind: importer
    for importer in [UnitImporter, PositionImporter, CadreImporter]
    + [PlanningImporter, PostingImporter]
}
KINDS = tuple(IMPORTERS)


def import_records(*, kind, data, file_name, user, commit, progress=None):
    """Read a spreadsheet and save its rows, all or none; with commit=False, only preview."""
    began = time.monotonic()
    importer = IMPORTERS[kind](user=user, file_name=file_name)
    result = ImportResult(kind=kind, file_name=file_name)
    try:
        sheet = read_sheet(data=data, file_name=file_name)
        mapping = importer.map_headers(sheet.headers)
    except SpreadsheetError as error:
        result.refused = error.message
        return result
    if not sheet.rows:
        result.refused = _("The file has a header row but no data. Add rows under the headers.")
        return result
    rows = [
        (number, {key: values[index] for index, key in mapping.items() if index < len(values)})
        for number, values in sheet.rows
    ]
    with transaction.atomic():
        importer.prepare(rows)
        for done, (number, values) in enumerate(rows, start=1):
            result.rows.append(run_row(importer, number, values))
            if progress and (done % 500 == 0 or done == len(rows)):
                progress(done, len(rows))
        result.saved = commit and result.ok
        if not result.saved:
            transaction.set_rollback(True)
    result.seconds = time.monotonic() - began
    return result


def run_row(importer, number, values):
    """One row in its own savepoint: kept when it succeeds, rolled back with its errors."""
    row = Row(importer, number, values)
    importer.pending = []
    try:
        with transaction.atomic():
            status, label = importer.process(row)
            row.check()
    except RowFailed:
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    except ValidationError as error:
        for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
            column = importer.header(importer.field_columns.get(name, ""))
            for message in messages:
                row.errors.append((column, message))
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    except DatabaseError as error:
        row.errors.append(("", _("The row could not be saved: %(error)s") % {"error": error}))
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    importer.on_saved()
    return RowResult(number, status, label=label, notes=row.notes)


def export_records(*, kind, queryset, file_format):
    """The rows of this queryset as a spreadsheet with the import template's headers."""
    importer = IMPORTERS[kind](user=None)
    headers = [column.header for column in importer.columns]
    rows = (importer.export_row(obj) for obj in importer.export_queryset(queryset).iterator(2000))
    title = str(importer.title)
    return write_sheet(headers=headers, rows=rows, file_format=file_format, title=title)


def template_file(*, kind, file_format):
    """An empty spreadsheet with the headers, and in Excel a guide sheet of allowed values."""
    importer = IMPORTERS[kind](user=None)
    headers = [column.header for column in importer.columns]
    notes = [(_("Column"), _("Required"), _("What to write"))]
    hints = {
        "date": _("A date: dd/mm/yyyy, e.g. 12/08/2012"),
        "flag": _("Có or Không"),
        "text": "",
    }
    for column in importer.columns:
        hint = hints.get(column.kind, "")
        if column.values and column.kind == "choice":
            hint = ", ".join(column.values.values())
        notes.append((column.header, YES if column.required else "", hint))
    return write_sheet(
        headers=headers, rows=[], file_format=file_format, title=str(importer.title), notes=notes
    )
