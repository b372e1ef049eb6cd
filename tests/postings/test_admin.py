import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import Cadre
from postings.admin import UnitAreaFilter
from postings.models import Posting
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db

MODELS = [
    "cadres/unit",
    "cadres/unitchange",
    "cadres/position",
    "cadres/term",
    "cadres/cadre",
    "cadres/planningentry",
    "postings/posting",
    "postings/evaluation",
    "postings/inspectionfinding",
]


@pytest.fixture
def board(home_district):
    return make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)


@pytest.fixture
def commune(home_district):
    return make_unit("Xã Tú Đoạn", parent=home_district)


# Catalogues the administrator keeps; staff read them (cadres/roles.py).
CATALOGUES = ["cadres/unitchange", "cadres/position", "cadres/term"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_and_add_pages_open_for_staff(staff_client, model):
    assert staff_client.get(f"/admin/{model}/").status_code == 200
    expected = 403 if model in CATALOGUES else 200
    assert staff_client.get(f"/admin/{model}/add/").status_code == expected


def test_admin_change_pages_open_for_staff(staff_client, board, commune):
    posting = make_posting(from_unit=board, to_unit=commune)
    posting.evaluations.create(kind="annual", date=D(2011, 1, 1), rating="good")
    plan = make_plan(posting.cadre, unit=commune)
    finding = commune.inspection_findings.create(date=D(2012, 1, 1), finding="Thiếu hồ sơ")
    pages = [
        reverse("admin:postings_posting_change", args=[posting.pk]),
        reverse("admin:cadres_cadre_change", args=[posting.cadre.pk]),
        reverse("admin:cadres_unit_change", args=[commune.pk]),
        reverse("admin:cadres_planningentry_change", args=[plan.pk]),
        reverse("admin:postings_evaluation_change", args=[posting.evaluations.get().pk]),
        reverse("admin:postings_inspectionfinding_change", args=[finding.pk]),
        reverse("admin:cadres_term_change", args=[plan.term.pk]),
        reverse("admin:cadres_position_change", args=[plan.position.pk]),
    ]
    for page in pages:
        response = staff_client.get(page)
        assert response.status_code == 200, page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/admin/postings/posting/", "/admin/cadres/cadre/", "/admin/cadres/unit/"]
)
def test_admin_changelist_query_count_does_not_grow_with_rows(staff_client, board, url):
    make_posting(from_unit=board, to_unit=make_unit(parent=board.parent))
    staff_client.get("/admin/")  # the session refreshed: not again within a minute
    with_one = count_queries(staff_client, url)
    for _ in range(49):
        make_posting(from_unit=board, to_unit=make_unit(parent=board.parent))
    assert count_queries(staff_client, url) == with_one


def test_admin_search_finds_a_cadre_typed_without_diacritics(staff_client, board, commune):
    make_posting(cadre=make_cadre("Nguyễn Thị Hường"), from_unit=board, to_unit=commune)
    make_posting(
        cadre=make_cadre("Hoàng Văn Tú"), from_unit=board, to_unit=make_unit(parent=board.parent)
    )
    response = staff_client.get("/admin/cadres/cadre/", {"q": "nguyen thi huong"})
    assert [c.full_name for c in response.context["cl"].result_list] == ["Nguyễn Thị Hường"]
    response = staff_client.get("/admin/postings/posting/", {"q": "NGUYEN"})
    assert len(response.context["cl"].result_list) == 1


def test_admin_autocomplete_matches_without_diacritics(staff_client, board, commune):
    make_posting(cadre=make_cadre("Đặng Văn Đông"), from_unit=board, to_unit=commune)
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "dang van dong",
            "app_label": "postings",
            "model_name": "posting",
            "field_name": "cadre",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Đặng Văn Đông (1975)"]


def test_admin_filter_by_start_range_lists_the_rotations_in_it(staff_client, board, home_district):
    for start in (D(2002, 12, 31), D(2003, 1, 1), D(2012, 8, 12), D(2012, 8, 13)):
        make_posting(from_unit=board, to_unit=make_unit(parent=home_district), start=start)
    response = staff_client.get(
        "/admin/postings/posting/", {"start_from": "01/01/2003", "start_to": "12/08/2012"}
    )
    starts = sorted(p.start for p in response.context["cl"].result_list)
    assert starts == [D(2003, 1, 1), D(2012, 8, 12)]
    response = staff_client.get("/admin/postings/posting/", {"start_from": "2003-01-01"})
    assert len(response.context["cl"].result_list) == 3


