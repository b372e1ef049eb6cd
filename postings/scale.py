"""Country-sized synthetic data for benchmarks: units, titles, terms, cadres, rotations.

Deterministic for a given (postings, seed): the same call gives the same rows. The shape
follows DOMAIN.md §6 (63 provinces, 696 districts, 10,035 communes before 01/07/2025),
scaled down proportionally for small counts so that tests stay fast.

Rows are produced as tuples in the column order of `COLUMNS`; `load` writes them with
PostgreSQL COPY (a million rotations in a couple of minutes) or, on other databases,
with `bulk_create` in batches. No simple-history rows are written for synthetic data.
"""

import datetime
import random
import time
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction

from cadres.models import Cadre, Level, Position, Term, Unit
from postings.models import Direction, Evaluation, Posting
from registry.cache import data_version_bump
from registry.dates import add_months, age_on, months_between, retirement_date, years_between
from registry.text import nfc, search_key

FULL_SHAPE_POSTINGS = 100_000
PROVINCES, DISTRICTS, COMMUNES = 63, 696, 10_035
FIRST_DAY = datetime.date(2003, 1, 1)
# The reference "today" of synthetic data: rotations after it are active or overdue.
REFERENCE_DAY = datetime.date(2026, 11, 26)
DISTRICTS_ABOLISHED = datetime.date(2025, 7, 1)
MARKER_TABLE = "seed_scale_marker"
SYNTHETIC_NOTE = "seed_scale"

COLUMNS = {
    Unit: [
        "id", "name", "search_key", "kind", "level", "parent_id", "locality_id", "path",
        "code", "valid_from", "valid_to", "note",
    ],
    Position: [
        "id", "name", "search_key", "level", "category", "is_head", "valid_from", "valid_to",
    ],
    Cadre: [
        "id", "full_name", "other_names", "search_key", "sex", "date_of_birth",
        "place_of_birth", "home_town", "ethnicity", "religion", "party_admission_date",
        "party_full_member_date", "general_education", "qualification", "political_theory",
        "state_management", "current_unit_id", "current_position_id", "id_number", "note",
        "version",
    ],
    Posting: [
        "id", "cadre_id", "decision_number", "decision_date", "deciding_body", "from_unit_id",
        "from_position_id", "to_unit_id", "to_position_id", "direction", "purpose",
        "post_relation", "start", "planned_end", "actual_end", "outcome", "position_after_id",
        "unit_after_id", "joined_party_committee", "party_committee_role", "joined_government",
        "in_planning_at_start", "age_at_start", "working_years_left_at_start", "warnings",
        "exception_reason", "note", "version", "created_at", "updated_at",
    ],
    Evaluation: ["id", "posting_id", "kind", "date", "rating", "text"],
}  # fmt: skip


def words(text):
    return text.split()


