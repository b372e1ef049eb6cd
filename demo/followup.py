"""What followed the demo's rotations, and its succession pool (issue 14).

- The end reviews (self-review, receiving unit, deciding authority) and the placement of
  every ended rotation, except a few left missing so that the list of ended rotations
  missing a review is not empty: Hoàng Thị Mai's (2006: nothing, like its decision), Hà
  Văn Phúc's (no placement), Lý Văn Hoà's (no conclusion), Phùng Văn Quý's (Đình Lập: no
  receiving unit's assessment); Lăng Văn Sơn's self-review was added after the 2013
  inspection found it missing.
- Key titles, and a succession pool that is thin for some titles and crowded for others:
  as of 12/08/2012 (plans for 2010–2015) and today (plans for 2025–2030). The people of the
  pool are new cadres with no rotation, or cadres whose rotations started before these
  plans, so no rotation's snapshot (and none of the figures as of 12/08/2012) changes.
"""

import datetime

from cadres.models import PlanningEntry, Position
from demo.people import W, cadre
from demo.units import d
from postings.models import Evaluation, Placement, Posting
from registry.dates import add_months
from registry.text import nfc

KEY_TITLES = [
    "Bí thư Đảng ủy xã", "Phó Bí thư Đảng ủy xã", "Chủ tịch HĐND xã", "Chủ tịch UBND xã",
    "Bí thư Huyện ủy", "Phó Bí thư Huyện ủy", "Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện",
    "Trưởng ban Tổ chức Huyện ủy",
]  # fmt: skip

# (cadre, rotation start) → {review kind or "placement": None (missing) or its date}
GAPS = {
    ("Hoàng Thị Mai", "01/04/2006"): dict.fromkeys(
        ("self_review", "receiving_unit", "authority", "placement")
    ),
    ("Hà Văn Phúc", "01/08/2010"): {"placement": None},
    ("Lý Văn Hoà", "01/06/2019"): {"authority": None},
    ("Phùng Văn Quý", "01/03/2019"): {"receiving_unit": None},
    ("Lăng Văn Sơn", "01/02/2004"): {"self_review": "10/06/2013"},
}
REVIEW_DAYS = {"self_review": 10, "receiving_unit": 15, "authority": 30}
RATINGS = ["good", "excellent", "good", "completed"]
REVIEW_TEXTS = {
    "self_review": "Tự nhận xét: hoàn thành nhiệm vụ luân chuyển, trưởng thành qua thực tiễn.",
    "receiving_unit": "Đơn vị nơi đến nhận xét, đánh giá quá trình công tác của đồng chí.",
    "authority": "Ban Thường vụ Huyện ủy kết luận quá trình luân chuyển.",
}

UB25, HD25, DU25 = (f"{body} xã Lộc Bình (2025)" for body in ("UBND", "HĐND", "Đảng ủy"))
# New cadres named in the pool: (name, sex, born, ethnicity, unit, title now).
POOL_PEOPLE = [
    ("Hoàng Văn Khiêm", "male", "02/03/1978", "Tày", "UBND xã Tú Đoạn", "Phó Chủ tịch UBND xã"),
    ("Lộc Văn Toàn", "male", "11/06/1979", "Nùng", "UBND xã Mẫu Sơn", "Phó Chủ tịch UBND xã"),
    ("Vi Thị Nhung", W, "25/09/1981", "Nùng", "UBND xã Lợi Bác", "Phó Chủ tịch UBND xã"),
    ("Nông Văn Hiếu", "male", "14/01/1977", "Tày", "UBND xã Lợi Bác", "Phó Chủ tịch UBND xã"),
    ("Lăng Văn Tiến", "male", "30/04/1980", "Nùng", "Đảng ủy xã Lợi Bác", "Phó Bí thư Đảng ủy xã"),
    ("Chu Văn Đạt", "male", "08/08/1976", "Tày", "HĐND xã Lợi Bác", "Phó Chủ tịch HĐND xã"),
    ("Triệu Thị Vân", W, "19/12/1982", "Dao", "UBND xã Sàn Viên", "Phó Chủ tịch UBND xã"),
    ("Hà Văn Nghĩa", "male", "05/05/1975", "Tày", "UBND xã Khuất Xá", "Phó Chủ tịch UBND xã"),
    ("Dương Văn Lực", "male", "21/02/1978", "Nùng", "Đảng ủy xã Khuất Xá", "Phó Bí thư Đảng ủy xã"),
    ("Mã Thị Hồng", W, "09/07/1983", "Tày", "UBND xã Khuất Xá", "Phó Chủ tịch UBND xã"),
    ("Lương Văn Cảnh", "male", "17/10/1979", "Kinh", "Đảng ủy xã Tam Gia", "Phó Bí thư Đảng ủy xã"),
    ("Vy Văn Hưng", "male", "03/03/1981", "Nùng", "HĐND xã Xuân Lễ", "Phó Chủ tịch HĐND xã"),
    ("Hoàng Thị Diệu", W, "12/12/1985", "Tày", UB25, "Phó Chủ tịch UBND xã"),
    ("Nông Văn Quảng", "male", "27/05/1984", "Tày", UB25, "Phó Chủ tịch UBND xã"),
    ("Lăng Thị Hiền", W, "01/09/1986", "Nùng", HD25, "Phó Chủ tịch HĐND xã"),
    ("Triệu Văn Sáng", "male", "15/03/1983", "Dao", HD25, "Phó Chủ tịch HĐND xã"),
    ("Chu Văn Kiên", "male", "22/11/1982", "Tày", DU25, "Phó Bí thư Đảng ủy xã"),
    ("Vi Văn Mạnh", "male", "06/06/1984", "Nùng", UB25, "Phó Chủ tịch UBND xã"),
]  # fmt: skip

