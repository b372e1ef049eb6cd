"""The demo's catalogue: Lạng Sơn's real units and their changes (DOMAIN.md §5), titles, terms."""

from cadres.models import Position, Unit
from registry.dates import parse_day

# The demo's dates are written the Vietnamese way, dd/mm/yyyy.
d = parse_day


K = Unit.Kind
PROVINCE = "Tỉnh Lạng Sơn"
LOC_BINH = "Huyện Lộc Bình"
DINH_LAP = "Huyện Đình Lập"
DISTRICTS_END = d("30/06/2025")  # two-tier local government from 01/07/2025
LB_BODY = "Ban Thường vụ Huyện ủy Lộc Bình"
DL_BODY = "Ban Thường vụ Huyện ủy Đình Lập"
TU_BODY = "Ban Thường vụ Tỉnh ủy Lạng Sơn"
BTC_TINH = "Ban Tổ chức Tỉnh ủy Lạng Sơn"
MTTQ_TINH = "Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn"

# Congress terms. District Party congresses met around mid-year; the 2020–2025 term ends
# with the district level on 30/06/2025. The People's Councils' terms (elected 2004, 2011,
# 2016, 2021 and 15/03/2026) are a catalogue of their own. Editable in the admin.
TERMS = [
    ("2000–2005", "01/07/2000", "30/06/2005", "party"),
    ("2005–2010", "01/07/2005", "30/06/2010", "party"),
    ("2010–2015", "01/07/2010", "30/06/2015", "party"),
    ("2015–2020", "01/07/2015", "30/06/2020", "party"),
    ("2020–2025", "01/07/2020", "30/06/2025", "party"),
    ("2025–2030", "01/07/2025", "30/06/2030", "party"),
    ("HĐND 2004–2011", "25/04/2004", "21/05/2011", "state"),
    ("HĐND 2011–2016", "22/05/2011", "21/05/2016", "state"),
    ("HĐND 2016–2021", "22/05/2016", "22/05/2021", "state"),
    ("HĐND 2021–2026", "23/05/2021", "14/03/2026", "state"),
    ("HĐND 2026–2031", "15/03/2026", "14/03/2031", "state"),
]