PROVINCE_NAMES = [
    "An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip
PLACE_SYLLABLES = words(
    "An Bình Phú Thạnh Hòa Tân Long Mỹ Đông Tây Nam Bắc Xuân Hưng Yên Lộc Vĩnh Quang Minh "
    "Thanh Hải Sơn Lâm Trung Hiệp Thuận Phước Đức Cẩm Kim Hồng Ngọc Thái Hà Gia Nghĩa Tiến "
    "Thịnh Khánh Mai Tam Đồng Châu Lạc Thắng Lợi Hữu Văn Quý Tường Định Chánh Hội Khê Lương"
)
SURNAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 6), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Nông", 2), ("Lương", 1), ("Lăng", 1), ("Vi", 1),
    ("Hà", 1), ("Lò", 1), ("Triệu", 1), ("Ma", 1), ("Đinh", 1), ("Tạ", 1),
)  # fmt: skip
MALE_MIDDLE = words("Văn Đức Minh Hữu Quang Ngọc Công Xuân Thanh Đình Quốc Trọng")
FEMALE_MIDDLE = words("Thị Thị Thị Ngọc Thu Thanh Kim Minh Hồng Bích")
MALE_GIVEN = words(
    "An Bảo Bình Cường Dũng Đạt Đông Giang Hải Hiếu Hòa Hùng Huy Khánh Khoa Kiên Lâm Long "
    "Mạnh Minh Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Thắng Thành Thông Tiến Toàn Trung "
    "Tuấn Việt Vinh Vũ Hưng Lộc Tâm Tú"
)
FEMALE_GIVEN = words(
    "Anh Chi Diệp Dung Giang Hà Hạnh Hằng Hiền Hoa Huệ Hương Lan Liên Linh Loan Mai My "
    "Nga Ngân Nhung Oanh Phương Quyên Quỳnh Thảo Thoa Thủy Trang Tuyết Vân Yến"
)
ETHNICITIES = (
    ("Kinh", 74), ("Tày", 6), ("Thái", 4), ("Mường", 3), ("Khmer", 3), ("Nùng", 3),
    ("Mông", 2), ("Dao", 2), ("Gia Rai", 1), ("Ê Đê", 1), ("Sán Chay", 1),
)  # fmt: skip
DIRECTIONS = (
    (Direction.DISTRICT_TO_COMMUNE, 34), (Direction.COMMUNE_TO_DISTRICT, 14),
    (Direction.HORIZONTAL, 15), (Direction.BETWEEN_LOCALITIES, 10),
    (Direction.PROVINCE_TO_DISTRICT, 9), (Direction.DISTRICT_TO_PROVINCE, 5),
    (Direction.PROVINCE_TO_COMMUNE, 8), (Direction.COMMUNE_TO_PROVINCE, 5),
)  # fmt: skip
# After 01/07/2025 there are no districts: a move that would involve one goes to the province.
WITHOUT_DISTRICTS = {
    Direction.DISTRICT_TO_COMMUNE: Direction.PROVINCE_TO_COMMUNE,
    Direction.COMMUNE_TO_DISTRICT: Direction.COMMUNE_TO_PROVINCE,
    Direction.PROVINCE_TO_DISTRICT: Direction.PROVINCE_TO_COMMUNE,
    Direction.DISTRICT_TO_PROVINCE: Direction.COMMUNE_TO_PROVINCE,
}
ENDED_OUTCOMES = (
    (Posting.Outcome.RETURNED, 42), (Posting.Outcome.REASSIGNED, 16),
    (Posting.Outcome.PROMOTED, 20), (Posting.Outcome.KEPT, 12),
    (Posting.Outcome.ENDED_EARLY, 10),
)  # fmt: skip
PURPOSES = [
    "Đào tạo, bồi dưỡng qua thực tiễn",
    "Tăng cường cán bộ cho cơ sở khó khăn",
    "Thử thách cán bộ trong quy hoạch",
    "Khắc phục tình trạng cục bộ, khép kín",
    "Bố trí cán bộ không phải người địa phương",
]
REASONS = [
    "Trường hợp đặc biệt do Ban Thường vụ quyết định",
    "Đáp ứng yêu cầu nhiệm vụ chính trị của địa phương",
    "Cán bộ có năng lực nổi trội, được Ban Thường vụ thống nhất",
]
EVALUATION_TEXTS = [
    "Hoàn thành tốt nhiệm vụ được giao.",
    "Nắm bắt nhanh tình hình cơ sở, đoàn kết nội bộ.",
    "Cần tiếp tục rèn luyện kỹ năng điều hành.",
]

# Titles by level and by the kind of body they sit in: (name, category, is_head).
TITLES = {
    Level.PROVINCE: {
        "party": [
            ("Phó Bí thư Tỉnh uỷ", "party", False),
            ("Trưởng Ban Tổ chức Tỉnh uỷ", "party", True),
            ("Phó Trưởng Ban Tổ chức Tỉnh uỷ", "party", False),
        ],
        "committee": [
            ("Phó Chủ tịch UBND tỉnh", "government", False),
            ("Chủ tịch UBND tỉnh", "government", True),
        ],
        "sector": [
            ("Giám đốc Sở Nội vụ", "government", True),
            ("Phó Giám đốc Sở Nội vụ", "government", False),
        ],
    },
    Level.DISTRICT: {
        "party": [
            ("Bí thư Huyện uỷ", "party", True),
            ("Phó Bí thư Huyện uỷ", "party", False),
            ("Trưởng Ban Tổ chức Huyện uỷ", "party", True),
            ("Phó Trưởng Ban Tổ chức Huyện uỷ", "party", False),
        ],
        "committee": [
            ("Chủ tịch UBND huyện", "government", True),
            ("Phó Chủ tịch UBND huyện", "government", False),
        ],
        "office": [
            ("Trưởng phòng", "civil_servant", True),
            ("Phó Trưởng phòng", "civil_servant", False),
        ],
    },
    Level.COMMUNE: {
        "party": [
            ("Bí thư Đảng uỷ xã", "party", True),
            ("Phó Bí thư Đảng uỷ xã", "party", False),
        ],
        "committee": [
            ("Chủ tịch UBND xã", "government", True),
            ("Phó Chủ tịch UBND xã", "government", False),
            ("Chủ tịch Uỷ ban MTTQ xã", "front", True),
        ],
    },
}


