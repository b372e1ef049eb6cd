"""A small Lộc Bình register whose figures are worked out by hand in the tests.

As of 12/08/2012, scope Huyện Lộc Bình, period from 01/01/2003, it holds six counted
rotations of five persons:

| # | cadre | start | to | state on 12/08/2012 |
|---|---|---|---|---|
| p1 | A (m, Tày, 1975) | 01/03/2004 | Tú Đoạn, Phó Bí thư | returned 01/03/2007 |
| p2 | A again | 01/12/2009 | Mẫu Sơn, Chủ tịch UBND | active, due 01/12/2012 |
| p3 | B (f, Nùng, 1970) | 29/02/2008 | Lục Thôn (merged), Bí thư | promoted 28/02/2011 |
| p4 | C (m, Kinh, 1965) | 10/01/2011 | Na Dương | ended early 10/01/2012, reason |
| p5 | D (f, Kinh, 1980) | 04/05/2009 | Tú Đoạn, Chủ tịch MTTQ | overdue, no decision no. |
| p7 | F (m, Tày, 1962) | 01/07/2006 | commune → Ban Tổ chức | kept 01/07/2009 |

Not counted: p6 (cancelled), p8 (another district: national scope only), p9 (starts
01/09/2012, after the period).
"""

import datetime
from types import SimpleNamespace

import pytest

from cadres.models import Unit, UnitChange
from tests.factories import make_cadre, make_position, make_posting, make_term, make_unit

AS_OF = datetime.date(2012, 8, 12)


def d(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture
def register(db):
    province = make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    district = make_unit("Huyện Lộc Bình", kind=Unit.Kind.DISTRICT, parent=province)
    committee = make_unit("Huyện uỷ Lộc Bình", kind=Unit.Kind.PARTY_BODY, parent=district)
    board = make_unit("Ban Tổ chức Huyện uỷ", kind=Unit.Kind.PARTY_BODY, parent=committee)
    tu_doan = make_unit("Xã Tú Đoạn", parent=district)
    mau_son = make_unit("Xã Mẫu Sơn", parent=district)
    na_duong = make_unit("Thị trấn Na Dương", kind=Unit.Kind.TOWN, parent=district)
    luc_thon = make_unit("Xã Lục Thôn", parent=district, valid_to=d("31/12/2019"))
    town = make_unit(
        "Thị trấn Lộc Bình", kind=Unit.Kind.TOWN, parent=district, valid_to=d("30/06/2025")
    )
    new_commune = make_unit("Xã Lộc Bình", parent=province, valid_from=d("01/07/2025"))
    UnitChange.objects.create(
        from_unit=luc_thon,
        to_unit=town,
        kind="merge",
        date=d("01/01/2020"),
        legal_basis="818/NQ-UBTVQH14",
    )
    UnitChange.objects.create(
        from_unit=town,
        to_unit=new_commune,
        kind="merge",
        date=d("01/07/2025"),
        legal_basis="1672/NQ-UBTVQH15",
    )
    other = make_unit("Huyện Văn Lãng", kind=Unit.Kind.DISTRICT, parent=province)
    other_board = make_unit("Ban Tổ chức Huyện uỷ Văn Lãng", kind="party", parent=other)
    other_commune = make_unit("Xã Tân Mỹ", parent=other)

    make_term("2000–2005", d("01/01/2000"), d("31/12/2004"))
    make_term("2005–2010", d("01/01/2005"), d("31/12/2009"))
    make_term("2010–2015", d("01/01/2010"), d("31/12/2014"))

    deputy_party = make_position("Phó Bí thư Đảng uỷ xã", category="party")
    head_party = make_position("Bí thư Đảng uỷ xã", category="party", is_head=True)
    head_gov = make_position("Chủ tịch UBND xã", category="government", is_head=True)
    head_front = make_position("Chủ tịch UBMTTQ xã", category="front", is_head=True)

    a = make_cadre("Hoàng Văn An", sex="male", ethnicity="Tày", date_of_birth=d("10/05/1975"))
    b = make_cadre("Lương Thị Bích", sex="female", ethnicity="Nùng", date_of_birth=d("28/02/1970"))
    c = make_cadre("Nguyễn Văn Cường", sex="male", ethnicity="Kinh", date_of_birth=d("01/01/1965"))
    dd = make_cadre("Trần Thị Dung", sex="female", ethnicity="Kinh", date_of_birth=d("15/06/1980"))
    e = make_cadre("Triệu Văn Én", sex="male", ethnicity="Dao", date_of_birth=d("03/03/1960"))
    f = make_cadre("Vi Văn Phúc", sex="male", ethnicity="Tày", date_of_birth=d("09/09/1962"))
    g = make_cadre("Lý Văn Giang", sex="male", ethnicity="Tày", date_of_birth=d("09/09/1972"))
    h = make_cadre("Hà Văn Hải", sex="male", ethnicity="Tày", date_of_birth=d("09/09/1978"))

    def rotation(n, **fields):
        fields.setdefault("from_unit", board)
        fields.setdefault("decision_number", f"{n}-QĐ/HU")
        fields.setdefault("decision_date", fields["start"] - datetime.timedelta(days=10))
        return make_posting(**fields)

    p1 = rotation(
        1,
        cadre=a,
        to_unit=tu_doan,
        to_position=deputy_party,
        start=d("01/03/2004"),
        actual_end=d("01/03/2007"),
        outcome="returned",
        joined_party_committee=True,
        party_committee_role="deputy_secretary",
    )
    p2 = rotation(
        2,
        cadre=a,
        to_unit=mau_son,
        to_position=head_gov,
        start=d("01/12/2009"),
        joined_government=True,
    )
    p3 = rotation(
        3,
        cadre=b,
        to_unit=luc_thon,
        to_position=head_party,
        start=d("29/02/2008"),
        actual_end=d("28/02/2011"),
        outcome="promoted",
        joined_party_committee=True,
    )
    p4 = rotation(
        4,
        cadre=c,
        to_unit=na_duong,
        start=d("10/01/2011"),
        actual_end=d("10/01/2012"),
        outcome="ended_early",
        exception_reason="Sức khoẻ không bảo đảm.",
    )
    p5 = rotation(
        5,
        cadre=dd,
        to_unit=tu_doan,
        to_position=head_front,
        start=d("04/05/2009"),
        in_planning_at_start=False,
        decision_number="",
    )
    p6 = rotation(6, cadre=e, to_unit=mau_son, start=d("01/06/2010"), outcome="cancelled")
    p7 = rotation(
        7,
        cadre=f,
        from_unit=tu_doan,
        to_unit=board,
        start=d("01/07/2006"),
        actual_end=d("01/07/2009"),
        outcome="kept",
    )
    p8 = rotation(8, cadre=g, from_unit=other_board, to_unit=other_commune, start=d("01/01/2010"))
    p9 = rotation(9, cadre=h, to_unit=mau_son, start=d("01/09/2012"))
    return SimpleNamespace(**locals())


@pytest.fixture
def scope_params(register):
    return f"?scope={register.district.pk}&as_of=2012-08-12"
