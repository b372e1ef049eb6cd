"""Importing rotations: new cadres, warnings, row errors, the command, and the round trip."""

import datetime
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cadres.models import Cadre, PlanningEntry, Position, Unit
from postings.imports import IMPORTERS
from postings.models import Posting
from registry.imports import export_records
from registry.models import ImportBatch
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit
from tests.spreadsheets import POSTING_HEADERS, csv_bytes, errors, posting_row, run, xlsx

D = datetime.date
pytestmark = pytest.mark.django_db


def test_postings_import_creates_rotations_new_cadres_and_records_warnings(staff, world, an):
    data = xlsx(
        [
            POSTING_HEADERS,
            posting_row(
                **{
                    "Kết quả": "Trở về đơn vị cũ",
                    "Ngày kết thúc thực tế": "15/03/2013",
                    "Tham gia cấp ủy": "Có",
                    "Số quyết định": "12-QĐ/HU",
                }
            ),
            posting_row(
                **{
                    "Họ và tên": "Vi Thị Hoa",
                    "Giới tính": "Nữ",
                    "Ngày sinh": "1/1/1985",
                    "Ngày kết thúc dự kiến": "01/01/2011",
                    "Lý do ngoại lệ": "Ban Thường vụ đồng ý",
                }
            ),
        ]
    )

    result = run("postings", data, staff)

    assert result.saved, result.error_lines()
    assert [row.status for row in result.rows] == ["new", "new"]
    assert "Cán bộ mới" in " ".join(result.rows[1].notes)
    an = Posting.objects.get(cadre__full_name="Nguyễn Văn An")
    assert (an.from_unit, an.to_unit) == (world["board"], world["commune"])
    assert (an.from_position, an.to_position) == (world["officer"], world["vice_chair"])
    assert (an.start, an.planned_end, an.actual_end) == (
        D(2010, 3, 15),
        D(2013, 3, 15),
        D(2013, 3, 15),
    )
    assert (an.outcome, an.joined_party_committee, an.joined_government) == (
        "returned",
        True,
        False,
    )
    assert (an.direction, an.decision_number, an.warnings) == (
        "district_to_commune",
        "12-QĐ/HU",
        [],
    )
    assert an.in_planning_at_start and an.history.get().history_user == staff
    hoa = Posting.objects.get(cadre__full_name="Vi Thị Hoa")
    assert hoa.cadre.sex == "female" and hoa.cadre.ethnicity == "Tày"
    # A new cadre has no plan: "Có" in a column cannot put her in one.
    assert hoa.warnings == ["short_duration", "not_in_plan"]
    assert hoa.exception_reason == "Ban Thường vụ đồng ý"
    assert "ngắn hơn" in " ".join(result.rows[1].notes) or result.rows[1].notes


def test_postings_reimport_of_the_same_file_changes_nothing(staff, world, an):
    bao = {"Họ và tên": "Lộc Văn Bảo", "Lý do ngoại lệ": "Ban Thường vụ đồng ý"}
    data = xlsx([POSTING_HEADERS, posting_row(), posting_row(**bao)])
    assert run("postings", data, staff).saved
    history = Posting.history.count()

    again = run("postings", data, staff)

    assert [row.status for row in again.rows] == ["unchanged", "unchanged"]
    assert (Posting.objects.count(), Cadre.objects.count(), Posting.history.count()) == (
        2,
        2,
        history,
    )


def test_postings_file_with_errors_in_rows_3_and_7_saves_nothing(staff, world):
    reason = {"Lý do ngoại lệ": "Chưa có quy hoạch; Ban Thường vụ đồng ý"}
    rows = [POSTING_HEADERS] + [
        posting_row(**{"Họ và tên": f"Cán bộ {n}", "Ngày sinh": f"{n}/1/1980"}, **reason)
        for n in range(2, 8)
    ]
    rows[2] = posting_row(**{"Họ và tên": "Cán bộ 3", "Ngày bắt đầu": "31/02/2012"}, **reason)
    rows[6] = posting_row(
        **{"Họ và tên": "Cán bộ 7", "Chức vụ luân chuyển": "Trưởng thôn"}, **reason
    )

    result = run("postings", xlsx(rows), staff)

    assert not result.saved
    assert errors(result) == [(3, "Ngày bắt đầu"), (7, "Chức vụ luân chuyển")]
    lines = result.error_lines()
    assert lines[0].startswith("Dòng 3, cột “Ngày bắt đầu”: “31/02/2012” không phải là ngày hợp lệ")
    assert "Trưởng thôn" in lines[1] and "danh mục chức vụ" in lines[1]
    assert Posting.objects.count() == 0 and Cadre.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"Ngày sinh": "12/03/1899"}, "Ngày sinh", "1900"),
        ({"Đơn vị đến": "Khánh Xuân"}, "Đơn vị đến", "chưa có hoặc không còn vào ngày 15/03/2010"),
        ({"Đơn vị đến": "Xã Không Có"}, "Đơn vị đến", "Không có đơn vị"),
        ({"Kết quả": "Về hưu"}, "Kết quả", "Trở về đơn vị cũ"),
        ({"Họ và tên": "Lộc Văn Bảo", "Giới tính": ""}, "Giới tính", "Nam hoặc Nữ"),
        ({"Ngày kết thúc thực tế": "01/01/2009"}, "Ngày kết thúc thực tế", "trước ngày bắt đầu"),
    ],
)
def test_postings_row_errors_name_the_column_in_vietnamese(staff, world, an, values, column, words):
    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row(**values)]), staff)

    assert errors(result) == [(2, column)]
    assert words in result.error_lines()[0]


