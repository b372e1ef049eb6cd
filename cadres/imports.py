"""Import and export of units, titles, cadres and succession plans as spreadsheets."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.lookups import LEVELS, CadreMatching, Lookups, describe_cadre, describe_unit, unit_key
from cadres.models import ETHNIC_GROUPS, Cadre, PlanningEntry, Position, Unit
from registry.imports import NO, YES, Column, Importer, RowFailed
from registry.text import search_key

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


class UnitImporter(Importer):
    lookups_class = Lookups
    kind = "units"
    title = gettext_lazy("units")
    model = Unit
    columns = [
        Column("name", "Tên đơn vị", required=True),
        Column("kind", "Loại", required=True, values=UNIT_KINDS, kind="choice"),
        Column("parent", "Trực thuộc", source="parent.name"),
        Column("code", "Mã"),
        Column("valid_from", "Hiệu lực từ", kind="date"),
        Column("valid_to", "Hiệu lực đến", kind="date"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {"name": "name", "kind": "kind", "parent": "parent", "code": "code"}
    field_columns |= {"valid_from": "valid_from", "valid_to": "valid_to", "note": "note"}
    export_order = ("path",)  # parents before children, so that the file imports in one pass

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
        status, _label = self.store(
            unit, values, identity="name", label=None, add=self.lookups.add_unit
        )
        return status, describe_unit(unit)  # after the values: the parent may have changed


class PositionImporter(Importer):
    lookups_class = Lookups
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
        Column("code", "Mã chức vụ"),
    ]
    field_columns = {c.key: c.key for c in columns}

    def process(self, row):
        name = row.text("name", required=True)
        level = row.choice("level", LEVELS, required=True)
        category = row.choice("category", CATEGORIES, required=True)
        values = {"name": name, "level": level, "category": category}
        self.optional(row, values, "code", row.text("code"))
        self.optional(row, values, "is_head", row.flag("is_head"))
        self.optional(row, values, "valid_from", row.date("valid_from"))
        self.optional(row, values, "valid_to", row.date("valid_to"))
        row.check()
        code = values.get("code", "")
        self.check_duplicate(row, (search_key(name), level, code), _("title, level and code"))
        found = [p for p in self.lookups.positions_named(name) if p.level == level]
        if len(found) > 1:
            # Titles of one name and level are told apart by their codes (and groups).
            found = [p for p in found if p.code == code and p.category == category] or [
                p for p in found if p.code == code
            ]
        position = found[0] if found else Position()
        return self.store(
            position, values, identity="name", label=name, add=self.lookups.add_position
        )


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
        Column("current_unit", "Đơn vị hiện nay", source="current_unit.name"),
        Column("current_position", "Chức vụ hiện nay", source="current_position.name"),
        Column("id_number", "Số định danh cá nhân"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {c.key: c.key for c in columns}
    TEXTS = ("other_names", "place_of_birth", "home_town", "religion", "general_education")
    TEXTS += ("qualification", "id_number", "note")
    DATES = ("party_admission_date", "party_full_member_date")
    export_order = ("search_key", "date_of_birth", "pk")

    def process(self, row):
        name = row.text("full_name", required=True)
        birth = row.birth_date("date_of_birth", required=True)
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
                row, "current_position", position_name, unit=values.get("current_unit")
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
        label = describe_cadre(name, birth)
        return self.store(
            cadre, values, identity="full_name", label=label, add=self.lookups.add_cadre
        )


class PlanningImporter(CadreMatching, Importer):
    kind = "planning"
    title = gettext_lazy("planning entries")
    model = PlanningEntry
    columns = [
        Column("full_name", "Họ và tên", required=True, source="cadre.full_name"),
        Column(
            "date_of_birth", "Ngày sinh", required=True, kind="date", source="cadre.date_of_birth"
        ),
        Column("position", "Chức danh quy hoạch", required=True, source="position.name"),
        Column("unit", "Đơn vị quy hoạch", required=True, source="unit.name"),
        Column("term", "Nhiệm kỳ", required=True, source="term.name"),
        Column("decision_number", "Số quyết định"),
        Column("decision_date", "Ngày quyết định", kind="date"),
        Column("status", "Trạng thái", values=PLAN_STATUSES, kind="choice"),
        Column("removed_on", "Ngày đưa ra khỏi quy hoạch", kind="date"),
        Column("note", "Ghi chú"),
    ]
    field_columns = {c.key: c.key for c in columns} | {"cadre": "full_name"}
    export_order = ("term__start", "cadre__search_key", "pk")

    def process(self, row):
        name = row.text("full_name", required=True)
        birth = row.birth_date("date_of_birth", required=True)
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
        unit = self.lookups.unit(row, "unit", unit_name, day=day, strict=False)
        position = self.lookups.position(row, "position", position_name, day=day, unit=unit)
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
