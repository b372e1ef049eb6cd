"""Import and export of rotations as spreadsheets; the kinds `manage.py import_records` knows."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.imports import (
    ETHNICITIES,
    SEXES,
    CadreImporter,
    PlanningImporter,
    PositionImporter,
    UnitImporter,
)
from cadres.lookups import CadreMatching, describe_cadre
from cadres.models import Cadre
from postings import rules
from postings.models import Direction, Posting, derive_direction
from postings.ruledata import RuleData
from postings.services import field_values, posting_save, posting_validate
from registry.cache import scopes_changed
from registry.imports import NO, YES, Column, Importer, RowFailed
from registry.spreadsheets import cell_text
from registry.text import search_key

# Decree 170/2025 Art. 50's words for the outcomes; the older words still import.
OUTCOMES = {
    Posting.Outcome.RETURNED: "Trở về đơn vị cũ",
    Posting.Outcome.REASSIGNED: "Bố trí công tác khác",
    Posting.Outcome.PROMOTED: "Đề bạt",
    Posting.Outcome.KEPT: "Bố trí ổn định công tác tại nơi đến",
    Posting.Outcome.ENDED_EARLY: "Kết thúc trước thời hạn",
    Posting.Outcome.CANCELLED: "Hủy quyết định luân chuyển",
}
OUTCOME_ALIASES = {
    "Ở lại đơn vị mới": Posting.Outcome.KEPT,
    "Ở lại nơi đến": Posting.Outcome.KEPT,
    "Kết thúc sớm": Posting.Outcome.ENDED_EARLY,
    "Hủy": Posting.Outcome.CANCELLED,
}
RELATIONS = {
    Posting.PostRelation.EQUIVALENT: "Tương đương",
    Posting.PostRelation.HIGHER: "Cao hơn",
    Posting.PostRelation.LOWER: "Thấp hơn",
}
COMMITTEE_ROLES = {
    Posting.CommitteeRole.MEMBER: "Ủy viên",
    Posting.CommitteeRole.STANDING: "Ủy viên Ban Thường vụ",
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
MOVE_KINDS = {
    Posting.Kind.ROTATION: "Luân chuyển",
    Posting.Kind.TRANSFER: "Điều động",
    Posting.Kind.SECONDMENT: "Biệt phái",
    Posting.Kind.APPOINTMENT: "Bổ nhiệm",
}
TARGET_GROUPS = {
    Posting.TargetGroup.PLANNED: "Cán bộ trong quy hoạch",
    Posting.TargetGroup.KEY_LEADER_NOT_LOCAL: "Không phải người địa phương",
    Posting.TargetGroup.TWO_TERM_LIMIT: "Đủ hai nhiệm kỳ",
    Posting.TargetGroup.OTHER: "Khác",
}
MANAGEMENT_LEVELS = {
    Posting.ManagementLevel.CENTRAL: "Trung ương quản lý",
    Posting.ManagementLevel.PROVINCE: "Tỉnh ủy quản lý",
    Posting.ManagementLevel.DISTRICT: "Huyện ủy quản lý",
}


# New rotations in one INSERT (and one of their history rows).
BULK_SIZE = 1000


class PostingImporter(CadreMatching, Importer):
    kind = "postings"
    title = gettext_lazy("rotations")
    model = Posting
    columns = [
        Column("full_name", "Họ và tên", required=True, source="cadre.full_name"),
        Column(
            "date_of_birth", "Ngày sinh", required=True, kind="date", source="cadre.date_of_birth"
        ),
        Column("sex", "Giới tính", values=SEXES, kind="choice", source="cadre.sex"),
        Column("ethnicity", "Dân tộc", values=ETHNICITIES, kind="choice", source="cadre.ethnicity"),
        Column("decision_number", "Số quyết định"),
        Column("decision_date", "Ngày quyết định", kind="date"),
        Column("deciding_body", "Cơ quan quyết định"),
        Column("from_unit", "Đơn vị đi", required=True, source="from_unit.name"),
        Column("from_position", "Chức vụ trước", source="from_position.name"),
        Column("to_unit", "Đơn vị đến", required=True, source="to_unit.name"),
        Column("to_position", "Chức vụ luân chuyển", source="to_position.name"),
        Column("start", "Ngày bắt đầu", required=True, kind="date"),
        Column("planned_end", "Ngày kết thúc dự kiến", kind="date"),
        Column("actual_end", "Ngày kết thúc thực tế", kind="date"),
        Column("outcome", "Kết quả", values=OUTCOMES, kind="choice"),
        Column("joined_party_committee", "Tham gia cấp ủy", values={1: YES, 0: NO}, kind="flag"),
        Column("joined_government", "Tham gia chính quyền", values={1: YES, 0: NO}, kind="flag"),
        Column("exception_reason", "Lý do ngoại lệ"),
        Column("note", "Ghi chú"),
        Column("direction", "Hướng luân chuyển", values=DIRECTIONS, kind="choice"),
        Column("direction_reason", "Lý do chọn hướng"),
        Column("post_relation", "Tương quan chức vụ", values=RELATIONS, kind="choice"),
        Column("purpose", "Mục đích"),
        Column(
            "party_committee_role", "Vai trò trong cấp ủy", values=COMMITTEE_ROLES, kind="choice"
        ),
        Column("position_after", "Chức vụ sau luân chuyển", source="position_after.name"),
        Column("unit_after", "Đơn vị sau luân chuyển", source="unit_after.name"),
        Column("target_group", "Diện luân chuyển", values=TARGET_GROUPS, kind="choice"),
        Column("management_level", "Diện quản lý", values=MANAGEMENT_LEVELS, kind="choice"),
        Column("kind", "Hình thức", values=MOVE_KINDS, kind="choice"),
    ]
    field_columns = {c.key: c.key for c in columns} | {
        "cadre": "full_name",
        "direction_override": "direction",
        "__all__": "",
    }
    export_order = ("start", "pk")
    # A row writes nothing itself: new cadres and rotations wait for `finish`, and a changed
    # rotation is saved by `posting_save`, whose own savepoint undoes a refused save.
    row_savepoint = False
    TEXTS = ("decision_number", "deciding_body", "exception_reason", "note", "purpose")
    TEXTS += ("direction_reason",)
    FLAGS = ("joined_party_committee", "joined_government")
    CHOICES = (
        ("party_committee_role", COMMITTEE_ROLES),
        ("target_group", TARGET_GROUPS),
        ("management_level", MANAGEMENT_LEVELS),
    )

    def batch(self):
        """The summary's rollup synced once for the file, not once a row."""
        from postings.rollup import rollup_deferred  # the reports import this module's app

        return rollup_deferred()

    def process(self, row):
        person = {
            "full_name": row.text("full_name", required=True),
            "date_of_birth": row.birth_date("date_of_birth", required=True),
            "sex": row.choice("sex", SEXES),
            "ethnicity": row.choice("ethnicity", ETHNICITIES, default="Kinh"),
        }
        values = self.read_values(row)
        # Every error of the row at once: the units and titles are looked up even when
        # another cell is wrong.
        self.look_up_units_and_titles(row, values)
        row.check()
        name, birth = person["full_name"], person["date_of_birth"]
        to_unit, start = values["to_unit"], values["start"]
        self.check_duplicate(
            row, (search_key(name), birth, to_unit.pk, start), _("cadre, receiving unit and start")
        )
        label = f"{describe_cadre(name, birth)}: {values['from_unit'].name} → {to_unit.name}"
        cadre = self.find_cadre(row, name, birth) or self.new_cadre(row, person)
        posting = self.rule_data.find(cadre, to_unit.pk, start) or Posting()
        posting.cadre = cadre  # as looked up: the checks read it without a query
        status = "new" if posting.pk is None else "updated"
        if not self.change(posting, values):
            return "unchanged", label
        posting._history_user = self.user
        posting._change_reason = self.change_reason()
        self.write(row, posting)
        if posting.warnings:
            broken = " ".join(rules.describe(posting.warnings))
            row.notes.append(_("Rule warnings: %(rules)s") % {"rules": broken})
            row.warned = posting.pk
        return status, label

    def prepare(self, rows):
        """The cadres the file names, their rotations, plans and discipline, loaded and locked
        once (`postings.ruledata.RuleData`): each row is checked against them, not queried."""
        super().prepare(rows)
        names = {search_key(cell_text(values.get("full_name"))) for _number, values in rows}
        self.rule_data = RuleData.load(self.lookups.loaded_cadre_ids(names))
        self.inserts = []  # (row number, new rotation), inserted together by `finish`
        self.new_cadres = []  # inserted by `finish` before the rotations that name them

    def write(self, row, posting):
        """Check the row as every write does; save a changed rotation, keep a new one for the
        file's one bulk insert. Once the row's savepoint is kept, later rows see it."""
        if posting.pk is None:
            posting_validate(posting, require_reason=True, data=self.rule_data)
            self.pending.append((self.inserts.append, (row.number, posting)))
        else:
            posting_save(posting=posting, data=self.rule_data)
        self.pending.append((self.rule_data.remember, posting))

    def finish(self, result):
        """Insert the file's new cadres, then its new rotations, with their history, in bulk.

        The same values a row-by-row save would write: checked by `full_clean` and
        `posting_validate`, with the importing user and the file on each history row; the
        caches' scopes are made stale once, at the commit (`registry.cache.scopes_changed`;
        a new cadre, in no unit yet, belongs to the country's scope, which every rotation's
        paths reach).
        """
        self.insert_with_history(Cadre, self.new_cadres)
        # Each rotation takes its new cadre's id as it is inserted (`bulk_create`).
        postings = [posting for _number, posting in self.inserts]
        self.insert_with_history(Posting, postings)
        # No save signal for a bulk insert: the rollup is told here (once per file, in `batch`).
        from postings.rollup import rollup_sync  # the reports import this module's app

        rollup_sync([posting.pk for posting in postings])
        paths = {unit.path for p in postings for unit in (p.from_unit, p.to_unit)}
        scopes_changed(paths)
        warned = {number: posting.pk for number, posting in self.inserts if posting.warnings}
        for row in result.rows:
            row.warned = warned.get(row.number, row.warned)
        self.inserted = [posting.pk for posting in postings]

    def insert_with_history(self, model, objects):
        """What `save` writes for each object, a thousand at a time: the row, its history."""
        for obj in objects:
            obj.normalise_text()
        for start in range(0, len(objects), BULK_SIZE):
            part = objects[start : start + BULK_SIZE]
            model.objects.bulk_create(part)
            model.history.bulk_history_create(
                part, default_user=self.user, default_change_reason=self.change_reason()
            )

    def read_values(self, row):
        """The row's own values, typed; the columns the file lacks keep what is stored."""
        values = {"start": row.date("start", required=True)}
        for key in self.TEXTS:
            self.optional(row, values, key, row.text(key))
        for key in self.FLAGS:
            self.optional(row, values, key, row.flag(key))
        for key in ("decision_date", "actual_end"):
            self.optional(row, values, key, row.date(key))
        # Left empty, the planned end takes the write path's default.
        values["planned_end"] = row.date("planned_end")
        for key, words in self.CHOICES:
            self.optional(row, values, key, row.choice(key, words))
        outcome = row.choice("outcome", OUTCOMES, aliases=OUTCOME_ALIASES)
        self.optional(row, values, "outcome", outcome)
        self.optional(
            row, values, "kind", row.choice("kind", MOVE_KINDS, default=Posting.Kind.ROTATION)
        )
        relation = row.choice("post_relation", RELATIONS, default=Posting.PostRelation.EQUIVALENT)
        self.optional(row, values, "post_relation", relation)
        # The direction written is compared with the units' once they are looked up.
        if row.has("direction"):
            values["direction"] = row.choice("direction", DIRECTIONS)
        # The units' names, looked up once every value of the row is read.
        for key in ("from_unit", "to_unit"):
            values[key] = row.text(key, required=True)
        return values

    def look_up_units_and_titles(self, row, values):
        """The units as they were on the start date, and the titles of their levels."""
        start = values["start"]
        for key in ("from_unit", "to_unit"):
            text = values[key]
            values[key] = self.lookups.unit(row, key, text, day=start) if text else None
        text = row.text("unit_after")
        unit_after = self.lookups.unit(row, "unit_after", text, strict=False) if text else None
        self.optional(row, values, "unit_after", unit_after)
        # A title is matched by its name and the level (and kind) of the unit it is held in.
        kept = values.get("outcome") == Posting.Outcome.KEPT
        held_in = {
            "from_position": values["from_unit"],
            "to_position": values["to_unit"],
            "position_after": unit_after or values["to_unit" if kept else "from_unit"],
        }
        for key, unit in held_in.items():
            text = row.text(key)
            position = self.lookups.position(row, key, text, day=start, unit=unit) if text else None
            self.optional(row, values, key, position)
        self.choose_direction(values)

    @staticmethod
    def choose_direction(values):
        """The direction written becomes an override only where it differs from the units'."""
        written = values.pop("direction", None)
        if written is None or not (values["from_unit"] and values["to_unit"]):
            return
        derived = derive_direction(values["from_unit"], values["to_unit"])
        values["direction_override"] = written if written and written != derived else ""

    def new_cadre(self, row, person):
        """A cadre the registry does not know yet, created from the row."""
        if not person["sex"]:
            row.error(
                "sex",
                _("%(cadre)s is a new cadre: enter Nam or Nữ.") % {"cadre": person["full_name"]},
            )
            raise RowFailed
        cadre = Cadre(**person)
        cadre.full_clean()
        # Inserted with the file's rotations (`finish`); until then the next rows of the same
        # person find it in the look-ups, and its data in the rule data under the object.
        self.rule_data.new_cadre(cadre)
        self.pending.append((self.lookups.add_cadre, cadre))
        self.pending.append((self.new_cadres.append, cadre))
        described = describe_cadre(person["full_name"], person["date_of_birth"])
        row.notes.append(_("New cadre: %(cadre)s.") % {"cadre": described})
        return cadre

    def change(self, posting, values):
        """Set the row's values and the defaults; return True when the record would change."""
        before = field_values(posting)
        self.apply(posting, values)
        rules.fill_defaults(posting)
        return posting.pk is None or field_values(posting) != before


IMPORTERS = {
    importer.kind: importer
    for importer in [UnitImporter, PositionImporter, CadreImporter]
    + [PlanningImporter, PostingImporter]
}
KINDS = tuple(IMPORTERS)