def test_admin_filter_by_start_range_explains_a_bad_date(staff_client):
    response = staff_client.get("/admin/postings/posting/", {"start_from": "31/02/2012"})
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        "“31/02/2012” không phải là ngày hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, "
        "ví dụ 12/08/2012."
    ]


def area_choices(response):
    """The labels of the area filter's choices, as the sidebar lists them."""
    (spec,) = [s for s in response.context["cl"].filter_specs if isinstance(s, UnitAreaFilter)]
    return [label for _, label in spec.lookup_choices]


def test_admin_area_filter_opens_like_a_tree(admin_client, home_district, other_district):
    lang_son = home_district.parent
    cao_bang = make_unit("Tỉnh Cao Bằng", kind="province")
    bao_lac = make_unit("Huyện Bảo Lạc", kind="district", parent=cao_bang)
    make_unit("Xã Mẫu Sơn", parent=home_district)  # communes are not areas of this filter
    url = "/admin/postings/posting/"

    assert area_choices(admin_client.get(url)) == ["Tỉnh Cao Bằng", "Tỉnh Lạng Sơn"]
    opened = ["Tỉnh Cao Bằng", "Tỉnh Lạng Sơn", "– Huyện Đình Lập", "– Huyện Lộc Bình"]
    assert area_choices(admin_client.get(url, {"area": lang_son.pk})) == opened
    # A chosen district keeps its province open, so a neighbour is one click away.
    assert area_choices(admin_client.get(url, {"area": home_district.pk})) == opened
    assert area_choices(admin_client.get(url, {"area": bao_lac.pk})) == [
        "Tỉnh Cao Bằng",
        "– Huyện Bảo Lạc",
        "Tỉnh Lạng Sơn",
    ]


def test_admin_area_filter_offers_a_district_user_their_district(staff_client, home_district):
    make_unit("Tỉnh Cao Bằng", kind="province")
    response = staff_client.get("/admin/postings/posting/")
    assert area_choices(response) == ["Huyện Lộc Bình"]


def test_admin_area_filter_lists_the_rotations_from_or_to_the_area(
    admin_client, board, commune, other_district
):
    inside = make_posting(from_unit=board, to_unit=commune)
    elsewhere = make_posting(
        from_unit=make_unit(kind="party", parent=other_district),
        to_unit=make_unit(parent=other_district),
    )
    shown = {
        area: {
            p.pk
            for p in admin_client.get("/admin/postings/posting/", {"area": area.pk})
            .context["cl"]
            .result_list
        }
        for area in (board.parent, other_district, board.parent.parent)
    }
    assert shown[board.parent] == {inside.pk}
    assert shown[other_district] == {elsewhere.pk}
    assert shown[board.parent.parent] == {inside.pk, elsewhere.pk}


