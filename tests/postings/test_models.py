import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cadres.models import Unit
from postings.models import Direction, Posting, derive_direction
from postings.services import posting_save
from tests.factories import make_cadre, make_district, make_posting, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    province = make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    loc_binh = make_unit("Huyện Lộc Bình", kind=Unit.Kind.DISTRICT, parent=province)
    dinh_lap = make_unit("Huyện Đình Lập", kind=Unit.Kind.DISTRICT, parent=province)
    return {
        "province_board": make_unit("Ban Tổ chức Tỉnh uỷ", kind="party", parent=province),
        "province_office": make_unit("Sở Nội vụ", kind="office", parent=province),
        "district_board": make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=loc_binh),
        "district_office": make_unit("Phòng Nội vụ", kind="office", parent=loc_binh),
        "other_district_board": make_unit("Ban Tổ chức HU Đình Lập", kind="party", parent=dinh_lap),
        "commune": make_unit("Xã Tú Đoạn", parent=loc_binh),
        "commune_party": make_unit(
            "Đảng uỷ xã Tú Đoạn", kind="party", parent=make_unit("Xã Tú Mịch", parent=loc_binh)
        ),
    }


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("district_board", "commune", Direction.DISTRICT_TO_COMMUNE),
        ("commune", "district_office", Direction.COMMUNE_TO_DISTRICT),
        ("province_board", "district_board", Direction.PROVINCE_TO_DISTRICT),
        ("district_office", "province_office", Direction.DISTRICT_TO_PROVINCE),
        ("province_board", "commune", Direction.PROVINCE_TO_COMMUNE),
        ("commune", "province_office", Direction.COMMUNE_TO_PROVINCE),
        ("district_board", "district_office", Direction.HORIZONTAL),
        ("province_board", "province_office", Direction.HORIZONTAL),
        ("district_board", "other_district_board", Direction.BETWEEN_LOCALITIES),
        ("commune", "commune_party", Direction.BETWEEN_LOCALITIES),
    ],
)
def test_direction_is_derived_from_levels_and_localities(units, source, target, expected):
    assert derive_direction(units[source], units[target]) == expected


def test_posting_defaults_planned_end_to_36_months_and_derives_direction(units):
    posting = make_posting(
        from_unit=units["district_board"], to_unit=units["commune"], start=D(2008, 2, 29)
    )
    assert posting.planned_end == D(2011, 2, 28)
    assert posting.direction == Direction.DISTRICT_TO_COMMUNE


def test_posting_direction_follows_the_units_and_a_stale_value_is_not_kept(units):
    posting = make_posting(
        from_unit=units["district_board"],
        to_unit=units["commune"],
        direction=Direction.BETWEEN_LOCALITIES,
    )
    assert posting.direction == Direction.DISTRICT_TO_COMMUNE
    posting.from_unit, posting.to_unit = units["commune"], units["district_board"]
    posting_save(posting=posting, require_reason=False)
    assert posting.direction == Direction.COMMUNE_TO_DISTRICT


def test_posting_keeps_a_direction_chosen_by_hand_with_its_reason(units):
    posting = make_posting(
        from_unit=units["district_board"],
        to_unit=units["commune"],
        save=False,
        direction_override=Direction.BETWEEN_LOCALITIES,
    )
    with pytest.raises(ValidationError) as error:
        posting_save(posting=posting, require_reason=False)
    assert "direction_reason" in error.value.message_dict
    posting.direction_reason = "Xã biên giới, Ban Thường vụ xác định là giữa các địa phương"
    posting_save(posting=posting, require_reason=False)
    assert posting.direction == Direction.BETWEEN_LOCALITIES


def test_posting_snapshot_records_age_and_working_years_at_the_start(units):
    cadre = make_cadre(sex="male", date_of_birth=D(1970, 6, 30))
    posting = make_posting(cadre=cadre, start=D(2010, 6, 30))
    assert posting.age_at_start == 40
    # Retires at the end of 30/06/2032 (62 years): 22 years and 1 day from the start.
    assert posting.working_months_left_at_start == 264


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("planned_end", D(2009, 1, 1), "Ngày kết thúc dự kiến không được trước ngày bắt đầu"),
        ("actual_end", D(2009, 1, 1), "Ngày kết thúc thực tế không được trước ngày bắt đầu"),
    ],
)
def test_posting_end_before_start_is_refused_naming_the_field(field, value, message):
    with pytest.raises(ValidationError) as error:
        make_posting(start=D(2010, 1, 1), **{field: value})
    assert message in error.value.message_dict[field][0]
    assert Posting.objects.count() == 0


def test_posting_to_the_same_unit_is_refused(units):
    with pytest.raises(ValidationError) as error:
        make_posting(from_unit=units["commune"], to_unit=units["commune"])
    assert "Đơn vị đến phải khác đơn vị đi" in error.value.message_dict["to_unit"][0]


def test_posting_to_a_unit_that_did_not_yet_exist_is_refused_with_its_dates(units):
    new_commune = make_unit("Xã Khánh Xuân", valid_from=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        make_posting(from_unit=units["district_board"], to_unit=new_commune, start=D(2010, 1, 1))
    message = error.value.message_dict["to_unit"][0]
    assert "Xã Khánh Xuân" in message
    assert "01/01/2010" in message
    assert "01/01/2020" in message


def test_posting_overlapping_another_of_the_same_cadre_is_refused(units):
    first = make_posting(start=D(2010, 1, 1))
    with pytest.raises(ValidationError) as error:
        make_posting(cadre=first.cadre, start=D(2012, 6, 1))
    assert "01/01/2010" in error.value.message_dict["start"][0]
    assert Posting.objects.count() == 1
    # Back to back is not an overlap; a cancelled rotation blocks nothing.
    make_posting(cadre=first.cadre, start=first.planned_end)
    make_posting(cadre=first.cadre, start=D(2011, 1, 1), outcome="cancelled", actual_end=None)
    assert Posting.objects.count() == 3


def test_database_refuses_an_overlap_that_skips_the_checks(units):
    first = make_posting(start=D(2010, 1, 1))
    clash = Posting(
        cadre=first.cadre,
        from_unit=first.from_unit,
        to_unit=first.to_unit,
        start=D(2011, 1, 1),
        planned_end=D(2014, 1, 1),
    )
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        clash.save()
    assert "postings_posting_no_overlap" in str(error.value)


def test_database_refuses_a_unit_that_did_not_exist_on_the_start_date(units):
    closed = make_unit("Xã Tĩnh Bắc", valid_to=D(2024, 11, 30))
    posting = Posting(
        cadre=make_cadre(),
        from_unit=units["district_board"],
        to_unit=closed,
        start=D(2025, 1, 1),
        planned_end=D(2028, 1, 1),
    )
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        posting.save()
    assert "postings_posting_units_existed" in str(error.value)


@pytest.mark.parametrize(
    ("constraint", "fields"),
    [
        ("postings_posting_planned_end_after_start", {"planned_end": D(2009, 1, 1)}),
        ("postings_posting_end_after_start", {"actual_end": D(2009, 1, 1)}),
    ],
)
def test_database_check_constraints_are_named(constraint, fields):
    district = make_district()
    posting = Posting(
        cadre=make_cadre(),
        from_unit=make_unit(parent=district),
        to_unit=make_unit(parent=district),
        start=D(2010, 1, 1),
        planned_end=D(2013, 1, 1),
    )
    for key, value in fields.items():
        setattr(posting, key, value)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        posting.save()
    assert constraint in str(error.value)
