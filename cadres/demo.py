"""The Lộc Bình demo: real units and their history, titles, terms, fictional cadres, rotations.

Loaded by `manage.py seed_demo`. The units and their changes follow DOMAIN.md §5; the people,
decisions and rotations are invented. Every row is looked up by a natural key before it is
created, so loading twice changes nothing. Rotations go through `posting_save`, so their
direction, snapshot and warnings are computed as if staff had entered them; a rotation
that breaks a rule carries its recorded reason, or loading fails.
"""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cadres.models import (
    Cadre,
    DisciplinePeriod,
    PlanningEntry,
    Position,
    Term,
    Unit,
    UnitChange,
    UserScope,
)
from postings.models import Direction, Evaluation, InspectionFinding, Posting, derive_direction
from postings.services import posting_save
from registry import roles
from registry.dates import add_months
from registry.text import nfc

DEMO_PASSWORD = "luanchuyen2003"


def d(text):
    """A date written the Vietnamese way, dd/mm/yyyy."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


K = Unit.Kind
PROVINCE = "Tỉnh Lạng Sơn"
LOC_BINH = "Huyện Lộc Bình"
DINH_LAP = "Huyện Đình Lập"
DISTRICTS_END = d("30/06/2025")  # two-tier local government from 01/07/2025
LB_BODY = "Ban Thường vụ Huyện uỷ Lộc Bình"
DL_BODY = "Ban Thường vụ Huyện uỷ Đình Lập"
TU_BODY = "Ban Thường vụ Tỉnh uỷ Lạng Sơn"

# Congress terms. District Party congresses met around mid-year; the 2020–2025 term ends
# with the district level on 30/06/2025. Editable in the admin.
TERMS = [
    ("2000–2005", "01/07/2000", "30/06/2005"),
    ("2005–2010", "01/07/2005", "30/06/2010"),
    ("2010–2015", "01/07/2010", "30/06/2015"),
    ("2015–2020", "01/07/2015", "30/06/2020"),
    ("2020–2025", "01/07/2020", "30/06/2025"),
    ("2025–2030", "01/07/2025", "30/06/2030"),
]

P, G, F, CS = (c.value for c in Position.Category)
# (title, level, category, is_head); district titles end with the district level.
POSITIONS = [
    ("Bí thư Đảng uỷ xã", "commune", P, True),
    ("Phó Bí thư Đảng uỷ xã", "commune", P, False),
    ("Chủ tịch HĐND xã", "commune", G, True),
    ("Phó Chủ tịch HĐND xã", "commune", G, False),
    ("Chủ tịch UBND xã", "commune", G, True),
    ("Phó Chủ tịch UBND xã", "commune", G, False),
    ("Chủ tịch Uỷ ban MTTQ xã", "commune", F, True),
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
    ("Bí thư Huyện uỷ", "district", P, True),
    ("Phó Bí thư Huyện uỷ", "district", P, False),
    ("Trưởng ban Tổ chức Huyện uỷ", "district", P, True),
    ("Phó Trưởng ban Tổ chức Huyện uỷ", "district", P, False),
    ("Chánh Văn phòng Huyện uỷ", "district", P, True),
    ("Phó Chánh Văn phòng Huyện uỷ", "district", P, False),
    ("Chủ nhiệm Uỷ ban Kiểm tra Huyện uỷ", "district", P, True),
    ("Phó Chủ nhiệm Uỷ ban Kiểm tra Huyện uỷ", "district", P, False),
    ("Trưởng ban Tuyên giáo Huyện uỷ", "district", P, True),
    ("Phó Trưởng ban Tuyên giáo Huyện uỷ", "district", P, False),
    ("Trưởng ban Dân vận Huyện uỷ", "district", P, True),
    ("Phó Trưởng ban Dân vận Huyện uỷ", "district", P, False),
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
    ("Chủ tịch Uỷ ban MTTQ huyện", "district", F, True),
    ("Phó Chủ tịch Uỷ ban MTTQ huyện", "district", F, False),
    ("Bí thư Huyện đoàn", "district", F, True),
    ("Phó Bí thư Huyện đoàn", "district", F, False),
    ("Chủ tịch Hội Liên hiệp Phụ nữ huyện", "district", F, True),
    ("Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện", "district", F, False),
    ("Chuyên viên", "district", CS, False),
    ("Trưởng ban Tổ chức Tỉnh uỷ", "province", P, True),
    ("Phó Trưởng ban Tổ chức Tỉnh uỷ", "province", P, False),
    ("Trưởng phòng", "province", G, True),
    ("Phó Trưởng phòng", "province", G, False),
    ("Chuyên viên", "province", CS, False),
]

# Lộc Bình's 2 towns and 27 communes until 31/12/2019 (DOMAIN.md §5), assumed unchanged
# since 2003; the value is the last day of the unit where it ended before the district did.
LB_COMMUNES = {
    "Thị trấn Lộc Bình": None,
    "Thị trấn Na Dương": None,
    "Xã Mẫu Sơn": None,
    "Xã Bằng Khánh": "31/12/2019",
    "Xã Xuân Lễ": "31/12/2019",
    "Xã Yên Khoái": None,
    "Xã Xuân Mãn": "31/12/2019",
    "Xã Tú Mịch": None,
    "Xã Hữu Khánh": None,
    "Xã Đồng Bục": None,
    "Xã Vân Mộng": "31/12/2019",
    "Xã Tam Gia": None,
    "Xã Tú Đoạn": None,
    "Xã Khuất Xá": None,
    "Xã Như Khuê": "31/12/2019",
    "Xã Lục Thôn": "31/12/2019",
    "Xã Tĩnh Bắc": "30/11/2024",
    "Xã Xuân Tình": "31/12/2019",
    "Xã Hiệp Hạ": "31/12/2019",
    "Xã Nhượng Bạn": "31/12/2019",
    "Xã Quan Bản": "31/12/2019",
    "Xã Sàn Viên": None,
    "Xã Đông Quan": None,
    "Xã Minh Phát": "31/12/2019",
    "Xã Hữu Lân": None,
    "Xã Lợi Bác": None,
    "Xã Nam Quan": None,
    "Xã Xuân Dương": None,
    "Xã Ái Quốc": None,
}
R818 = "818/NQ-UBTVQH14"
R1246 = "1246/NQ-UBTVQH15"
R1672 = "1672/NQ-UBTVQH15"
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
# 01/07/2025: the new communes directly under the province, and what each was formed from.
# Keys of the new units carry " (2025)" where an older unit has the same name.
NEW_2025 = {
    "Xã Lộc Bình (2025)": ["Thị trấn Lộc Bình", "Xã Khánh Xuân", "Xã Đồng Bục", "Xã Hữu Khánh"],
    "Xã Mẫu Sơn (2025)": ["Xã Mẫu Sơn", "Xã Yên Khoái", "Xã Tú Mịch"],
    "Xã Na Dương (2025)": ["Thị trấn Na Dương", "Xã Đông Quan", "Xã Tú Đoạn"],
    "Xã Lợi Bác (2025)": ["Xã Lợi Bác", "Xã Sàn Viên"],
    "Xã Thống Nhất (2025)": ["Xã Thống Nhất", "Xã Minh Hiệp", "Xã Hữu Lân"],
    "Xã Xuân Dương (2025)": ["Xã Xuân Dương", "Xã Nam Quan", "Xã Ái Quốc"],
    "Xã Khuất Xá (2025)": ["Xã Khuất Xá", "Xã Tam Gia"],
}
# Party and government bodies of the district, and a few offices under its People's Committee.
LB_BODIES = [
    ("Ban Tổ chức Huyện uỷ Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Văn phòng Huyện uỷ Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Uỷ ban Kiểm tra Huyện uỷ Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Ban Tuyên giáo Huyện uỷ Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("Ban Dân vận Huyện uỷ Lộc Bình", K.PARTY_BODY, LOC_BINH),
    ("HĐND huyện Lộc Bình", K.PEOPLES_COUNCIL, LOC_BINH),
    ("UBND huyện Lộc Bình", K.PEOPLES_COMMITTEE, LOC_BINH),
    ("Văn phòng HĐND và UBND huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Nội vụ huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Tài chính – Kế hoạch huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Phòng Nông nghiệp và PTNT huyện Lộc Bình", K.COMMITTEE_OFFICE, "UBND huyện Lộc Bình"),
    ("Uỷ ban MTTQ Việt Nam huyện Lộc Bình", K.FRONT, LOC_BINH),
    ("Huyện đoàn Lộc Bình", K.FRONT, LOC_BINH),
    ("Hội Liên hiệp Phụ nữ huyện Lộc Bình", K.FRONT, LOC_BINH),
    ("Chi cục Thuế huyện Lộc Bình", K.SECTOR, LOC_BINH),
    ("Công an huyện Lộc Bình", K.SECTOR, LOC_BINH),
]
# Communes whose Đảng uỷ, HĐND and UBND are units of their own in the demo.
COMMUNES_WITH_BODIES = [
    "Thị trấn Lộc Bình", "Thị trấn Na Dương", "Xã Mẫu Sơn", "Xã Xuân Lễ", "Xã Tú Mịch",
    "Xã Yên Khoái", "Xã Hữu Khánh", "Xã Đồng Bục", "Xã Tam Gia", "Xã Tú Đoạn", "Xã Khuất Xá",
    "Xã Nhượng Bạn", "Xã Sàn Viên", "Xã Hữu Lân", "Xã Lợi Bác", "Xã Nam Quan", "Xã Xuân Dương",
    "Xã Ái Quốc", "Xã Khánh Xuân", "Xã Thống Nhất", "Xã Lộc Bình (2025)",
]  # fmt: skip
COMMUNE_BODIES = [
    ("Đảng uỷ", K.PARTY_BODY),
    ("HĐND", K.PEOPLES_COUNCIL),
    ("UBND", K.PEOPLES_COMMITTEE),
]


def cadre(name, sex, born, ethnicity, unit, post, *, party=None, theory="", state="", **extra):
    """One cadre's profile, with the current unit and title given by name."""
    return {
        "full_name": name,
        "sex": sex,
        "date_of_birth": d(born),
        "ethnicity": ethnicity,
        "unit": unit,
        "post": post,
        "party_admission_date": d(party) if party else None,
        "political_theory": theory,
        "state_management": state,
        **extra,
    }