def shape(postings):
    """How many provinces, districts and communes a data set of this size gets."""
    fraction = min(1.0, postings / FULL_SHAPE_POSTINGS)
    provinces = max(2, round(PROVINCES * fraction))
    districts = max(2 * provinces, round(DISTRICTS * fraction))
    communes = max(4 * districts, round(COMMUNES * fraction))
    return provinces, districts, communes


def weighted(pairs):
    values = [value for value, _ in pairs]
    total = sum(weight for _, weight in pairs)
    cumulative, running = [], 0
    for _, weight in pairs:
        running += weight
        cumulative.append(running / total)
    return values, cumulative


def pick(rng, table):
    values, cumulative = table
    point = rng.random()
    for value, bound in zip(values, cumulative, strict=True):
        if point < bound:
            return value
    return values[-1]


def spread(rng, total, buckets):
    """Split `total` items into `buckets` non-empty groups of random sizes; return the sizes."""
    sizes = [1] * buckets
    for _ in range(total - buckets):
        sizes[rng.randrange(buckets)] += 1
    return sizes


def days(day, count):
    return day + datetime.timedelta(days=count)


class Generator:
    """Builds the rows; `tables` maps each model to its list of row tuples."""

    def __init__(self, postings, seed):
        self.target = postings
        self.rng = random.Random(seed)
        self.tables = {model: [] for model in COLUMNS}
        self.surnames = weighted(SURNAMES)
        self.ethnicities = weighted(ETHNICITIES)
        self.directions = weighted(DIRECTIONS)
        self.outcomes = weighted(ENDED_OUTCOMES)
        self.min_months = settings.ROTATION_MIN_MONTHS
        self.min_years = settings.ROTATION_MIN_WORKING_YEARS

    def run(self):
        self.make_titles()
        self.make_units()
        self.make_cadres_and_postings()
        return self.tables

    # Titles -----------------------------------------------------------------------------

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

    # Units ------------------------------------------------------------------------------

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
        district_sizes = spread(rng, n_districts, n_provinces)
        commune_sizes = spread(rng, n_communes, n_districts)
        names = rng.sample(PROVINCE_NAMES, n_provinces)
        self.province_names = [nfc(name) for name in names]
        end = DISTRICTS_ABOLISHED - datetime.timedelta(days=1)
        self.provinces = []  # [(body ids, [district index])]
        self.districts = []  # [(province index, body ids, [commune index])]
        self.communes = []  # [(district index, body ids)]
        used = set()
        for p, province_name in enumerate(names):
            code = p + 1
            province = self.add_unit(
                f"Tỉnh {province_name}", "province", None, Level.PROVINCE, code=f"{code:02d}"
            )
            bodies = [
                self.add_unit(f"Tỉnh uỷ {province_name}", "party", province, Level.PROVINCE),
                self.add_unit(
                    f"Ban Tổ chức Tỉnh uỷ {province_name}", "party", province, Level.PROVINCE
                ),
                self.add_unit(f"UBND tỉnh {province_name}", "committee", province, Level.PROVINCE),
                self.add_unit(
                    f"Sở Nội vụ tỉnh {province_name}", "sector", province, Level.PROVINCE
                ),
            ]
            district_indexes = []
            for _ in range(district_sizes[p]):
                d = len(self.districts)
                district_indexes.append(d)
                name = self.place_name(used)
                district = self.add_unit(
                    f"Huyện {name}", "district", province, Level.DISTRICT, valid_to=end
                )
                district_bodies = [
                    self.add_unit(f"Huyện uỷ {name}", "party", district, Level.DISTRICT, end),
                    self.add_unit(
                        f"Ban Tổ chức Huyện uỷ {name}", "party", district, Level.DISTRICT, end
                    ),
                    self.add_unit(f"UBND huyện {name}", "committee", district, Level.DISTRICT, end),
                    self.add_unit(
                        f"Phòng Nội vụ huyện {name}", "office", district, Level.DISTRICT, end
                    ),
                    self.add_unit(
                        f"Phòng Tài chính – Kế hoạch huyện {name}",
                        "office",
                        district,
                        Level.DISTRICT,
                        end,
                    ),
                ]
                commune_indexes = []
                for _ in range(commune_sizes[d]):
                    commune_indexes.append(len(self.communes))
                    commune_name = self.place_name(used) if len(used) < 2000 else name
                    label = f"{commune_name} {len(self.communes) + 1}"
                    commune = self.add_unit(f"Xã {label}", "commune", district, Level.COMMUNE)
                    self.communes.append(
                        (
                            d,
                            [
                                self.add_unit(
                                    f"Đảng uỷ xã {label}", "party", commune, Level.COMMUNE
                                ),
                                self.add_unit(
                                    f"UBND xã {label}", "committee", commune, Level.COMMUNE
                                ),
                            ],
                        )
                    )
                self.districts.append((p, district_bodies, commune_indexes))
            self.provinces.append((bodies, district_indexes))

    # Cadres and rotations ---------------------------------------------------------------

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

    def make_person(self, pk, first_start):
        rng = self.rng
        female = rng.random() < 0.24
        sex = Cadre.Sex.FEMALE if female else Cadre.Sex.MALE
        surname = pick(rng, self.surnames)
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        full_name = nfc(f"{surname} {middle} {given}")
        age = rng.randint(27, 50)
        birth = days(first_start, -(age * 365 + rng.randrange(365)))
        admitted = days(birth, rng.randint(22, 30) * 365 + rng.randrange(365))
        return {
            "pk": pk,
            "full_name": full_name,
            "sex": sex,
            "birth": birth,
            "ethnicity": pick(rng, self.ethnicities),
            "admitted": admitted,
            "retires": retirement_date(sex, birth),
        }

    def make_cadres_and_postings(self):
        rng = self.rng
        postings = self.tables[Posting]
        counts = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4)  # mean 2: about one cadre per two rotations
        pk = 0
        while len(postings) < self.target:
            pk += 1
            count = min(rng.choice(counts), self.target - len(postings))
            # Leave room for the earlier rotations (about 40 months each) before the last.
            latest_first = add_months(REFERENCE_DAY, -40 * (count - 1) - 1)
            span = (latest_first - FIRST_DAY).days
            first_start = days(FIRST_DAY, rng.randrange(max(span, 1)))
            person = self.make_person(pk, first_start)
            self.make_rotations(person, first_start, count)

    def make_rotations(self, person, start, count):
        rng = self.rng
        postings = self.tables[Posting]
        evaluations = self.tables[Evaluation]
        current_unit = current_title = None
        for index in range(count):
            last = index == count - 1
            start = min(start, REFERENCE_DAY)
            direction = pick(rng, self.directions)
            from_unit, to_unit = self.units_for(direction, start)
            direction = self.derived_direction(from_unit, to_unit)
            from_title = self.title_for(from_unit)
            relation = rng.choices(("equivalent", "higher", "lower"), (80, 12, 8))[0]
            to_title = self.title_for(to_unit, head=True if relation == "higher" else None)
            planned_end = add_months(start, rng.choices((36, 24, 60), (85, 8, 7))[0])
            actual_end, outcome = None, ""
            if rng.random() < 0.03:
                outcome = Posting.Outcome.CANCELLED
            elif not last or (planned_end <= REFERENCE_DAY and rng.random() < 0.9):
                outcome = pick(rng, self.outcomes)
                if outcome == Posting.Outcome.ENDED_EARLY:
                    actual_end = days(start, rng.randint(180, 900))
                else:
                    actual_end = days(planned_end, rng.randint(0, 60))
                actual_end = min(actual_end, REFERENCE_DAY)
                if actual_end < start:
                    actual_end = start
            # Otherwise: still running (active, or overdue when the planned end has passed).
            unit_after = title_after = None
            if outcome in (Posting.Outcome.RETURNED, Posting.Outcome.ENDED_EARLY):
                unit_after, title_after = from_unit, from_title
            elif outcome == Posting.Outcome.PROMOTED:
                unit_after, title_after = from_unit, self.title_for(from_unit, head=True)
            elif outcome == Posting.Outcome.KEPT:
                unit_after, title_after = to_unit, to_title
            elif outcome == Posting.Outcome.REASSIGNED:
                unit_after = self.units_for(Direction.HORIZONTAL, actual_end)[1]
                title_after = self.title_for(unit_after)
            in_plan = rng.random() < 0.92
            years_left = Decimal(str(max(years_between(start, person["retires"]), 0.0))).quantize(
                Decimal("0.1")
            )
            warnings = []
            end = actual_end or planned_end
            if (
                outcome != Posting.Outcome.CANCELLED
                and months_between(start, end) < self.min_months
            ):
                warnings.append(Posting.Warning.SHORT_DURATION.value)
            if not in_plan:
                warnings.append(Posting.Warning.NOT_IN_PLAN.value)
            if years_left < self.min_years:
                warnings.append(Posting.Warning.FEW_WORKING_YEARS.value)
            if relation == "higher":
                warnings.append(Posting.Warning.HIGHER_POST.value)
            to_kind = self.kind_of(to_unit)
            joined_committee = to_kind == "party" or (
                self.level_of(to_unit) == Level.COMMUNE and rng.random() < 0.5
            )
            role = ""
            if joined_committee:
                role = rng.choices(
                    ("member", "standing", "deputy_secretary", "secretary"), (50, 25, 18, 7)
                )[0]
            decided_by = self.tables[Unit][self.tables[Unit][from_unit - 1][6] - 1][1]
            posting_pk = len(postings) + 1
            issuer = "TU" if direction.startswith("province") else "HU"
            created = datetime.datetime.combine(start, datetime.time(1, 0), tzinfo=datetime.UTC)
            postings.append(
                (
                    posting_pk,
                    person["pk"],
                    f"{rng.randint(1, 999)}-QĐ/{issuer}",
                    days(start, -rng.randint(5, 40)),
                    f"Ban Thường vụ {decided_by}",
                    from_unit,
                    from_title,
                    to_unit,
                    to_title,
                    direction,
                    rng.choice(PURPOSES),
                    relation,
                    start,
                    planned_end,
                    actual_end,
                    outcome,
                    title_after,
                    unit_after,
                    joined_committee,
                    role,
                    to_kind == "committee" or (to_kind != "party" and rng.random() < 0.3),
                    in_plan,
                    age_on(person["birth"], start),
                    years_left,
                    warnings,
                    rng.choice(REASONS) if warnings else "",
                    "",
                    1,
                    created,
                    created,
                )
            )
            self.make_evaluations(evaluations, posting_pk, start, actual_end, outcome)
            if outcome == Posting.Outcome.CANCELLED:
                pass
            elif actual_end is None:
                current_unit, current_title = to_unit, to_title
            else:
                current_unit, current_title = unit_after, title_after
            # The next rotation starts after this one ends (or would have ended).
            start = days(actual_end or planned_end, rng.randint(1, 200))
        self.tables[Cadre].append(self.cadre_row(person, current_unit, current_title))

    def make_evaluations(self, rows, posting_pk, start, actual_end, outcome):
        rng = self.rng
        if outcome == Posting.Outcome.CANCELLED:
            return
        annual = days(start, 365)
        if (
            annual <= REFERENCE_DAY
            and (actual_end is None or annual <= actual_end)
            and rng.random() < 0.4
        ):
            rows.append(
                    (len(rows) + 1, posting_pk, Evaluation.Kind.ANNUAL.value, annual,
                     rng.choice(("excellent", "good", "good", "completed")),
                     rng.choice(EVALUATION_TEXTS))
                )  # fmt: skip
        if actual_end is not None and rng.random() < 0.25:
            rows.append(
                (len(rows) + 1, posting_pk, Evaluation.Kind.SELF_REVIEW.value, actual_end,
                 rng.choice(("good", "completed", "excellent", "not_completed")),
                 rng.choice(EVALUATION_TEXTS))
            )  # fmt: skip

    def derived_direction(self, from_unit, to_unit):
        units = self.tables[Unit]
        source, target = units[from_unit - 1], units[to_unit - 1]
        if source[4] != target[4]:
            return f"{source[4]}_to_{target[4]}"
        return "horizontal" if source[6] == target[6] else "between_localities"

    def cadre_row(self, person, current_unit, current_title):
        rng = self.rng
        home = rng.choice(self.province_names)
        return (
            person["pk"],
            person["full_name"],
            "",
            search_key(person["full_name"]),
            person["sex"],
            person["birth"],
            "",
            f"{rng.choice(PLACE_SYLLABLES)} {rng.choice(PLACE_SYLLABLES)}, {home}",
            person["ethnicity"],
            "",
            person["admitted"],
            days(person["admitted"], 365),
            "12/12",
            rng.choice(("Cử nhân Luật", "Cử nhân Kinh tế", "Kỹ sư Nông nghiệp", "Thạc sĩ Quản lý")),
            rng.choice(("intermediate", "advanced", "bachelor", "intermediate")),
            rng.choice(("officer", "principal", "officer", "")),
            current_unit,
            current_title,
            "",
            SYNTHETIC_NOTE,
            1,
        )