P, G, F, CS = (c.value for c in Position.Category)
# (title, level, category, is_head); district titles end with the district level.
POSITIONS = [
    ("Bí thư Đảng ủy xã", "commune", P, True),
    ("Phó Bí thư Đảng ủy xã", "commune", P, False),
    ("Chủ tịch HĐND xã", "commune", G, True),
    ("Phó Chủ tịch HĐND xã", "commune", G, False),
    ("Chủ tịch UBND xã", "commune", G, True),
    ("Phó Chủ tịch UBND xã", "commune", G, False),
    ("Chủ tịch Ủy ban MTTQ xã", "commune", F, True),
    ("Bí thư Đoàn xã", "commune", F, True),
    ("Chủ tịch Hội Liên hiệp Phụ nữ xã", "commune", F, True),
    ("Chủ tịch Hội Nông dân xã", "commune", F, True),
    ("Chủ tịch Hội Cựu chiến binh xã", "commune", F, True),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "commune", CS, False),
    ("Công chức Văn phòng – Thống kê", "commune", CS, False),
    ("Công chức Địa chính – Xây dựng", "commune", CS, False),
    ("Công chức Tài chính – Kế toán", "commune", CS, False),
    ("Công chức Tư pháp – Hộ tịch", "commune", CS, False),
    ("Công chức Văn hoá – Xã hội", "commune", CS, False),
    ("Bí thư Huyện ủy", "district", P, True),
    ("Phó Bí thư Huyện ủy", "district", P, False),
    ("Trưởng ban Tổ chức Huyện ủy", "district", P, True),
    ("Phó Trưởng ban Tổ chức Huyện ủy", "district", P, False),
    ("Chánh Văn phòng Huyện ủy", "district", P, True),
    ("Phó Chánh Văn phòng Huyện ủy", "district", P, False),
    ("Chủ nhiệm Ủy ban Kiểm tra Huyện ủy", "district", P, True),
    ("Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy", "district", P, False),
    ("Trưởng ban Tuyên giáo Huyện ủy", "district", P, True),
    ("Phó Trưởng ban Tuyên giáo Huyện ủy", "district", P, False),
    ("Trưởng ban Dân vận Huyện ủy", "district", P, True),
    ("Phó Trưởng ban Dân vận Huyện ủy", "district", P, False),
    ("Chủ tịch HĐND huyện", "district", G, True),
    ("Phó Chủ tịch HĐND huyện", "district", G, False),
    ("Chủ tịch UBND huyện", "district", G, True),
    ("Phó Chủ tịch UBND huyện", "district", G, False),
    ("Chánh Văn phòng HĐND và UBND huyện", "district", G, True),
    ("Phó Chánh Văn phòng HĐND và UBND huyện", "district", G, False),
    ("Trưởng phòng", "district", G, True),
    ("Phó Trưởng phòng", "district", G, False),
    ("Chi cục trưởng", "district", G, True),
    ("Phó Chi cục trưởng", "district", G, False),
    ("Chủ tịch Ủy ban MTTQ huyện", "district", F, True),
    ("Phó Chủ tịch Ủy ban MTTQ huyện", "district", F, False),
    ("Bí thư Huyện đoàn", "district", F, True),
    ("Phó Bí thư Huyện đoàn", "district", F, False),
    ("Chủ tịch Hội Liên hiệp Phụ nữ huyện", "district", F, True),
    ("Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện", "district", F, False),
    ("Chuyên viên", "district", CS, False),
    ("Trưởng ban Tổ chức Tỉnh ủy", "province", P, True),
    ("Phó Trưởng ban Tổ chức Tỉnh ủy", "province", P, False),
    ("Trưởng phòng", "province", G, True),
    ("Phó Trưởng phòng", "province", G, False),
    ("Chuyên viên", "province", CS, False),
]

