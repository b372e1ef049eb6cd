"""The demo's rotations, with their evaluations and inspection findings: invented decisions."""

from demo.units import BTC_TINH, DL_BODY, TU_BODY, d
from postings.models import Direction


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


BTC = "Ban Tổ chức Huyện ủy Lộc Bình"
PNN = "Phòng Nông nghiệp và PTNT huyện Lộc Bình"
PTCKH = "Phòng Tài chính – Kế hoạch huyện Lộc Bình"
HPN = "Hội Liên hiệp Phụ nữ huyện Lộc Bình"
SEC, DEP, MEM = "secretary", "deputy_secretary", "member"
# Lộc Bình, 01/01/2003 – 12/08/2012: exactly 17 counted rotations (the article's figure).
ROTATIONS = [
    rotation("Hoàng Văn Thắng", "15/03/2003", "12-QĐ/HU 01/03/2003",
             (BTC, "Phó Trưởng ban Tổ chức Huyện ủy"), ("Đảng ủy xã Tú Đoạn", "Bí thư Đảng ủy xã"),
             outcome="returned", committee=SEC, after=(BTC, "Phó Trưởng ban Tổ chức Huyện ủy")),
    rotation("Nông Thị Hoa", "01/08/2003", "27-QĐ/HU 18/07/2003",
             ("Huyện đoàn Lộc Bình", "Phó Bí thư Huyện đoàn"),
             ("UBND xã Xuân Lễ", "Phó Chủ tịch UBND xã"), plan=False, government=True,
             outcome="returned", after=("Huyện đoàn Lộc Bình", "Phó Bí thư Huyện đoàn"),
             reason="Năm 2003 huyện chưa phê duyệt quy hoạch cán bộ trẻ; Ban Thường vụ Huyện "
             "ủy cử đồng chí tăng cường cho xã Xuân Lễ theo đề nghị của Đảng ủy xã."),
    rotation("Lăng Văn Sơn", "01/02/2004", "41-QĐ/HU 15/01/2004", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Mẫu Sơn", "Chủ tịch UBND xã"), government=True, committee=MEM,
             outcome="promoted", after=(PNN, "Trưởng phòng")),
    rotation("Vi Văn Quân", "01/09/2004", "58-QĐ/HU 20/08/2004",
             ("UBND xã Hữu Lân", "Chủ tịch UBND xã"), (PTCKH, "Phó Trưởng phòng"), outcome="kept",
             after=(PTCKH, "Phó Trưởng phòng")),
    rotation("Triệu Văn Lâm", "01/03/2005", "76-QĐ/HU 15/02/2005",
             ("Văn phòng Huyện ủy Lộc Bình", "Phó Chánh Văn phòng Huyện ủy"),
             ("Đảng ủy xã Tam Gia", "Phó Bí thư Đảng ủy xã"), committee=DEP, outcome="returned",
             after=("Văn phòng Huyện ủy Lộc Bình", "Phó Chánh Văn phòng Huyện ủy")),
    rotation("Nguyễn Văn Hùng", "01/10/2005", "08-QĐ/HU 16/09/2005", (PTCKH, "Phó Trưởng phòng"),
             ("Chi cục Thuế huyện Lộc Bình", "Phó Chi cục trưởng"), outcome="reassigned",
             after=("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng")),
    rotation("Hoàng Thị Mai", "01/04/2006", "",
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
             ("UBND xã Khuất Xá", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=(HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
             note="Chưa tìm thấy quyết định trong hồ sơ gốc; đã đề nghị Văn phòng Huyện ủy tra "
             "cứu kho lưu trữ."),
    rotation("Lương Văn Định", "15/06/2006", "39-QĐ/HU 01/06/2006",
             ("UBND xã Đồng Bục", "Phó Chủ tịch UBND xã"),
             ("UBND xã Hữu Khánh", "Chủ tịch UBND xã"),
             relation="higher", government=True, outcome="kept",
             after=("UBND xã Hữu Khánh", "Chủ tịch UBND xã"),
             reason="Đồng chí có năng lực nổi trội, được Đảng ủy xã Hữu Khánh đề nghị; Ban Thường "
             "vụ Huyện ủy quyết định bố trí chức vụ cao hơn là trường hợp đặc biệt."),
    rotation("Nông Văn Tuấn", "01/03/2007", "71-QĐ/HU 12/02/2007",
             ("Ban Dân vận Huyện ủy Lộc Bình", "Phó Trưởng ban Dân vận Huyện ủy"),
             ("Ủy ban MTTQ Việt Nam huyện Lộc Bình", "Phó Chủ tịch Ủy ban MTTQ huyện"),
             outcome="returned",
             after=("Ban Dân vận Huyện ủy Lộc Bình", "Phó Trưởng ban Dân vận Huyện ủy")),
    rotation("Chu Thị Lan", "01/09/2007", "96-QĐ/HU 20/08/2007",
             ("Văn phòng HĐND và UBND huyện Lộc Bình", "Phó Chánh Văn phòng HĐND và UBND huyện"),
             ("Đảng ủy thị trấn Na Dương", "Phó Bí thư Đảng ủy xã"), committee=DEP,
             outcome="promoted",
             after=("Văn phòng HĐND và UBND huyện Lộc Bình", "Chánh Văn phòng HĐND và UBND huyện")),
    rotation("Lăng Thị Thu", "29/02/2008", "118-QĐ/HU 15/02/2008",
             ("Ban Tuyên giáo Huyện ủy Lộc Bình", "Chuyên viên"),
             ("UBND xã Tú Đoạn", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=("Ban Tuyên giáo Huyện ủy Lộc Bình", "Phó Trưởng ban Tuyên giáo Huyện ủy")),
    rotation("Hoàng Văn Thắng", "01/07/2008", "131-QĐ/HU 16/06/2008",
             (BTC, "Phó Trưởng ban Tổ chức Huyện ủy"),
             ("Ủy ban Kiểm tra Huyện ủy Lộc Bình", "Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy"),
             outcome="promoted", after=(BTC, "Trưởng ban Tổ chức Huyện ủy")),
    rotation("Triệu Thị Hạnh", "01/03/2009", "162-QĐ/HU 16/02/2009",
             ("Xã Xuân Dương", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện"), outcome="reassigned",
             after=("Ủy ban MTTQ Việt Nam huyện Lộc Bình", "Phó Chủ tịch Ủy ban MTTQ huyện")),
    rotation("Vy Văn Cường", "01/10/2009", "187-QĐ/HU 21/09/2009",
             ("Phòng Nội vụ huyện Lộc Bình", "Phó Trưởng phòng"),
             ("Đảng ủy xã Lợi Bác", "Bí thư Đảng ủy xã"), committee=SEC, outcome="promoted",
             after=("UBND huyện Lộc Bình", "Phó Chủ tịch UBND huyện")),
    rotation("Hà Văn Phúc", "01/08/2010", "09-QĐ/HU 20/07/2010",
             ("Đảng ủy xã Tú Mịch", "Phó Bí thư Đảng ủy xã"),
             ("Đảng ủy xã Yên Khoái", "Phó Bí thư Đảng ủy xã"), plan=False, committee=DEP,
             outcome="returned", after=("Đảng ủy xã Tú Mịch", "Bí thư Đảng ủy xã"),
             reason="Quy hoạch nhiệm kỳ 2010–2015 đang rà soát, bổ sung; Ban Thường vụ Huyện ủy "
             "quyết định luân chuyển để kịp kiện toàn Đảng ủy xã Yên Khoái."),
    rotation("Nguyễn Thị Thuỳ", "01/04/2011", "52-QĐ/HU 18/03/2011", (BTC, "Chuyên viên"),
             ("UBND xã Nam Quan", "Phó Chủ tịch UBND xã"), government=True, outcome="returned",
             after=(BTC, "Phó Trưởng ban Tổ chức Huyện ủy")),
    rotation("Mã Văn Khánh", "01/08/2012", "103-QĐ/HU 20/07/2012",
             ("UBND xã Ái Quốc", "Chủ tịch UBND xã"), (PNN, "Phó Trưởng phòng"), outcome="kept",
             after=(PNN, "Phó Trưởng phòng")),
    # After 12/08/2012.
    rotation("Hoàng Văn Long", "01/03/2013", "412-QĐ/TU 15/02/2013",
             (BTC_TINH, "Phó Trưởng phòng"), (BTC, "Phó Trưởng ban Tổ chức Huyện ủy"),
             body=TU_BODY, committee=MEM, outcome="returned", after=(BTC_TINH, "Trưởng phòng")),
    rotation("Lộc Thị Nga", "01/06/2014", "655-QĐ/TU 16/05/2014",
             (BTC, "Phó Trưởng ban Tổ chức Huyện ủy"), (BTC_TINH, "Phó Trưởng phòng"),
             body=TU_BODY, outcome="promoted", after=(BTC_TINH, "Trưởng phòng")),
    rotation("Chu Văn Minh", "01/04/2015", "231-QĐ/HU 16/03/2015",
             ("UBND xã Nhượng Bạn", "Chủ tịch UBND xã"), (PNN, "Phó Trưởng phòng"),
             outcome="promoted", after=(PNN, "Trưởng phòng")),
    rotation("Nguyễn Văn Hùng", "01/09/2016", "47-QĐ/HU 22/08/2016",
             ("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng"),
             ("Đảng ủy xã Đồng Bục", "Bí thư Đảng ủy xã"), committee=SEC, outcome="returned",
             after=("Phòng Nội vụ huyện Lộc Bình", "Trưởng phòng")),
    rotation("Vi Thị Hương", "01/03/2018", "139-QĐ/HU 12/02/2018", (PNN, "Phó Trưởng phòng"),
             ("UBND xã Tam Gia", "Phó Chủ tịch UBND xã"), government=True, outcome="ended_early",
             end="15/10/2019", after=(PNN, "Phó Trưởng phòng"),
             reason="Đồng chí xin kết thúc luân chuyển trước thời hạn vì hoàn cảnh gia đình đặc "
             "biệt khó khăn; Ban Thường vụ Huyện ủy đồng ý tại Thông báo số 215-TB/HU."),
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
    rotation("Lăng Văn Hải", "01/05/2021", "12-QĐ/HU 17/08/2020",
             ("Văn phòng Huyện ủy Lộc Bình", "Phó Chánh Văn phòng Huyện ủy"),
             ("Đảng ủy xã Thống Nhất", "Phó Bí thư Đảng ủy xã"), committee=DEP, outcome="returned",
             after=("Văn phòng Huyện ủy Lộc Bình", "Phó Chánh Văn phòng Huyện ủy"),
             reason="Xã Thống Nhất mới thành lập từ ba xã, cần cán bộ có kinh nghiệm; Ban Thường "
             "vụ Huyện ủy quyết định là trường hợp đặc biệt dù còn dưới 10 năm công tác."),
    rotation("Hoàng Thị Ngọc", "01/08/2022", "203-QĐ/HU 18/07/2022",
             ("Ban Dân vận Huyện ủy Lộc Bình", "Chuyên viên"),
             ("UBND xã Xuân Dương", "Phó Chủ tịch UBND xã"), government=True,
             note="Chưa có quyết định kết thúc luân chuyển sau khi sắp xếp đơn vị hành chính "
             "ngày 01/07/2025."),
    rotation("Nông Văn Bình", "15/01/2024", "351-QĐ/HU 02/01/2024",
             (BTC, "Phó Trưởng ban Tổ chức Huyện ủy"), ("Đảng ủy xã Hữu Lân", "Bí thư Đảng ủy xã"),
             committee=SEC),
    rotation("Dương Thị Lý", "01/03/2024", "351-QĐ/HU 02/01/2024",
             ("Xã Khuất Xá", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
             (HPN, "Phó Chủ tịch Hội Liên hiệp Phụ nữ huyện")),
    rotation("Lương Văn Trường", "01/10/2024", "351-QĐ/HU 02/01/2024", (PTCKH, "Phó Trưởng phòng"),
             ("UBND thị trấn Lộc Bình", "Phó Chủ tịch UBND xã"), government=True),
    rotation("Hoàng Văn Long", "01/10/2025", "1120-QĐ/TU 15/09/2025", (BTC_TINH, "Trưởng phòng"),
             ("Đảng ủy xã Lộc Bình (2025)", "Bí thư Đảng ủy xã"), body=TU_BODY, committee=SEC),
    # Đình Lập: outside Lộc Bình's subtree.
    rotation("Hoàng Văn Dũng", "01/05/2005", "61-QĐ/HU 15/04/2005",
             ("Ban Tổ chức Huyện ủy Đình Lập", "Phó Trưởng ban Tổ chức Huyện ủy"),
             ("Xã Bắc Xa", "Bí thư Đảng ủy xã"), body=DL_BODY, committee=SEC, outcome="promoted",
             after=("Ban Tổ chức Huyện ủy Đình Lập", "Trưởng ban Tổ chức Huyện ủy")),
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
             reason="Xã Bắc Xa thiếu cán bộ nữ người dân tộc thiểu số; Ban Thường vụ Huyện ủy "
             "quyết định luân chuyển trong khi chờ bổ sung quy hoạch."),
    rotation("Phùng Văn Quý", "01/03/2019", "92-QĐ/HU 15/02/2019",
             ("Ban Tổ chức Huyện ủy Đình Lập", "Phó Trưởng ban Tổ chức Huyện ủy"),
             ("UBND huyện Đình Lập", "Phó Trưởng phòng"), body=DL_BODY, outcome="reassigned",
             after=("UBND huyện Đình Lập", "Phó Trưởng phòng")),
    rotation("Nguyễn Đức Thịnh", "01/09/2022", "287-QĐ/HU 16/08/2022",
             ("Ban Tổ chức Huyện ủy Đình Lập", "Phó Trưởng ban Tổ chức Huyện ủy"),
             ("Xã Kiên Mộc", "Bí thư Đảng ủy xã"), body=DL_BODY, committee=SEC,
             outcome="ended_early", end="30/06/2025",
             reason="Kết thúc sớm do bỏ cấp huyện từ ngày 01/07/2025 (Nghị quyết "
             "1672/NQ-UBTVQH15)."),
]  # fmt: skip

PURPOSES = {
    Direction.DISTRICT_TO_COMMUNE: "Tăng cường cán bộ cho cơ sở; rèn luyện cán bộ trong quy "
    "hoạch qua thực tiễn.",
    Direction.COMMUNE_TO_DISTRICT: "Đào tạo cán bộ cơ sở trong quy hoạch ở môi trường cấp huyện.",
    Direction.HORIZONTAL: "Đào tạo toàn diện qua nhiều lĩnh vực công tác cùng cấp.",
    Direction.BETWEEN_LOCALITIES: "Khắc phục tình trạng khép kín, cục bộ; kiện toàn cấp ủy cơ sở.",
    Direction.PROVINCE_TO_DISTRICT: "Rèn luyện cán bộ trẻ của tỉnh qua thực tiễn ở huyện.",
    Direction.DISTRICT_TO_PROVINCE: "Đào tạo cán bộ huyện trong quy hoạch ở cơ quan cấp tỉnh.",
    Direction.PROVINCE_TO_COMMUNE: "Tăng cường cán bộ cho xã mới sau sắp xếp đơn vị hành chính.",
}
PLAN_NUMBERS = {"2000–2005": 14, "2005–2010": 52, "2010–2015": 97, "2015–2020": 143,
                "2020–2025": 188, "2025–2030": 231}  # fmt: skip

# (cadre, rotation start, kind, date, rating, text)
EVALUATIONS = [
    ("Hoàng Văn Thắng", "15/03/2003", "annual", "20/12/2004", "good",
     "Hoàn thành tốt nhiệm vụ Bí thư Đảng ủy xã; lãnh đạo xã hoàn thành các chỉ tiêu năm."),
    ("Hoàng Văn Thắng", "15/03/2003", "self_review", "01/03/2006", "good",
     "Tự nhận xét: nắm chắc tình hình cơ sở, còn hạn chế về phát triển kinh tế hộ."),
    ("Hoàng Văn Thắng", "15/03/2003", "receiving_unit", "05/03/2006", "excellent",
     "Đảng ủy xã Tú Đoạn đánh giá hoàn thành xuất sắc nhiệm vụ."),
    ("Hoàng Văn Thắng", "15/03/2003", "authority", "10/03/2006", "good",
     "Ban Thường vụ Huyện ủy kết luận: hoàn thành tốt nhiệm vụ luân chuyển."),
    ("Vi Thị Hương", "01/03/2018", "semi_annual", "15/09/2018", "completed",
     "Hoàn thành nhiệm vụ được giao."),
    ("Nông Văn Bình", "15/01/2024", "annual", "20/12/2024", "good",
     "Hoàn thành tốt nhiệm vụ; tham gia chỉ đạo sắp xếp thôn, bản."),
    ("Nông Văn Bình", "15/01/2024", "annual", "18/12/2025", "excellent",
     "Hoàn thành xuất sắc nhiệm vụ trong năm đầu thực hiện chính quyền địa phương hai cấp."),
]  # fmt: skip

# (unit, date, scope, finding, postings as (cadre, start), correction, corrected on, status,
#  kind, deadline)
FINDINGS = [
    (BTC, "20/05/2013", "Kiểm tra công tác luân chuyển cán bộ giai đoạn 2003–2012",
     "Hồ sơ luân chuyển của đồng chí Lăng Văn Sơn thiếu bản tự nhận xét khi kết thúc luân chuyển.",
     [("Lăng Văn Sơn", "01/02/2004")], "Đã bổ sung bản tự nhận xét vào hồ sơ.", "10/06/2013",
     "corrected", "review", "30/06/2013"),
    (BTC, "15/05/2025", "Rà soát hồ sơ luân chuyển trước khi kết thúc hoạt động cấp huyện",
     "Hồ sơ luân chuyển năm 2006 của đồng chí Hoàng Thị Mai chưa có số và ngày quyết định.",
     [("Hoàng Thị Mai", "01/04/2006")], "", None, "open", "records", "30/06/2025"),
    (BTC, "10/03/2025", "Rà soát việc đánh giá cán bộ khi kết thúc luân chuyển",
     "Luân chuyển của đồng chí Lý Văn Hoà đã kết thúc nhưng chưa có kết luận của Ban Thường vụ "
     "Huyện ủy.", [("Lý Văn Hoà", "01/06/2019")], "", None, "open", "review", "31/12/2026"),
]  # fmt: skip