def posting_form(cadre, from_unit, to_unit, **fields):
    data = {
        "cadre": cadre.pk,
        "from_unit": from_unit.pk,
        "to_unit": to_unit.pk,
        "post_relation": "equivalent",
        "start": "01/03/2010",
        "planned_end": "",
        "actual_end": "",
        "direction_override": "",
        "outcome": "",
        "exception_reason": "",
        "evaluations-TOTAL_FORMS": "0",
        "evaluations-INITIAL_FORMS": "0",
        "placement-TOTAL_FORMS": "0",
        "placement-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_admin_asks_for_a_reason_before_saving_a_rule_break(staff_client, board, commune):
    cadre = make_cadre(current_unit=board)
    make_plan(cadre, unit=commune)  # in the plan for 2010–2015 from the term's start
    data = posting_form(cadre, board, commune, post_relation="higher")
    response = staff_client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert any("chức vụ cao hơn" in str(e) for e in form.non_field_errors())
    assert "exception_reason" in form.errors
    assert Posting.objects.count() == 0

    data["exception_reason"] = "Cán bộ có thành tích xuất sắc"
    response = staff_client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 302
    posting = Posting.objects.get()
    assert posting.warnings == ["higher_post"]
    assert posting.planned_end == D(2013, 3, 1)
    assert posting.direction == "district_to_commune"


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"start": "31/02/2012"}, "start", "Nhập một ngày hợp lệ"),
        ({"actual_end": "01/01/2009"}, "actual_end", "01/03/2010"),
    ],
)
def test_admin_refuses_wrong_dates_naming_the_field(
    staff_client, board, commune, fields, field, fragment
):
    response = staff_client.post(
        "/admin/postings/posting/add/",
        posting_form(make_cadre(current_unit=board), board, commune, **fields),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and fragment in errors[field][0]
    assert Posting.objects.count() == 0


def test_admin_refuses_an_overlapping_rotation_and_keeps_the_input(staff_client, board, commune):
    first = make_posting(from_unit=board, to_unit=commune, start=D(2010, 1, 1))
    other = make_unit("Xã Tam Gia", parent=board.parent)
    data = posting_form(first.cadre, board, other, start="01/06/2011", note="giữ lại")
    response = staff_client.post("/admin/postings/posting/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Xã Tú Đoạn" in form.errors["start"][0]
    assert form["note"].value() == "giữ lại"
    assert Posting.objects.count() == 1


def test_admin_refuses_a_unit_that_did_not_yet_exist(staff_client, board, home_district):
    new = make_unit("Xã Thống Nhất", parent=home_district, valid_from=D(2020, 1, 1))
    response = staff_client.post(
        "/admin/postings/posting/add/", posting_form(make_cadre(current_unit=board), board, new)
    )
    assert "Xã Thống Nhất" in response.context["adminform"].form.errors["to_unit"][0]
    assert Posting.objects.count() == 0


def cadre_form(**fields):
    data = {
        "full_name": "Lăng Văn Sơn",
        "sex": "male",
        "date_of_birth": "10/05/1975",
        "ethnicity": "Nùng",
        "postings-TOTAL_FORMS": "0",
        "postings-INITIAL_FORMS": "0",
        "planning_entries-TOTAL_FORMS": "0",
        "planning_entries-INITIAL_FORMS": "0",
        "discipline_periods-TOTAL_FORMS": "0",
        "discipline_periods-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_admin_stores_a_name_typed_in_nfd_as_nfc(staff_client, board):
    name = unicodedata.normalize("NFD", "Nông Thị Thuỳ")
    response = staff_client.post(
        "/admin/cadres/cadre/add/", cadre_form(full_name=name, current_unit=board.pk)
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get()
    assert cadre.full_name == "Nông Thị Thuỳ"
    assert cadre.search_key == "nong thi thuy"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"full_name": "A" * 10_000}, "full_name"),
        ({"date_of_birth": "31/02/1975"}, "date_of_birth"),
    ],
)
def test_admin_refuses_bad_cadre_input_and_saves_nothing(staff_client, fields, field):
    response = staff_client.post("/admin/cadres/cadre/add/", cadre_form(**fields))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Cadre.objects.count() == 0


def test_admin_change_is_recorded_in_history_with_the_person(staff_client, staff, board, commune):
    posting = make_posting(from_unit=board, to_unit=commune)
    data = posting_form(posting.cadre, board, commune, note="Đã bổ sung hồ sơ")
    data["loaded_version"] = posting.version  # an edit names the version it was opened at
    response = staff_client.post(reverse("admin:postings_posting_change", args=[posting.pk]), data)
    assert response.status_code == 302
    latest = posting.history.latest()
    assert latest.history_user == staff
    assert latest.note == "Đã bổ sung hồ sơ"
    assert "note" in latest.diff_against(latest.prev_record).changed_fields


def test_admin_cadre_list_counts_only_the_rotations_in_the_users_scope(
    staff_client, admin_client, board, commune, other_district
):
    cadre = make_cadre("Lăng Văn Hoà", current_unit=board)
    make_posting(cadre=cadre, from_unit=board, to_unit=commune, start=D(2005, 3, 1))
    elsewhere = make_unit("Ban Tổ chức Huyện uỷ Đình Lập", kind="party", parent=other_district)
    make_posting(
        cadre=cadre,
        from_unit=elsewhere,
        to_unit=make_unit("Xã Bắc Xa", parent=other_district),
        start=D(2010, 3, 1),
    )

    def counted(client):
        response = client.get("/admin/cadres/cadre/", {"q": "lang van hoa"})
        return [(c.full_name, c.rotations) for c in response.context["cl"].result_list]

    assert counted(staff_client) == [("Lăng Văn Hoà", 1)]
    assert counted(admin_client) == [("Lăng Văn Hoà", 2)]


def test_admin_cadre_page_lists_rotations_and_plans(staff_client, board, commune):
    posting = make_posting(from_unit=board, to_unit=commune)
    make_plan(posting.cadre, term=make_term(), position=make_position("Bí thư Đảng uỷ xã"))
    response = staff_client.get(reverse("admin:cadres_cadre_change", args=[posting.cadre.pk]))
    page = response.content.decode()
    assert "Xã Tú Đoạn" in page
    assert "Bí thư Đảng uỷ xã" in page