# Lạng Sơn's units as they stood on 30/06/2025 and from 01/07/2025, with their codes, places
# and 2025 successors, come from the vietnamadminunits dataset (manage.py load_admin_units).
PROVINCE_CODE = "20"
# What the dataset does not hold: Lộc Bình's communes that ended before the reform (of the
# 2 towns and 27 communes until 31/12/2019, DOMAIN.md §5, assumed unchanged since 2003),
# with their last day.
LB_ENDED = {
    "Xã Bằng Khánh": "31/12/2019",
    "Xã Xuân Lễ": "31/12/2019",
    "Xã Xuân Mãn": "31/12/2019",
    "Xã Vân Mộng": "31/12/2019",
    "Xã Như Khuê": "31/12/2019",
    "Xã Lục Thôn": "31/12/2019",
    "Xã Tĩnh Bắc": "30/11/2024",
    "Xã Xuân Tình": "31/12/2019",
    "Xã Hiệp Hạ": "31/12/2019",
    "Xã Nhượng Bạn": "31/12/2019",
    "Xã Quan Bản": "31/12/2019",
    "Xã Minh Phát": "31/12/2019",
}
R818 = "818/NQ-UBTVQH14"
R1246 = "1246/NQ-UBTVQH15"
R203 = "203/2025/QH15"  # the district level ends on 01/07/2025
# 01/01/2020: which old communes formed which new one is not confirmed; this is assumed.
NEW_2020 = {
    "Xã Khánh Xuân": ["Xã Bằng Khánh", "Xã Xuân Lễ", "Xã Xuân Mãn"],
    "Xã Minh Hiệp": ["Xã Minh Phát", "Xã Hiệp Hạ", "Xã Quan Bản", "Xã Nhượng Bạn"],
    "Xã Thống Nhất": ["Xã Vân Mộng", "Xã Như Khuê", "Xã Xuân Tình"],
}
# (old unit, absorbing unit, date, legal basis)
ABSORBED = [
    ("Xã Lục Thôn", "Thị trấn Lộc Bình", "01/01/2020", R818),
    ("Xã Tĩnh Bắc", "Xã Tam Gia", "01/12/2024", R1246),
]
# 01/07/2025: where the district's bodies went (the offices under its People's Committee
# follow that committee). Assumed for the demo: not checked against the decisions.
# (old body, successor, kind of change)
DISTRICT_SUCCESSORS = [
    ("Ban Tổ chức Huyện ủy Lộc Bình", BTC_TINH, "absorb"),
    ("Văn phòng Huyện ủy Lộc Bình", "Đảng ủy xã Lộc Bình (2025)", "absorb"),
    ("Ủy ban Kiểm tra Huyện ủy Lộc Bình", "Đảng ủy xã Lộc Bình (2025)", "absorb"),
    ("Ban Tuyên giáo Huyện ủy Lộc Bình", "Đảng ủy xã Lộc Bình (2025)", "absorb"),
    ("Ban Dân vận Huyện ủy Lộc Bình", "Đảng ủy xã Lộc Bình (2025)", "absorb"),
    ("HĐND huyện Lộc Bình", "HĐND xã Lộc Bình (2025)", "absorb"),
    ("UBND huyện Lộc Bình", "UBND xã Lộc Bình (2025)", "absorb"),
    ("Ủy ban MTTQ Việt Nam huyện Lộc Bình", MTTQ_TINH, "absorb"),
    ("Huyện đoàn Lộc Bình", MTTQ_TINH, "absorb"),
    ("Hội Liên hiệp Phụ nữ huyện Lộc Bình", MTTQ_TINH, "absorb"),
]
# Party and government bodies of the district, and a few offices under its People's Committee.
LB_BODIES = [
    ("Ban Tổ chức Huyện ủy Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Văn phòng Huyện ủy Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Ủy ban Kiểm tra Huyện ủy Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Ban Tuyên giáo Huyện ủy Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Ban Dân vận Huyện ủy Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("HĐND huyện Lộc Bình", K.PEOPLES_COUNCIL, LOC_BINH),
    ("UBND huyện Lộc Bình", K.PEOPLES_COMMITTEE, LOC_BINH),
    ("Văn phòng HĐND và UBND huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Nội vụ huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Tài chính – Kế hoạch huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Nông nghiệp và PTNT huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Ủy ban MTTQ Việt Nam huyện Lộc Bình", K.FRONT, LOC_BINH),
    ("Huyện đoàn Lộc Bình", K.FRONT, LOC_BINH),
    ("Hội Liên hiệp Phụ nữ huyện Lộc Bình", K.FRONT, LOC_BINH),
    ("Chi cục Thuế huyện Lộc Bình", K.SECTOR, LOC_BINH),
    ("Công an huyện Lộc Bình", K.SECTOR, LOC_BINH),
]
# Communes whose Đảng ủy, HĐND and UBND are units of their own in the demo.
COMMUNES_WITH_BODIES = [
    "Thị trấn Lộc Bình", "Thị trấn Na Dương", "Xã Mẫu Sơn", "Xã Xuân Lễ", "Xã Tú Mịch",
    "Xã Yên Khoái", "Xã Hữu Khánh", "Xã Đồng Bục", "Xã Tam Gia", "Xã Tú Đoạn", "Xã Khuất Xá",
    "Xã Nhượng Bạn", "Xã Sàn Viên", "Xã Hữu Lân", "Xã Lợi Bác", "Xã Nam Quan", "Xã Xuân Dương",
    "Xã Ái Quốc", "Xã Khánh Xuân", "Xã Thống Nhất", "Xã Lộc Bình (2025)",
]  # fmt: skip
COMMUNE_BODIES = [
    ("Đảng ủy", K.PARTY_BODY),
    ("HĐND", K.PEOPLES_COUNCIL),
    ("UBND", K.PEOPLES_COMMITTEE),
]