def test_postings_duplicate_row_within_the_file_is_an_error(staff, world, an):
    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row(), posting_row()]), staff)

    assert errors(result) == [(3, "")]
    assert "trùng với dòng 2" in result.error_lines()[0]


def test_postings_two_units_of_one_name_are_an_error_naming_both(staff, world, home_district):
    make_unit(
        "Xã Tú Đoạn",
        parent=make_unit("Huyện Đình Lập", kind="district", parent=home_district.parent),
    )
    staff.scope.unit = home_district.parent
    staff.scope.save()

    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row()]), staff)

    assert errors(result) == [(2, "Đơn vị đến")]
    assert (
        "Huyện Lộc Bình" in result.error_lines()[0] and "Huyện Đình Lập" in result.error_lines()[0]
    )


def test_lookups_stay_inside_the_users_scope(staff, world, other_district):
    make_unit("Xã Bắc Xa", parent=other_district)

    result = run(
        "postings", csv_bytes([POSTING_HEADERS, posting_row(**{"Đơn vị đến": "Bắc Xa"})]), staff
    )

    assert errors(result) == [(2, "Đơn vị đến")]


def test_postings_overlap_with_an_existing_rotation_is_a_row_error(staff, world, an):
    make_posting(cadre=an, from_unit=world["board"], to_unit=world["commune"], start=D(2009, 1, 1))

    result = run(
        "postings",
        csv_bytes(
            [
                POSTING_HEADERS,
                posting_row(
                    **{"Đơn vị đến": "Khánh Xuân", "Ngày bắt đầu": "01/02/2021"},
                    **{"Lý do ngoại lệ": "Quy hoạch nhiệm kỳ mới chưa phê duyệt"},
                ),
                posting_row(
                    **{
                        "Ngày bắt đầu": "01/06/2010",
                        "Đơn vị đi": "Xã Tú Đoạn",
                        "Đơn vị đến": "Ban Tổ chức Huyện uỷ Lộc Bình",
                    }
                ),
            ]
        ),
        staff,
    )

    assert errors(result) == [(3, "Ngày bắt đầu")]
    assert "trùng thời gian" in result.error_lines()[0]
    assert Posting.objects.count() == 1


def test_import_record_command_dry_run_saves_nothing_and_reports(tmp_path, root, world, an, capsys):
    path = tmp_path / "luan-chuyen.csv"
    path.write_bytes(csv_bytes([POSTING_HEADERS, posting_row()], "utf-8-sig"))

    call_command("import_records", "postings", str(path), "--dry-run")
    assert Posting.objects.count() == 0
    call_command("import_records", "postings", str(path), "--user", "root")

    posting = Posting.objects.get()
    assert posting.history.get().history_user == root
    assert ImportBatch.objects.get().status == "imported"
    assert "1 rows" in capsys.readouterr().out


def test_import_record_command_fails_on_errors_and_saves_nothing(tmp_path, root, world):
    path = tmp_path / "sai.csv"
    path.write_bytes(csv_bytes([POSTING_HEADERS, posting_row(**{"Ngày bắt đầu": "31/02/2012"})]))

    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("import_records", "postings", str(path))

    assert Posting.objects.count() == 0


