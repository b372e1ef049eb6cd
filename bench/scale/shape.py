"""The shape of the synthetic data: its size, dates, word lists and weights."""

import datetime

from cadres.models import Level
from postings.models import Direction, Posting

FULL_SHAPE_POSTINGS = 100_000
FIRST_DAY = datetime.date(2003, 1, 1)
# The reference "today" of synthetic data: rotations after it are active or overdue.
REFERENCE_DAY = datetime.date(2026, 11, 26)
DISTRICTS_ABOLISHED = datetime.date(2025, 7, 1)
SYNTHETIC_NOTE = "seed_scale"


def words(text):
    return text.split()


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


def days(day, count):
    return day + datetime.timedelta(days=count)