KHIEM, TOAN, NHUNG, HIEU, TIEN, DAT, VAN, NGHIA, LUC, HONG, CANH, HUNG = (
    row[0] for row in POOL_PEOPLE[:12]
)
DIEU, QUANG, HIEN, SANG, KIEN, MANH = (row[0] for row in POOL_PEOPLE[12:])
# (term, unit, key title, the planned). As of 12/08/2012 (2010–2015): Tú Đoạn's secretary and
# Xuân Lễ's council chair are thin (1), Mẫu Sơn's chair enough (3, two of them rotated
# before), Lợi Bác's secretary crowded (5), and Hà Văn Nghĩa is planned for four titles, so
# each of them is crowded. Today (2025–2030): Lộc Bình commune's People's Committee chair is
# crowded (5), its council chair enough (2), its Party secretary thin (1, and the cadre
# rotated there in 2025, planned for it).
POOL = [
    ("2010–2015", "Đảng ủy xã Tú Đoạn", "Bí thư Đảng ủy xã", [KHIEM]),
    ("2010–2015", "UBND xã Mẫu Sơn", "Chủ tịch UBND xã", [TOAN, "Triệu Văn Lâm", "Lăng Thị Thu"]),
    ("2010–2015", "Đảng ủy xã Lợi Bác", "Bí thư Đảng ủy xã", [NHUNG, HIEU, TIEN, DAT, VAN]),
    ("2010–2015", "UBND huyện Lộc Bình", "Phó Chủ tịch UBND huyện", [NGHIA, HONG]),
    ("2010–2015", "Đảng ủy xã Khuất Xá", "Bí thư Đảng ủy xã", [NGHIA, LUC]),
    ("2010–2015", "UBND xã Khuất Xá", "Chủ tịch UBND xã", [NGHIA, HONG, LUC]),
    ("2010–2015", "Đảng ủy xã Tam Gia", "Phó Bí thư Đảng ủy xã", [NGHIA, CANH]),
    ("2010–2015", "HĐND xã Xuân Lễ", "Chủ tịch HĐND xã", [HUNG]),
    ("2025–2030", "UBND xã Lộc Bình (2025)", "Chủ tịch UBND xã", [DIEU, QUANG, MANH, KIEN, SANG]),
    ("2025–2030", "HĐND xã Lộc Bình (2025)", "Chủ tịch HĐND xã", [HIEN, SANG]),
]  # fmt: skip
PLAN_NUMBER = {"2010–2015": "97-QĐ/HU", "2025–2030": "231-QĐ/HU"}


def load_reviews(loader, rotations):
    """The three end reviews and the placement of each ended rotation, gaps aside."""
    for number, spec in enumerate(rotations):
        posting = loader.postings.get((nfc(spec["cadre"]), spec["start"]))
        if posting is None or posting.outcome in ("", Posting.Outcome.CANCELLED):
            continue
        ended = posting.actual_end or add_months(posting.start, 36)
        gaps = GAPS.get((spec["cadre"], f"{spec['start']:%d/%m/%Y}"), {})
        for kind, days in REVIEW_DAYS.items():
            if kind in gaps and gaps[kind] is None:
                continue
            day = d(gaps[kind]) if gaps.get(kind) else ended + datetime.timedelta(days=days)
            if not posting.evaluations.filter(kind=kind).exists():
                loader.find_or_create(
                    Evaluation,
                    {"posting": posting, "kind": kind},
                    date=day,
                    rating=RATINGS[number % len(RATINGS)],
                    text=REVIEW_TEXTS[kind],
                )
        if "placement" not in gaps and "after" in spec:
            place(loader, posting, spec, ended)


def place(loader, posting, spec, day):
    """The placement of `spec["after"]`, compared with the post before the rotation."""
    unit = loader.units[spec["after"][0]]
    title = loader.position(spec["after"][1], unit)
    if posting.outcome == Posting.Outcome.KEPT:
        comparison = Placement.Comparison.KEPT
    elif posting.outcome == Posting.Outcome.PROMOTED:
        comparison = Placement.Comparison.HIGHER
    elif title == posting.from_position or not title.is_head or posting.from_position.is_head:
        comparison = Placement.Comparison.EQUIVALENT
    else:
        comparison = Placement.Comparison.HIGHER
    if Placement.objects.filter(posting=posting).exists():
        return
    placement = Placement(posting=posting, position=title, unit=unit, date=day,
                          comparison=comparison)  # fmt: skip
    placement.full_clean()
    placement.save()
    loader.created[Placement._meta.verbose_name_plural] += 1


def load_pool(loader):
    """Key titles, the pool's new cadres, and their plan entries."""
    keys = [title.pk for (name, _level), title in loader.positions.items() if name in KEY_TITLES]
    Position.objects.filter(pk__in=keys, is_key=False).update(is_key=True)
    specs = [
        cadre(name, sex, born, ethnicity, unit, post, party="03/02/2005", theory="intermediate")
        for name, sex, born, ethnicity, unit, post in POOL_PEOPLE
    ]
    loader.load_people(specs)
    terms = {term.name: term for term in loader.terms}
    for term_name, unit_key, title, people in POOL:
        term, unit = terms[term_name], loader.units[unit_key]
        for name in people:
            loader.find_or_create(
                PlanningEntry,
                {
                    "cadre": loader.cadres[nfc(name)],
                    "term": term,
                    "unit": unit,
                    "position": loader.position(title, unit),
                },
                decision_number=PLAN_NUMBER[term_name],
                decision_date=add_months(term.start, -3),
                status=PlanningEntry.Status.APPROVED,
            )