def registry_summary():
    """A small aggregate of the registry: what the report pages would count."""
    postings = Posting.objects.select_related("cadre")
    return {
        "units": sorted(
            Unit.objects.values_list("name", "kind", "parent__name", "valid_from", "valid_to")
        ),
        "titles": sorted(Position.objects.values_list("name", "level", "category", "is_head")),
        "cadres": sorted(
            Cadre.objects.values_list("full_name", "date_of_birth", "sex", "ethnicity")
        ),
        "plans": sorted(
            PlanningEntry.objects.values_list(
                "cadre__full_name", "position__name", "unit__name", "term__name", "status"
            )
        ),
        "by_direction": Counter(postings.values_list("direction", flat=True)),
        "by_outcome": Counter(postings.values_list("outcome", flat=True)),
        "by_year": Counter(p.start.year for p in postings),
        "persons": postings.values("cadre").distinct().count(),
        "flags": Counter(
            (
                p.joined_party_committee,
                p.joined_government,
                p.in_planning_at_start,
                p.direction_override,
                p.target_group,
                tuple(p.warnings),
                p.exception_reason,
                p.post_relation,
            )
            for p in postings
        ),
    }


def make_small_registry():
    """Units, titles, cadres, a plan and rotations of every outcome, one of them merged."""
    term = make_term()
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    district = make_unit("Huyện Lộc Bình", kind="district", parent=province, code="188")
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=district)
    communes = [
        make_unit(f"Xã Thử {n}", parent=district, valid_to=D(2025, 6, 30)) for n in range(3)
    ]
    merged = make_unit("Xã Hợp Nhất", parent=district, valid_from=D(2020, 1, 1))
    title = make_position("Phó Bí thư Đảng uỷ xã")
    head = make_position(
        "Chủ tịch UBND huyện", level="district", category="government", is_head=True
    )
    cadres = [
        make_cadre(f"Nông Văn {n}", date_of_birth=D(1970 + n, n + 1, 1), current_unit=board)
        for n in range(4)
    ]
    cadres.append(
        make_cadre("Lương Thị Na", sex="female", ethnicity="Dao", current_unit=communes[0])
    )
    make_plan(cadres[0], term=term, position=title, unit=communes[0])
    make_small_rotations(board, communes, merged, title, head, cadres)


def make_small_rotations(board, communes, merged, title, head, cadres):
    """Returned, promoted to a higher post, ended early, under way, cancelled."""
    make_posting(
        cadre=cadres[0],
        from_unit=board,
        to_unit=communes[0],
        start=D(2010, 3, 1),
        to_position=title,
        outcome="returned",
        actual_end=D(2013, 3, 1),
        joined_party_committee=True,
        joined_government=True,
    )
    make_posting(
        cadre=cadres[0],
        from_unit=communes[0],
        to_unit=board,
        start=D(2014, 1, 1),
        outcome="promoted",
        actual_end=D(2017, 1, 1),
        post_relation="higher",
        position_after=head,
        exception_reason="Cán bộ có triển vọng",
    )
    make_posting(
        cadre=cadres[1],
        from_unit=communes[1],
        to_unit=communes[2],
        start=D(2011, 5, 1),
        in_plan=False,
        planned_end=D(2012, 5, 1),
        outcome="ended_early",
        actual_end=D(2012, 1, 1),
        exception_reason="Sức khoẻ",
    )
    make_posting(cadre=cadres[4], from_unit=board, to_unit=merged, start=D(2021, 2, 1), outcome="")
    make_posting(
        cadre=cadres[2],
        from_unit=board,
        to_unit=communes[1],
        start=D(2012, 2, 1),
        outcome="cancelled",
    )


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_registry_gives_the_same_figures(root, file_format):
    make_small_registry()
    before = registry_summary()
    kinds = {
        "units": Unit,
        "positions": Position,
        "cadres": Cadre,
        "planning": PlanningEntry,
        "postings": Posting,
    }
    files = {
        kind: export_records(
            importer=IMPORTERS[kind],
            queryset=model.objects.visible_to(root),
            file_format=file_format,
        )
        for kind, model in kinds.items()
    }
    Posting.objects.all().delete()
    PlanningEntry.objects.all().delete()
    Cadre.objects.all().delete()
    Position.objects.all().delete()
    Unit.objects.update(parent=None, locality=None)
    Unit.objects.all().delete()

    for kind, data in files.items():
        result = run(kind, data, root, name=f"{kind}.{file_format}")
        assert result.saved, result.error_lines()

    assert registry_summary() == before


@pytest.fixture
def offices(world, home_district):
    """Titles of one name at district and province level, and offices of both levels."""
    province = home_district.parent
    return {
        "district_office": make_unit("Phòng Nội vụ", kind="office", parent=home_district),
        "province_office": make_unit("Sở Nội vụ", kind="office", parent=province),
        "officer_district": make_position(
            "Chuyên viên", level="district", category="civil_servant"
        ),
        "officer_province": make_position(
            "Chuyên viên", level="province", category="civil_servant"
        ),
        "deputy_district": make_position(
            "Phó Trưởng phòng", level="district", category="government"
        ),
        "deputy_province": make_position(
            "Phó Trưởng phòng", level="province", category="government"
        ),
    }


