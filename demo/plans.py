"""The demo's decision records and Lộc Bình's 2010–2015 rotation plan.

Every demo rotation with a decision number is linked to its decision record, one record per
number and date of one Standing Committee; two decisions move several cadres at once (the
2020 and 2024 ones in demo/rotations.py). The plan's items are some done (linked to the
rotations that carried them out), one decided later, one dropped with its reason, and some
not yet decided. None of this changes a rotation's figures: as of 12/08/2012 the summary
still counts 17 rotations.
"""

from cadres.models import Term
from demo.units import DINH_LAP, DL_BODY, LB_BODY, LOC_BINH, PROVINCE, TU_BODY, d
from postings.models import Decision, PlanItem, RotationPlan
from registry.text import nfc

# The unit whose Standing Committee issues each body's decisions.
BODY_UNITS = {LB_BODY: LOC_BINH, DL_BODY: DINH_LAP, TU_BODY: PROVINCE}
SIGNERS = {
    LB_BODY: "Phó Bí thư Thường trực Huyện ủy Lộc Bình",
    DL_BODY: "Phó Bí thư Thường trực Huyện ủy Đình Lập",
    TU_BODY: "Phó Bí thư Thường trực Tỉnh ủy Lạng Sơn",
}

PLAN = {
    "name": "Kế hoạch luân chuyển cán bộ lãnh đạo, quản lý nhiệm kỳ 2010–2015",
    "approval_number": "97-KH/HU",
    "approval_date": "15/06/2010",
    "approving_body": LB_BODY,
    "note": "Thực hiện Nghị quyết số 11-NQ/TW và Kết luận số 24-KL/TW; gắn luân chuyển với "
    "quy hoạch cán bộ nhiệm kỳ 2010–2015.",
}
# (year, cadre, rotation start carrying it out or None, receiving unit, dropped because)
PLAN_ITEMS = [
    (2010, "Hà Văn Phúc", "01/08/2010", "Đảng ủy xã Yên Khoái", ""),
    (2011, "Nguyễn Thị Thuỳ", "01/04/2011", "UBND xã Nam Quan", ""),
    (2012, "Mã Văn Khánh", "01/08/2012", "Phòng Nông nghiệp và PTNT huyện Lộc Bình", ""),
    (2015, "Chu Văn Minh", "01/04/2015", "Phòng Nông nghiệp và PTNT huyện Lộc Bình", ""),
    (2013, "Triệu Văn Tài", None, "UBND xã Khánh Xuân", ""),
    (2014, "Vi Thị Hương", None, "UBND xã Tam Gia",
     "Đồng chí được cử đi học Cao cấp lý luận chính trị tập trung năm 2014–2015."),
]  # fmt: skip
# A target without names: two district cadres to communes in 2013, not carried out.
PLAN_COUNT = (2013, 2, "district_to_commune", "planned")


class DemoPlansMixin:
    """For `DemoLoader`: decision records for its rotations, and the 2010–2015 plan."""

    def decision_for(self, spec, body):
        """The decision record a rotation's spec names (found or made), or None."""
        if not spec["decision_number"] or not spec["decision_date"]:
            return None
        return self.find_or_create(
            Decision,
            {
                "unit": self.units[BODY_UNITS[body]],
                "number": spec["decision_number"],
                "date": spec["decision_date"],
            },
            issuing_body=body,
            signer=SIGNERS[body],
        )

    def load_plans(self):
        """The plan and its items, before the rotations, which link to the items they carry."""
        self.plan_items = {}
        term = Term.objects.get(name="2010–2015", body=Term.Body.PARTY)
        plan = self.find_or_create(
            RotationPlan,
            {
                "unit": self.units[LOC_BINH],
                "term": term,
                "approval_number": PLAN["approval_number"],
            },
            name=PLAN["name"],
            approval_date=d(PLAN["approval_date"]),
            approving_body=PLAN["approving_body"],
            note=PLAN["note"],
        )
        for year, who, start, unit, dropped_because in PLAN_ITEMS:
            cadre = self.cadres[nfc(who)]
            item = self.find_or_create(
                PlanItem,
                {"plan": plan, "cadre": cadre},
                year=year,
                to_unit=self.units[unit],
                dropped=bool(dropped_because),
                drop_reason=dropped_because,
            )
            if start:
                # `load_postings` links the rotation that carried the item out.
                self.plan_items[cadre.full_name, d(start)] = item
        year, count, direction, target_group = PLAN_COUNT
        self.find_or_create(
            PlanItem,
            {"plan": plan, "cadre": None, "year": year},
            target_count=count,
            direction=direction,
            target_group=target_group,
        )