M, W = "male", "female"
ADV, MID, BA = "advanced", "intermediate", "bachelor"
OFF, PRI = "officer", "principal"
LB_HOME = "huyện Lộc Bình, tỉnh Lạng Sơn"
CADRES = [
    cadre("Hoàng Văn Thắng", M, "12/05/1968", "Tày", "Ban Tổ chức Huyện uỷ Lộc Bình",
          "Trưởng ban Tổ chức Huyện uỷ", party="03/02/1990", theory=ADV, state=PRI,
          qualification="Cử nhân Luật", home_town=f"xã Tú Đoạn, {LB_HOME}"),
    cadre("Nông Thị Hoa", W, "20/08/1975", "Tày", "Hội Liên hiệp Phụ nữ huyện Lộc Bình",
          "Chủ tịch Hội Liên hiệp Phụ nữ huyện", party="19/05/1998", theory=MID, state=OFF,
          qualification="Cử nhân Kinh tế nông nghiệp", home_town=f"xã Xuân Lễ, {LB_HOME}"),
    cadre("Lăng Văn Sơn", M, "03/02/1970", "Nùng", "UBND huyện Lộc Bình",
          "Phó Chủ tịch UBND huyện", party="22/12/1993", theory=ADV, state=PRI,
          qualification="Kỹ sư Nông học", home_town=f"xã Mẫu Sơn, {LB_HOME}"),
    cadre("Vi Văn Quân", M, "15/11/1972", "Nùng", "Phòng Tài chính – Kế hoạch huyện Lộc Bình",
          "Phó Trưởng phòng", party="03/02/1996", theory=MID, state=OFF,
          qualification="Cử nhân Tài chính", home_town=f"xã Hữu Lân, {LB_HOME}"),
    cadre("Triệu Văn Lâm", M, "07/07/1971", "Dao", "Văn phòng Huyện uỷ Lộc Bình",
          "Phó Chánh Văn phòng Huyện uỷ", party="02/09/1995", theory=ADV, state=OFF,
          qualification="Cử nhân Hành chính", home_town=f"xã Mẫu Sơn, {LB_HOME}"),
    cadre("Nguyễn Văn Hùng", M, "25/09/1972", "Kinh", "Phòng Nội vụ huyện Lộc Bình",
          "Trưởng phòng", party="19/05/1997", theory=ADV, state=PRI,
          qualification="Cử nhân Kinh tế",
          home_town="phường Đông Kinh, thành phố Lạng Sơn, tỉnh Lạng Sơn"),
    cadre("Hoàng Thị Mai", W, "10/04/1974", "Tày", "Hội Liên hiệp Phụ nữ huyện Lộc Bình",
          "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện", party="08/03/1999", theory=MID,
          qualification="Cử nhân Xã hội học", home_town=f"xã Khuất Xá, {LB_HOME}"),
    cadre("Lương Văn Định", M, "22/01/1973", "Tày", "UBND xã Hữu Khánh", "Chủ tịch UBND xã",
          party="03/02/1997", theory=MID, qualification="Trung cấp Nông lâm",
          home_town=f"xã Đồng Bục, {LB_HOME}"),
    cadre("Nông Văn Tuấn", M, "30/06/1970", "Tày", "Ban Dân vận Huyện uỷ Lộc Bình",
          "Phó Trưởng ban Dân vận Huyện uỷ", party="19/05/1994", theory=ADV, state=OFF,
          qualification="Cử nhân Chính trị học", home_town=f"xã Tam Gia, {LB_HOME}"),
    cadre("Chu Thị Lan", W, "14/12/1976", "Nùng", "Văn phòng HĐND và UBND huyện Lộc Bình",
          "Chánh Văn phòng HĐND và UBND huyện", party="02/09/2000", theory=ADV, state=PRI,
          qualification="Cử nhân Luật", home_town=f"thị trấn Na Dương, {LB_HOME}"),
    cadre("Lăng Thị Thu", W, "18/03/1979", "Nùng", "Ban Tuyên giáo Huyện uỷ Lộc Bình",
          "Phó Trưởng ban Tuyên giáo Huyện uỷ", party="03/02/2003", theory=MID, state=OFF,
          qualification="Cử nhân Báo chí", home_town=f"xã Tú Đoạn, {LB_HOME}"),
    cadre("Triệu Thị Hạnh", W, "05/05/1978", "Dao", "Uỷ ban MTTQ Việt Nam huyện Lộc Bình",
          "Phó Chủ tịch Uỷ ban MTTQ huyện", party="08/03/2002", theory=MID,
          qualification="Cao đẳng Sư phạm", home_town=f"xã Xuân Dương, {LB_HOME}"),
    cadre("Vy Văn Cường", M, "09/09/1974", "Nùng", "UBND huyện Lộc Bình",
          "Phó Chủ tịch UBND huyện", party="19/05/1998", theory=ADV, state=PRI,
          qualification="Thạc sĩ Quản lý công", home_town=f"xã Lợi Bác, {LB_HOME}"),
    cadre("Hà Văn Phúc", M, "11/11/1977", "Tày", "Đảng uỷ xã Tú Mịch", "Bí thư Đảng uỷ xã",
          party="03/02/2001", theory=MID, qualification="Trung cấp Lâm nghiệp",
          home_town=f"xã Tú Mịch, {LB_HOME}"),
    cadre("Nguyễn Thị Thuỳ", W, "02/10/1982", "Kinh", "Ban Tổ chức Huyện uỷ Lộc Bình",
          "Phó Trưởng ban Tổ chức Huyện uỷ", party="02/09/2005", theory=ADV, state=OFF,
          qualification="Cử nhân Hành chính", home_town=f"thị trấn Lộc Bình, {LB_HOME}"),
    cadre("Mã Văn Khánh", M, "19/07/1978", "Tày", "Phòng Nông nghiệp và PTNT huyện Lộc Bình",
          "Phó Trưởng phòng", party="03/02/2002", theory=MID, state=OFF,
          qualification="Kỹ sư Chăn nuôi", home_town=f"xã Ái Quốc, {LB_HOME}"),
    cadre("Hoàng Văn Long", M, "08/08/1980", "Tày", "Đảng uỷ xã Lộc Bình (2025)",
          "Bí thư Đảng uỷ xã", party="19/05/2004", theory=ADV, state=PRI,
          qualification="Thạc sĩ Chính trị học", home_town=f"xã Khuất Xá, {LB_HOME}"),
    cadre("Lộc Thị Nga", W, "21/01/1979", "Tày", "Ban Tổ chức Tỉnh uỷ Lạng Sơn", "Trưởng phòng",
          party="08/03/2003", theory=ADV, state=PRI, qualification="Thạc sĩ Quản lý công",
          home_town=f"xã Đông Quan, {LB_HOME}"),
    cadre("Vi Thị Hương", W, "13/03/1985", "Nùng", "Phòng Nông nghiệp và PTNT huyện Lộc Bình",
          "Phó Trưởng phòng", party="02/09/2009", theory=MID, state=OFF,
          qualification="Kỹ sư Nông học", home_town=f"xã Tam Gia, {LB_HOME}"),
    cadre("Triệu Văn Tài", M, "04/04/1987", "Dao", "UBND xã Khánh Xuân", "Chủ tịch UBND xã",
          party="19/05/2009", theory=MID, state=OFF, qualification="Cử nhân Luật",
          home_town=f"xã Mẫu Sơn, {LB_HOME}"),
    cadre("Lăng Văn Hải", M, "10/04/1966", "Nùng", "Văn phòng Huyện uỷ Lộc Bình",
          "Phó Chánh Văn phòng Huyện uỷ", party="22/12/1988", theory=ADV, state=OFF,
          qualification="Cử nhân Hành chính", home_town=f"xã Như Khuê, {LB_HOME}"),
    cadre("Hoàng Thị Ngọc", W, "17/09/1986", "Tày", "UBND xã Xuân Dương", "Phó Chủ tịch UBND xã",
          party="08/03/2010", theory=MID, state=OFF, qualification="Cử nhân Công tác xã hội",
          home_town=f"xã Nam Quan, {LB_HOME}"),
    cadre("Nông Văn Bình", M, "26/12/1984", "Tày", "Đảng uỷ xã Hữu Lân", "Bí thư Đảng uỷ xã",
          party="03/02/2007", theory=ADV, state=OFF, qualification="Cử nhân Luật",
          home_town=f"xã Hữu Lân, {LB_HOME}"),
    cadre("Dương Thị Lý", W, "01/06/1988", "Nùng", "Hội Liên hiệp Phụ nữ huyện Lộc Bình",
          "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện", party="08/03/2012", theory=MID,
          qualification="Cử nhân Kinh tế", home_town=f"xã Khuất Xá, {LB_HOME}"),
    cadre("Lương Văn Trường", M, "15/02/1986", "Tày", "UBND thị trấn Lộc Bình",
          "Phó Chủ tịch UBND xã", party="19/05/2010", theory=MID, state=OFF,
          qualification="Cử nhân Tài chính – Ngân hàng", home_town=f"xã Đồng Bục, {LB_HOME}"),
    cadre("Lý Văn Hoà", M, "23/10/1983", "Tày", "Phòng Nông nghiệp và PTNT huyện Lộc Bình",
          "Phó Trưởng phòng", party="02/09/2008", theory=MID, state=OFF,
          qualification="Kỹ sư Lâm nghiệp", home_town=f"xã Sàn Viên, {LB_HOME}"),
    cadre("Chu Văn Minh", M, "20/05/1981", "Nùng", "Phòng Nông nghiệp và PTNT huyện Lộc Bình",
          "Trưởng phòng", party="03/02/2005", theory=ADV, state=OFF,
          qualification="Kỹ sư Nông học", home_town=f"xã Nhượng Bạn, {LB_HOME}"),
    # Not rotated.
    cadre("Hoàng Văn Chiến", M, "02/09/1965", "Tày", LOC_BINH, "Bí thư Huyện uỷ",
          party="19/05/1987", theory=ADV, state=PRI, qualification="Thạc sĩ Kinh tế",
          home_town=f"thị trấn Lộc Bình, {LB_HOME}"),
    cadre("Bế Thị Thanh", W, "11/01/1970", "Tày", "HĐND huyện Lộc Bình",
          "Phó Chủ tịch HĐND huyện", party="08/03/1995", theory=ADV, state=PRI,
          qualification="Cử nhân Luật", home_town=f"xã Yên Khoái, {LB_HOME}"),
    cadre("Nông Văn Khải", M, "14/08/1975", "Tày", "UBND xã Tam Gia", "Chủ tịch UBND xã",
          party="03/02/2000", theory=MID, qualification="Trung cấp Nông nghiệp",
          home_town=f"xã Tam Gia, {LB_HOME}"),
    cadre("Lý Thị Xuân", W, "30/03/1990", "Dao", "Xã Mẫu Sơn", "Bí thư Đoàn xã",
          party="26/03/2013", theory="", qualification="Trung cấp Sư phạm",
          home_town=f"xã Mẫu Sơn, {LB_HOME}"),
    cadre("Bàn Thị Liên", W, "12/12/1985", "Dao", "Xã Mẫu Sơn", "Chủ tịch Hội Liên hiệp Phụ nữ xã",
          party="08/03/2008", theory=MID, qualification="Trung cấp Y tế",
          home_town=f"xã Mẫu Sơn, {LB_HOME}"),
    cadre("Trần Văn Nam", M, "06/06/1982", "Kinh", "Chi cục Thuế huyện Lộc Bình",
          "Phó Chi cục trưởng", party="02/09/2006", theory=MID, state=OFF,
          qualification="Cử nhân Kế toán", home_town="huyện Chi Lăng, tỉnh Lạng Sơn"),
    cadre("Nguyễn Thị Hồng Nhung", W, "25/12/1991", "Kinh", "Ban Tổ chức Huyện uỷ Lộc Bình",
          "Chuyên viên", party="19/05/2015", theory=MID, state=OFF,
          qualification="Cử nhân Quản lý nhà nước", home_town=f"thị trấn Lộc Bình, {LB_HOME}"),
    # Đình Lập.
    cadre("Hoàng Văn Dũng", M, "16/03/1970", "Tày", "Ban Tổ chức Huyện uỷ Đình Lập",
          "Trưởng ban Tổ chức Huyện uỷ", party="03/02/1994", theory=ADV, state=PRI,
          qualification="Cử nhân Luật", home_town="xã Bắc Xa, huyện Đình Lập, tỉnh Lạng Sơn"),
    cadre("Lộc Thị Hằng", W, "09/09/1978", "Tày", "UBND huyện Đình Lập", "Chuyên viên",
          party="08/03/2002", theory=MID, state=OFF, qualification="Cử nhân Kinh tế",
          home_town="thị trấn Đình Lập, huyện Đình Lập, tỉnh Lạng Sơn"),
    cadre("Vi Văn Thành", M, "28/02/1976", "Nùng", "UBND huyện Đình Lập", "Phó Trưởng phòng",
          party="19/05/2000", theory=MID, state=OFF, qualification="Kỹ sư Lâm nghiệp",
          home_town="xã Bính Xá, huyện Đình Lập, tỉnh Lạng Sơn"),
    cadre("Triệu Thị Mai", W, "03/08/1984", "Dao", "Xã Bắc Xa", "Phó Chủ tịch UBND xã",
          party="02/09/2008", theory=MID, qualification="Trung cấp Nông nghiệp",
          home_town="xã Kiên Mộc, huyện Đình Lập, tỉnh Lạng Sơn"),
    cadre("Phùng Văn Quý", M, "11/06/1980", "Dao", "UBND huyện Đình Lập", "Phó Trưởng phòng",
          party="03/02/2004", theory=MID, state=OFF, qualification="Cử nhân Hành chính",
          home_town="xã Bính Xá, huyện Đình Lập, tỉnh Lạng Sơn"),
    cadre("Nguyễn Đức Thịnh", M, "05/01/1982", "Kinh", "Xã Kiên Mộc", "Bí thư Đảng uỷ xã",
          party="19/05/2005", theory=ADV, state=OFF, qualification="Cử nhân Chính trị học",
          home_town="thị trấn Đình Lập, huyện Đình Lập, tỉnh Lạng Sơn"),
]  # fmt: skip

