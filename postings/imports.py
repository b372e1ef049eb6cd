"""Import and export of rotations as spreadsheets; the kinds `manage.py import_records` knows."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.imports import (
    ETHNICITIES,
    SEXES,
    CadreImporter,
    CadreMatching,
    PlanningImporter,
    PositionImporter,
    UnitImporter,
    describe_cadre,
)
from cadres.models import Cadre
from postings.models import Direction, Posting, derive_direction
from postings.services import posting_save
from registry.dates import add_months
from registry.imports import NO, YES, Column, Importer, RowFailed
from registry.text import search_key

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