def test_postings_titles_are_matched_by_the_level_of_the_unit_they_are_held_in(
    staff, world, an, offices, home_district
):
    staff.scope.unit = home_district.parent
    staff.scope.save()
    row = posting_row(
        **{
            "Đơn vị đi": "Phòng Nội vụ",
            "Chức vụ trước": "Chuyên viên",
            "Đơn vị đến": "Sở Nội vụ",
            "Chức vụ luân chuyển": "Phó Trưởng phòng",
        }
    )

    result = run("postings", csv_bytes([POSTING_HEADERS, row]), staff)

    assert result.saved, result.error_lines()
    posting = Posting.objects.get()
    assert posting.from_position == offices["officer_district"]
    assert posting.to_position == offices["deputy_province"]


def test_postings_an_ambiguous_title_names_the_candidates_and_the_code_picks_one(
    staff, world, an, offices
):
    Position.objects.filter(pk=offices["deputy_district"].pk).update(code="PTP-NV")
    other = make_position(
        "Phó Trưởng phòng", level="district", category="government", code="PTP-TC"
    )
    row = {"Đơn vị đến": "Phòng Nội vụ", "Chức vụ luân chuyển": "Phó Trưởng phòng"}

    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row(**row)]), staff)

    assert errors(result) == [(2, "Chức vụ luân chuyển")]
    message = result.error_lines()[0]
    assert "PTP-NV" in message and "PTP-TC" in message and "mã chức vụ" in message
    row["Chức vụ luân chuyển"] = "ptp-tc"
    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row(**row)]), staff)
    assert result.saved, result.error_lines()
    assert Posting.objects.get().to_position == other


def test_postings_preview_shows_every_error_of_a_row(staff, world, an):
    row = posting_row(
        **{
            "Ngày kết thúc thực tế": "31/02/2013",
            "Đơn vị đến": "Xã Không Có",
            "Chức vụ trước": "Trưởng thôn",
            "Kết quả": "Về hưu",
        }
    )

    result = run("postings", csv_bytes([POSTING_HEADERS, row]), staff, commit=False)

    assert errors(result) == [
        (2, "Ngày kết thúc thực tế"),
        (2, "Kết quả"),
        (2, "Đơn vị đến"),
        (2, "Chức vụ trước"),
    ]


def test_postings_rows_with_rule_warnings_are_counted_and_linked_after_saving(
    staff_client, world, an
):
    rows = [
        POSTING_HEADERS,
        posting_row(),
        posting_row(**{"Họ và tên": "Lộc Văn Bảo", "Lý do ngoại lệ": "Ban Thường vụ đồng ý"}),
    ]
    upload = SimpleUploadedFile("luan-chuyen.csv", csv_bytes(rows), content_type="text/csv")
    staff_client.post("/admin/postings/posting/import/", {"file": upload})
    batch = ImportBatch.objects.get()

    page = staff_client.post(f"/admin/postings/posting/import/{batch.pk}/", follow=True)

    warned = Posting.objects.get(cadre__full_name="Lộc Văn Bảo")
    text = page.content.decode()
    assert "1 dòng đã lưu kèm cảnh báo" in text
    assert f"?id__in={warned.pk}" in text
    listed = staff_client.get(f"/admin/postings/posting/?id__in={warned.pk}")
    assert [p.pk for p in listed.context["cl"].result_list] == [warned.pk]


def test_postings_import_keeps_the_summary_rollup_once_per_file(staff, world, an):
    from postings.models import RollupChange, RollupEntry
    from postings.rollup_build import rollup_rebuild

    bao = {"Họ và tên": "Lộc Văn Bảo", "Lý do ngoại lệ": "Ban Thường vụ đồng ý"}
    data = xlsx([POSTING_HEADERS, posting_row(), posting_row(**bao)])
    changes = RollupChange.objects.count()
    preview = run("postings", data, staff, commit=False)
    assert preview.ok and RollupChange.objects.count() == changes, "a preview appends none"

    assert run("postings", data, staff).saved
    kept = sorted(RollupEntry.objects.values_list("posting_id", "scope_id", "final"))
    imported = Posting.objects.filter(cadre__full_name__in=["Nguyễn Văn An", "Lộc Văn Bảo"])
    assert {posting for posting, _scope, _final in kept} >= set(
        imported.values_list("pk", flat=True)
    )
    rollup_rebuild()
    assert sorted(RollupEntry.objects.values_list("posting_id", "scope_id", "final")) == kept