# (cadre, form, decision, from, to)
DISCIPLINE = [
    ("Nông Văn Khải", "Khiển trách", "12-QĐ/UBKT", "10/05/2023", "09/05/2024"),
]


def rotation(who, start, decision, frm, to, **fields):
    """One rotation: cadre, start, decision 'number dd/mm/yyyy', (unit, title) from and to."""
    number, _, date = decision.partition(" ")
    return {
        "cadre": who,
        "start": d(start),
        "decision_number": number,
        "decision_date": d(date) if date else None,
        "from": frm,
        "to": to,
        **fields,
    }


BTC = "Ban Tổ chức Huyện uỷ Lộc Bình"
BTC_TINH = "Ban Tổ chức Tỉnh uỷ Lạng Sơn"
PNN = "Phòng Nông nghiệp và PTNT huyện Lộc Bình"
PTCKH = "Phòng Tài chính – Kế hoạch huyện Lộc Bình"
HPN = "Hội Liên hiệp Phụ nữ huyện Lộc Bình"
SEC, DEP, MEM = "secretary", "deputy_secretary", "member"
# Lộc Bình, 01/01/2003 – 12/08/2012: exactly 17 counted rotations (the article's figure).
ROTATIONS = [
    rotation("Hoàng Văn Thắng", "15/03/2003", "12-QĐ/HU 01/03/2003",
             (BTC, "Phó Trưởng ban Tổ chức Huyện uỷ"), ("Đảng uỷ xã Tú Đoạn", "Bí thư Đảng uỷ xã"),
             outcome="returned", committee=SEC, after=(BTC, "Phó Trưởng ban Tổ chức Huyện uỷ")),
    rotation("Nông Thị Hoa", "01/08/2003", "27-QĐ/HU 18/07/2003",
             ("Huyện đoàn Lộc Bình", "Phó Bí thư Huyện đoàn"),
             ("UBND xã Xuân Lễ", "Phó Chủ tịch UBND xã"), plan=False, government=True,
             outcome="returned", after=("Huyện đoàn Lộc Bình", "Phó Bí thư Huyện đoàn"),
             reason="Năm 2003 huyện chưa phê duyệt quy hoạch cán bộ trẻ; Ban Thường vụ Huyện "
             "uỷ cử đồng chí tăng cường cho xã Xuân Lễ theo đề nghị của Đảng uỷ xã."),
    rotation("Lăng Văn Sơn", "01/02/2004", "41-QĐ/HU 15/01/2004", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Mẫu Sơn", "Chủ tịch UBND xã"), government=True, committee=MEM,
             outcome="promoted", after=(PNN, "Trưởng phòng")),
    rotation("Vi Văn Quân", "01/09/2004", "58-QĐ/HU 20/08/2004",
             ("UBND xã Hữu Lân", "Chủ tịch UBND xã"), (PTCKH, "Phó Trưởng phòng"), outcome="kept",
             after=(PTCKH, "Phó Trưởng phòng")),
    rotation("Triệu Văn Lâm", "01/03/2005", "76-QĐ/HU 15/02/2005",
             ("Văn phòng Huyện uỷ Lộc Bình", "Phó Chánh Văn phòng Huyện uỷ"),
             ("Đảng uỷ xã Tam Gia", "Phó Bí thư Đảng uỷ xã"), committee=DEP, outcome="returned",
             after=("Văn phòng Huyện uỷ Lộc Bình", "Phó Chánh Văn phòng Huyện uỷ")),
    rotation("Nguyễn Văn Hùng", "01/10/2005", "08-QĐ/HU 16/09/2005", (PTCKH, "Phó Trưởng phòng"),
             ("Chi cục Thuế huyện Lộc Bình", "Phó Chi cục trưởng"), outcome="reassigned",
             after=("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng")),
    rotation("Hoàng Thị Mai", "01/04/2006", "",
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
             ("UBND xã Khuất Xá", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=(HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
             note="Chưa tìm thấy quyết định trong hồ sơ gốc; đã đề nghị Văn phòng Huyện uỷ tra "
             "cứu kho lưu trữ."),
    rotation("Lương Văn Định", "15/06/2006", "39-QĐ/HU 01/06/2006",
             ("UBND xã Đồng Bục", "Phó Chủ tịch UBND xã"),
             ("UBND xã Hữu Khánh", "Chủ tịch UBND xã"),
             relation="higher", government=True, outcome="kept",
             after=("UBND xã Hữu Khánh", "Chủ tịch UBND xã"),
             reason="Đồng chí có năng lực nổi trội, được Đảng uỷ xã Hữu Khánh đề nghị; Ban Thường "
             "vụ Huyện uỷ quyết định bố trí chức vụ cao hơn là trường hợp đặc biệt."),
    rotation("Nông Văn Tuấn", "01/03/2007", "71-QĐ/HU 12/02/2007",
             ("Ban Dân vận Huyện uỷ Lộc Bình", "Phó Trưởng ban Dân vận Huyện uỷ"),
             ("Uỷ ban MTTQ Việt Nam huyện Lộc Bình", "Phó Chủ tịch Uỷ ban MTTQ huyện"),
             outcome="returned",
             after=("Ban Dân vận Huyện uỷ Lộc Bình", "Phó Trưởng ban Dân vận Huyện uỷ")),
    rotation("Chu Thị Lan", "01/09/2007", "96-QĐ/HU 20/08/2007",
             ("Văn phòng HĐND và UBND huyện Lộc Bình", "Phó Chánh Văn phòng HĐND và UBND huyện"),
             ("Đảng uỷ thị trấn Na Dương", "Phó Bí thư Đảng uỷ xã"), committee=DEP,
             outcome="promoted",
             after=("Văn phòng HĐND và UBND huyện Lộc Bình", "Chánh Văn phòng HĐND và UBND huyện")),
    rotation("Lăng Thị Thu", "29/02/2008", "118-QĐ/HU 15/02/2008",
             ("Ban Tuyên giáo Huyện uỷ Lộc Bình", "Chuyên viên"),
             ("UBND xã Tú Đoạn", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=("Ban Tuyên giáo Huyện uỷ Lộc Bình", "Phó Trưởng ban Tuyên giáo Huyện uỷ")),
    rotation("Hoàng Văn Thắng", "01/07/2008", "131-QĐ/HU 16/06/2008",
             (BTC, "Phó Trưởng ban Tổ chức Huyện uỷ"),
             ("Uỷ ban Kiểm tra Huyện uỷ Lộc Bình", "Phó Chủ nhiệm Uỷ ban Kiểm tra Huyện uỷ"),
             outcome="promoted", after=(BTC, "Trưởng ban Tổ chức Huyện uỷ")),
    rotation("Triệu Thị Hạnh", "01/03/2009", "162-QĐ/HU 16/02/2009",
             ("Xã Xuân Dương", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"), outcome="reassigned",
             after=("Uỷ ban MTTQ Việt Nam huyện Lộc Bình", "Phó Chủ tịch Uỷ ban MTTQ huyện")),
    rotation("Vy Văn Cường", "01/10/2009", "187-QĐ/HU 21/09/2009",
             ("Phòng Nội vụ huyện Lộc Bình", "Phó Trưởng phòng"),
             ("Đảng uỷ xã Lợi Bác", "Bí thư Đảng uỷ xã"), committee=SEC, outcome="promoted",
             after=("UBND huyện Lộc Bình", "Phó Chủ tịch UBND huyện")),
    rotation("Hà Văn Phúc", "01/08/2010", "09-QĐ/HU 20/07/2010",
             ("Đảng uỷ xã Tú Mịch", "Phó Bí thư Đảng uỷ xã"),
             ("Đảng uỷ xã Yên Khoái", "Phó Bí thư Đảng uỷ xã"), plan=False, committee=DEP,
             outcome="returned", after=("Đảng uỷ xã Tú Mịch", "Bí thư Đảng uỷ xã"),
             reason="Quy hoạch nhiệm kỳ 2010–2015 đang rà soát, bổ sung; Ban Thường vụ Huyện uỷ "
             "quyết định luân chuyển để kịp kiện toàn Đảng uỷ xã Yên Khoái."),
    rotation("Nguyễn Thị Thuỳ", "01/04/2011", "52-QĐ/HU 18/03/2011", (BTC, "Chuyên viên"),
             ("UBND xã Nam Quan", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=(BTC, "Phó Trưởng ban Tổ chức Huyện uỷ")),
    rotation("Mã Văn Khánh", "01/08/2012", "103-QĐ/HU 20/07/2012",
             ("UBND xã Ái Quốc", "Chủ tịch UBND xã"), (PNN, "Phó Trưởng phòng"), outcome="kept",
             after=(PNN, "Phó Trưởng phòng")),
    # After 12/08/2012.
    rotation("Hoàng Văn Long", "01/03/2013", "412-QĐ/TU 15/02/2013",
             (BTC_TINH, "Phó Trưởng phòng"), (BTC, "Phó Trưởng ban Tổ chức Huyện uỷ"),
             body=TU_BODY, committee=MEM, outcome="returned", after=(BTC_TINH, "Trưởng phòng")),
    rotation("Lộc Thị Nga", "01/06/2014", "655-QĐ/TU 16/05/2014",
             (BTC, "Phó Trưởng ban Tổ chức Huyện uỷ"), (BTC_TINH, "Phó Trưởng phòng"),
             body=TU_BODY, outcome="promoted", after=(BTC_TINH, "Trưởng phòng")),
    rotation("Chu Văn Minh", "01/04/2015", "231-QĐ/HU 16/03/2015",
             ("UBND xã Nhượng Bạn", "Chủ tịch UBND xã"), (PNN, "Phó Trưởng phòng"),
             outcome="promoted", after=(PNN, "Trưởng phòng")),
    rotation("Nguyễn Văn Hùng", "01/09/2016", "47-QĐ/HU 22/08/2016",
             ("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng"),
             ("Đảng uỷ xã Đồng Bục", "Bí thư Đảng uỷ xã"), committee=SEC, outcome="returned",
             after=("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng")),
    rotation("Vi Thị Hương", "01/03/2018", "139-QĐ/HU 12/02/2018", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Tam Gia", "Phó Chủ tịch UBND xã"), government=True, outcome="ended_early",
             end="15/10/2019", after=(PNN, "Phó Trưởng phòng"),
             reason="Đồng chí xin kết thúc luân chuyển trước thời hạn vì hoàn cảnh gia đình đặc "
             "biệt khó khăn; Ban Thường vụ Huyện uỷ đồng ý tại Thông báo số 215-TB/HU."),
    rotation("Lý Văn Hoà", "01/05/2019", "188-QĐ/HU 15/04/2019", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Sàn Viên", "Phó Chủ tịch UBND xã"), outcome="cancelled",
             note="Quyết định bị thu hồi trước ngày có hiệu lực; đồng chí được luân chuyển về xã "
             "Lợi Bác theo Quyết định 195-QĐ/HU."),
    rotation("Lý Văn Hoà", "01/06/2019", "195-QĐ/HU 20/05/2019", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Lợi Bác", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=(PNN, "Phó Trưởng phòng")),
    rotation("Triệu Văn Tài", "01/09/2020", "12-QĐ/HU 17/08/2020",
             ("Huyện đoàn Lộc Bình", "Bí thư Huyện đoàn"),
             ("UBND xã Khánh Xuân", "Chủ tịch UBND xã"),
             government=True, committee=DEP, outcome="kept",
             after=("UBND xã Khánh Xuân", "Chủ tịch UBND xã")),
    rotation("Lăng Văn Hải", "01/05/2021", "78-QĐ/HU 15/04/2021",
             ("Văn phòng Huyện uỷ Lộc Bình", "Phó Chánh Văn phòng Huyện uỷ"),
             ("Đảng uỷ xã Thống Nhất", "Phó Bí thư Đảng uỷ xã"), committee=DEP, outcome="returned",
             after=("Văn phòng Huyện uỷ Lộc Bình", "Phó Chánh Văn phòng Huyện uỷ"),
             reason="Xã Thống Nhất mới thành lập từ ba xã, cần cán bộ có kinh nghiệm; Ban Thường "
             "vụ Huyện uỷ quyết định là trường hợp đặc biệt dù còn dưới 10 năm công tác."),
    rotation("Hoàng Thị Ngọc", "01/08/2022", "203-QĐ/HU 18/07/2022",
             ("Ban Dân vận Huyện uỷ Lộc Bình", "Chuyên viên"),
             ("UBND xã Xuân Dương", "Phó Chủ tịch UBND xã"), government=True,
             note="Chưa có quyết định kết thúc luân chuyển sau khi sắp xếp đơn vị hành chính "
             "ngày 01/07/2025."),
    rotation("Nông Văn Bình", "15/01/2024", "351-QĐ/HU 02/01/2024",
             (BTC, "Phó Trưởng ban Tổ chức Huyện uỷ"), ("Đảng uỷ xã Hữu Lân", "Bí thư Đảng uỷ xã"),
             committee=SEC),
    rotation("Dương Thị Lý", "01/03/2024", "362-QĐ/HU 15/02/2024",
             ("Xã Khuất Xá", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện")),
    rotation("Lương Văn Trường", "01/10/2024", "398-QĐ/HU 16/09/2024", (PTCKH, "Phó Trưởng phòng"),
             ("UBND thị trấn Lộc Bình", "Phó Chủ tịch UBND xã"), government=True),
    rotation("Hoàng Văn Long", "01/10/2025", "1120-QĐ/TU 15/09/2025", (BTC_TINH, "Trưởng phòng"),
             ("Đảng uỷ xã Lộc Bình (2025)", "Bí thư Đảng uỷ xã"), body=TU_BODY, committee=SEC),
    # Đình Lập: outside Lộc Bình's subtree.
    rotation("Hoàng Văn Dũng", "01/05/2005", "61-QĐ/HU 15/04/2005",
             ("Ban Tổ chức Huyện uỷ Đình Lập", "Phó Trưởng ban Tổ chức Huyện uỷ"),
             ("Xã Bắc Xa", "Bí thư Đảng uỷ xã"), body=DL_BODY, committee=SEC, outcome="promoted",
             after=("Ban Tổ chức Huyện uỷ Đình Lập", "Trưởng ban Tổ chức Huyện uỷ")),
    rotation("Lộc Thị Hằng", "01/09/2008", "145-QĐ/HU 18/08/2008",
             ("UBND huyện Đình Lập", "Chuyên viên"), ("Xã Kiên Mộc", "Phó Chủ tịch UBND xã"),
             body=DL_BODY, government=True, outcome="returned",
             after=("UBND huyện Đình Lập", "Chuyên viên")),
    rotation("Vi Văn Thành", "01/03/2011", "48-QĐ/HU 15/02/2011",
             ("Xã Bính Xá", "Chủ tịch UBND xã"), ("UBND huyện Đình Lập", "Phó Trưởng phòng"),
             body=DL_BODY, outcome="kept", after=("UBND huyện Đình Lập", "Phó Trưởng phòng")),
    rotation("Triệu Thị Mai", "01/07/2014", "167-QĐ/HU 16/06/2014",
             ("Thị trấn Đình Lập", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
             ("Xã Bắc Xa", "Phó Chủ tịch UBND xã"), body=DL_BODY, plan=False, government=True,
             outcome="kept", after=("Xã Bắc Xa", "Phó Chủ tịch UBND xã"),
             reason="Xã Bắc Xa thiếu cán bộ nữ người dân tộc thiểu số; Ban Thường vụ Huyện uỷ "
             "quyết định luân chuyển trong khi chờ bổ sung quy hoạch."),
    rotation("Phùng Văn Quý", "01/03/2019", "92-QĐ/HU 15/02/2019",
             ("Ban Tổ chức Huyện uỷ Đình Lập", "Phó Trưởng ban Tổ chức Huyện uỷ"),
             ("UBND huyện Đình Lập", "Phó Trưởng phòng"), body=DL_BODY, outcome="reassigned",
             after=("UBND huyện Đình Lập", "Phó Trưởng phòng")),
    rotation("Nguyễn Đức Thịnh", "01/09/2022", "287-QĐ/HU 16/08/2022",
             ("Ban Tổ chức Huyện uỷ Đình Lập", "Phó Trưởng ban Tổ chức Huyện uỷ"),
             ("Xã Kiên Mộc", "Bí thư Đảng uỷ xã"), body=DL_BODY, committee=SEC,
             outcome="ended_early", end="30/06/2025",
             reason="Kết thúc sớm do bỏ cấp huyện từ ngày 01/07/2025 (Nghị quyết "
             "1672/NQ-UBTVQH15)."),
]  # fmt: skip

PURPOSES = {
    Direction.DISTRICT_TO_COMMUNE: "Tăng cường cán bộ cho cơ sở; rèn luyện cán bộ trong quy "
    "hoạch qua thực tiễn.",
    Direction.COMMUNE_TO_DISTRICT: "Đào tạo cán bộ cơ sở trong quy hoạch ở môi trường cấp huyện.",
    Direction.HORIZONTAL: "Đào tạo toàn diện qua nhiều lĩnh vực công tác cùng cấp.",
    Direction.BETWEEN_LOCALITIES: "Khắc phục tình trạng khép kín, cục bộ; kiện toàn cấp uỷ cơ sở.",
    Direction.PROVINCE_TO_DISTRICT: "Rèn luyện cán bộ trẻ của tỉnh qua thực tiễn ở huyện.",
    Direction.DISTRICT_TO_PROVINCE: "Đào tạo cán bộ huyện trong quy hoạch ở cơ quan cấp tỉnh.",
    Direction.PROVINCE_TO_COMMUNE: "Tăng cường cán bộ cho xã mới sau sắp xếp đơn vị hành chính.",
}
PLAN_NUMBERS = {"2000–2005": 14, "2005–2010": 52, "2010–2015": 97, "2015–2020": 143,
                "2020–2025": 188, "2025–2030": 231}  # fmt: skip

# (cadre, rotation start, kind, date, rating, text)
EVALUATIONS = [
    ("Hoàng Văn Thắng", "15/03/2003", "annual", "20/12/2004", "good",
     "Hoàn thành tốt nhiệm vụ Bí thư Đảng uỷ xã; lãnh đạo xã hoàn thành các chỉ tiêu năm."),
    ("Hoàng Văn Thắng", "15/03/2003", "self_review", "01/03/2006", "good",
     "Tự nhận xét: nắm chắc tình hình cơ sở, còn hạn chế về phát triển kinh tế hộ."),
    ("Hoàng Văn Thắng", "15/03/2003", "receiving_unit", "05/03/2006", "excellent",
     "Đảng uỷ xã Tú Đoạn đánh giá hoàn thành xuất sắc nhiệm vụ."),
    ("Hoàng Văn Thắng", "15/03/2003", "authority", "10/03/2006", "good",
     "Ban Thường vụ Huyện uỷ kết luận: hoàn thành tốt nhiệm vụ luân chuyển."),
    ("Vi Thị Hương", "01/03/2018", "semi_annual", "15/09/2018", "completed",
     "Hoàn thành nhiệm vụ được giao."),
    ("Nông Văn Bình", "15/01/2024", "annual", "20/12/2024", "good",
     "Hoàn thành tốt nhiệm vụ; tham gia chỉ đạo sắp xếp thôn, bản."),
    ("Nông Văn Bình", "15/01/2024", "annual", "18/12/2025", "excellent",
     "Hoàn thành xuất sắc nhiệm vụ trong năm đầu thực hiện chính quyền địa phương hai cấp."),
]  # fmt: skip

# (unit, date, scope, finding, postings as (cadre, start), correction, corrected on, status)
FINDINGS = [
    (BTC, "20/05/2013", "Kiểm tra công tác luân chuyển cán bộ giai đoạn 2003–2012",
     "Hồ sơ luân chuyển của đồng chí Lăng Văn Sơn thiếu bản tự nhận xét khi kết thúc luân chuyển.",
     [("Lăng Văn Sơn", "01/02/2004")], "Đã bổ sung bản tự nhận xét vào hồ sơ.", "10/06/2013",
     "corrected"),
    (BTC, "15/05/2025", "Rà soát hồ sơ luân chuyển trước khi kết thúc hoạt động cấp huyện",
     "Hồ sơ luân chuyển năm 2006 của đồng chí Hoàng Thị Mai chưa có số và ngày quyết định.",
     [("Hoàng Thị Mai", "01/04/2006")], "", None, "open"),
]  # fmt: skip


class DemoLoader:
    """Find or create every demo row; `created` counts what this run added, by model."""

    def __init__(self):
        self.units = {}
        self.positions = {}
        self.cadres = {}
        self.terms = []
        self.postings = {}
        self.created = Counter()

    def load(self):
        self.load_terms()
        self.load_positions()
        self.load_units()
        self.load_cadres()
        self.load_postings()
        self.load_evaluations()
        self.load_findings()
        return self

    def find_or_create(self, model, lookup, **defaults):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **defaults)
            self.created[model._meta.verbose_name_plural] += 1
        return obj

    def load_terms(self):
        for name, start, end in TERMS:
            term = self.find_or_create(Term, {"name": name}, start=d(start), end=d(end))
            self.terms.append(term)

    def term_on(self, day):
        return next(term for term in self.terms if term.start <= day <= term.end)

    def load_positions(self):
        for name, level, category, is_head in POSITIONS:
            self.positions[name, level] = self.find_or_create(
                Position,
                {"name": nfc(name), "level": level},
                category=category,
                is_head=is_head,
                valid_to=DISTRICTS_END if level == "district" else None,
            )

    def position(self, name, unit):
        return self.positions[name, unit.level]

    def unit(self, key, kind, parent=None, *, name=None, valid_from=None, valid_to=None, **extra):
        lookup = {
            "name": nfc(name or key),
            "kind": kind,
            "valid_from": valid_from,
            "parent": self.units[parent] if parent else None,
        }
        self.units[key] = self.find_or_create(Unit, lookup, valid_to=valid_to, **extra)
        return self.units[key]

    def change(self, old, new, kind, date, basis, note=""):
        self.find_or_create(
            UnitChange,
            {"from_unit": self.units[old], "to_unit": self.units[new], "date": d(date)},
            kind=kind,
            legal_basis=basis,
            note=note,
        )

    def load_units(self):
        end = DISTRICTS_END
        self.unit(PROVINCE, K.PROVINCE, code="20")
        self.unit(BTC_TINH, K.PARTY_BODY, PROVINCE)
        self.unit("Sở Nội vụ tỉnh Lạng Sơn", K.COMMITTEE_OFFICE, PROVINCE)
        self.unit(
            LOC_BINH, K.DISTRICT, PROVINCE, valid_to=end, code="188",
            note="Cấp huyện kết thúc hoạt động ngày 30/06/2025 (chính quyền địa phương hai cấp). "
            "Các xã, thị trấn được giả định không đổi từ năm 2003 đến 31/12/2019.",
        )  # fmt: skip
        for name, kind, parent in LB_BODIES:
            self.unit(name, kind, parent, valid_to=end)
        for name, last_day in LB_COMMUNES.items():
            kind = K.TOWN if name.startswith("Thị trấn") else K.COMMUNE
            self.unit(name, kind, LOC_BINH, valid_to=d(last_day) if last_day else end)
        for name, sources in NEW_2020.items():
            assumed = ", ".join(sources)
            self.unit(
                name, K.COMMUNE, LOC_BINH, valid_from=d("01/01/2020"), valid_to=end,
                note=f"Thành lập ngày 01/01/2020 theo Nghị quyết {R818}. Giả định (chưa đối chiếu "
                f"văn bản): hợp nhất từ {assumed}.",
            )  # fmt: skip
            for source in sources:
                self.change(source, name, UnitChange.Kind.MERGE, "01/01/2020", R818, "Giả định.")
        for old, new, date, basis in ABSORBED:
            self.change(old, new, UnitChange.Kind.ABSORB, date, basis)
        for key, sources in NEW_2025.items():
            self.unit(
                key, K.COMMUNE, PROVINCE, name=key.removesuffix(" (2025)"),
                valid_from=d("01/07/2025"),
                note=f"Thành lập ngày 01/07/2025 theo Nghị quyết {R1672}, trực thuộc tỉnh.",
            )  # fmt: skip
            for source in sources:
                self.change(source, key, UnitChange.Kind.MERGE, "01/07/2025", R1672)
        for commune in COMMUNES_WITH_BODIES:
            unit = self.units[commune]
            place = unit.name[0].lower() + unit.name[1:]
            suffix = " (2025)" if commune.endswith(" (2025)") else ""
            for prefix, kind in COMMUNE_BODIES:
                self.unit(
                    f"{prefix} {place}{suffix}", kind, commune, name=f"{prefix} {place}",
                    valid_from=unit.valid_from, valid_to=unit.valid_to,
                )  # fmt: skip
        self.unit(
            DINH_LAP,
            K.DISTRICT,
            PROVINCE,
            valid_to=end,
            code="189",
            note="Các đơn vị kế thừa sau 01/07/2025 chưa được ghi trong dữ liệu mẫu.",
        )
        self.unit("Ban Tổ chức Huyện uỷ Đình Lập", K.PARTY_BODY, DINH_LAP, valid_to=end)
        self.unit("UBND huyện Đình Lập", K.PEOPLES_COMMITTEE, DINH_LAP, valid_to=end)
        self.unit("Thị trấn Đình Lập", K.TOWN, DINH_LAP, valid_to=end)
        for name in ("Xã Bắc Xa", "Xã Bính Xá", "Xã Kiên Mộc"):
            self.unit(name, K.COMMUNE, DINH_LAP, valid_to=end)

    def load_cadres(self):
        for spec in CADRES:
            spec = dict(spec)
            unit = self.units[spec.pop("unit")]
            post = self.position(spec.pop("post"), unit)
            admitted = spec["party_admission_date"]
            lookup = {
                "full_name": nfc(spec.pop("full_name")),
                "date_of_birth": spec.pop("date_of_birth"),
            }
            self.cadres[lookup["full_name"]] = self.find_or_create(
                Cadre,
                lookup,
                current_unit=unit,
                current_position=post,
                party_full_member_date=add_months(admitted, 12) if admitted else None,
                # The North's ten-year school system gave way to twelve years around 1990.
                general_education="10/10" if lookup["date_of_birth"].year < 1975 else "12/12",
                religion="Không",
                place_of_birth=spec.get("home_town", ""),
                **spec,
            )
        for name, form, decision, start, end in DISCIPLINE:
            self.find_or_create(
                DisciplinePeriod,
                {"cadre": self.cadres[name], "start": d(start)},
                form=form,
                decision=decision,
                end=d(end),
            )

    def plan(self, cadre, start, position, unit, body):
        """An approved succession-plan entry covering the start, decided before the term."""
        term = self.term_on(start)
        suffix = "TU" if body == TU_BODY else "HU"
        self.find_or_create(
            PlanningEntry,
            {"cadre": cadre, "term": term},
            position=position,
            unit=unit,
            decision_number=f"{PLAN_NUMBERS[term.name]}-QĐ/{suffix}",
            decision_date=add_months(term.start, -3),
            status=PlanningEntry.Status.APPROVED,
        )

    def load_postings(self):
        for spec in ROTATIONS:
            cadre = self.cadres[nfc(spec["cadre"])]
            (from_name, from_post), (to_name, to_post) = spec["from"], spec["to"]
            from_unit, to_unit = self.units[from_name], self.units[to_name]
            start = spec["start"]
            key = (cadre.full_name, start)
            posting = Posting.objects.filter(cadre=cadre, to_unit=to_unit, start=start).first()
            if posting is not None:
                self.postings[key] = posting
                continue
            to_position = self.position(to_post, to_unit)
            body = spec.get("body", LB_BODY)
            if spec.get("plan", True):
                self.plan(cadre, start, to_position, to_unit, body)
            outcome = spec.get("outcome", "")
            actual_end = d(spec["end"]) if "end" in spec else None
            if outcome and outcome != Posting.Outcome.CANCELLED and not actual_end:
                actual_end = add_months(start, 36)
            unit_after = position_after = None
            if "after" in spec:
                unit_after = self.units[spec["after"][0]]
                position_after = self.position(spec["after"][1], unit_after)
            committee = spec.get("committee", "")
            posting = Posting(
                cadre=cadre,
                decision_number=spec["decision_number"],
                decision_date=spec["decision_date"],
                deciding_body=body if spec["decision_number"] else "",
                from_unit=from_unit,
                from_position=self.position(from_post, from_unit),
                to_unit=to_unit,
                to_position=to_position,
                purpose=PURPOSES[derive_direction(from_unit, to_unit)],
                post_relation=spec.get("relation", Posting.PostRelation.EQUIVALENT),
                start=start,
                actual_end=actual_end,
                outcome=outcome,
                unit_after=unit_after,
                position_after=position_after,
                joined_party_committee=bool(committee),
                party_committee_role=committee,
                joined_government=spec.get("government", False),
                exception_reason=spec.get("reason", ""),
                note=spec.get("note", ""),
            )
            posting_save(posting=posting, require_reason=True)
            self.created[Posting._meta.verbose_name_plural] += 1
            self.postings[key] = posting

    def load_evaluations(self):
        for who, start, kind, date, rating, text in EVALUATIONS:
            self.find_or_create(
                Evaluation,
                {"posting": self.postings[nfc(who), d(start)], "kind": kind, "date": d(date)},
                rating=rating,
                text=text,
            )

    def load_findings(self):
        for unit, date, scope, text, postings, correction, corrected_on, status in FINDINGS:
            lookup = {"unit": self.units[unit], "date": d(date)}
            if InspectionFinding.objects.filter(**lookup).exists():
                continue
            finding = self.find_or_create(
                InspectionFinding,
                lookup,
                scope=scope,
                finding=text,
                correction=correction,
                corrected_on=d(corrected_on) if corrected_on else None,
                status=status,
            )
            concerned = [self.postings[nfc(who), d(start)] for who, start in postings]
            finding.postings.set(concerned)
            finding.cadres.set({posting.cadre for posting in concerned})


# (username, group, scope unit or None for the whole country, superuser)
ACCOUNTS = [
    ("demo-admin", roles.ADMINISTRATOR, None, True),
    ("demo-staff", roles.STAFF, LOC_BINH, False),
    ("demo-leader", roles.LEADER, LOC_BINH, False),
    ("demo-staff-dinhlap", roles.STAFF, DINH_LAP, False),
    ("demo-leader-province", roles.LEADER, PROVINCE, False),
]


def load_accounts(units):
    """The demo accounts, one per role and scope, all with DEMO_PASSWORD; returns the list."""
    User = get_user_model()
    for name in (roles.STAFF, roles.LEADER, roles.ADMINISTRATOR):
        Group.objects.get_or_create(name=name)
    result = []
    for username, group_name, scope_key, superuser in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": superuser}
        )
        if created:
            # Only new accounts: hashing is slow by design, and a re-run must change nothing.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        unit = units[scope_key] if scope_key else None
        scope = UserScope.objects.filter(user=user).first()
        if scope is None:
            UserScope.objects.create(user=user, unit=unit)
        elif scope.unit_id != (unit.pk if unit else None):
            scope.unit = unit
            scope.save()
        result.append((username, group_name, unit))
    return result


def load():
    """Load the whole demo (not the accounts); return the loader, which knows what it made."""
    return DemoLoader().load()