TERMS = [(year, datetime.date(year, 7, 1), datetime.date(year + 5, 6, 30)) for year in
         range(2000, 2030, 5)]  # fmt: skip
BATCH = 2000


def registry_models():
    """Every table of the two registry apps, history and many-to-many tables included."""
    from django.apps import apps

    models = []
    for label in ("postings", "cadres"):
        models += list(apps.get_app_config(label).get_models(include_auto_created=True))
    models = [model for model in models if model._meta.model_name != "dataversion"]
    return models


def read_marker():
    """(postings, seed) of the synthetic data in the database, or None when there is none."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT postings, seed FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return tuple(row) if row else None


def holds_registry_data():
    return Unit.objects.exists() or Cadre.objects.exists() or Posting.objects.exists()


def clear_registry():
    """Empty every registry table and restart its ids at 1."""
    tables = [model._meta.db_table for model in registry_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks are pending in this
            # transaction (a test that seeds twice): run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
            if connection.vendor == "sqlite":
                placeholders = ", ".join(["%s"] * len(tables))
                cursor.execute(
                    f"DELETE FROM sqlite_sequence WHERE name IN ({placeholders})", tables
                )


def write_marker(postings, seed):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(postings integer NOT NULL, seed integer NOT NULL, loaded_at varchar(40) NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (postings, seed, loaded_at) VALUES (%s, %s, %s)",
            [postings, seed, datetime.datetime.now(datetime.UTC).isoformat()],
        )


class RefusedError(Exception):
    """The database holds registry data that seed_scale did not write."""


def load(*, postings, seed=1, replace=False, report=print):
    """Replace the registry's content with synthetic data; return rows written per table."""
    began = time.monotonic()

    def say(message):
        report(f"[{time.monotonic() - began:7.1f}s] {message}")

    with transaction.atomic():
        if holds_registry_data() and read_marker() is None and not replace:
            raise RefusedError(
                "The database holds registry data that seed_scale did not write. "
                "Use --replace to delete it and load synthetic data instead."
            )
        tables = Generator(postings, seed).run()
        say(", ".join(f"{len(rows):,} {m._meta.db_table}" for m, rows in tables.items()))
        say("generated; emptying the registry tables")
        clear_registry()
        Term.objects.bulk_create(
            Term(name=f"{year}–{year + 5}", start=start, end=end) for year, start, end in TERMS
        )
        counts = {}
        for model, rows in tables.items():
            if connection.vendor == "postgresql":
                copy_rows(model, rows)
            else:
                insert_rows(model, rows)
            counts[model._meta.db_table] = len(rows)
            say(f"{model._meta.db_table}: {len(rows):,} rows")
        reset_sequences()
        write_marker(postings, seed)
        data_version_bump()  # COPY sends no signals: cached summaries are stale now
        say("committing")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        say("analysed")
    return counts


def copy_rows(model, rows):
    """PostgreSQL COPY FROM STDIN, adapting values in psycopg's C dumpers."""
    from psycopg.types.json import Jsonb

    columns = COLUMNS[model]
    json_columns = [
        i for i, name in enumerate(columns) if model._meta.get_field(name).get_internal_type()
        == "JSONField"
    ]  # fmt: skip
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            if json_columns:
                row = list(row)
                for i in json_columns:
                    row[i] = Jsonb(row[i])
            copy.write_row(row)


def insert_rows(model, rows):
    columns = COLUMNS[model]
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=BATCH)


def reset_sequences():
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(COLUMNS) + [Term])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
