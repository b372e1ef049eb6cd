import datetime
import unicodedata

import pytest
from django.db import IntegrityError

from cadres.models import Cadre, Unit, UnitChange
from tests.conftest import make_user
from tests.factories import make_cadre, make_district, make_plan, make_term, make_unit

D = datetime.date
pytestmark = pytest.mark.django_db


def test_unit_path_level_and_locality_follow_the_parent():
    district = make_district()
    commune = make_unit("Xã Tú Đoạn", parent=district)
    party = make_unit("Đảng uỷ xã Tú Đoạn", kind=Unit.Kind.PARTY_BODY, parent=commune)
    assert party.path == f"{district.parent.path}{district.pk}/{commune.pk}/{party.pk}/"
    assert party.level == "commune"
    assert party.locality_id == commune.pk
    assert commune.locality_id == commune.pk
    board = make_unit("Ban Tổ chức Huyện uỷ", kind=Unit.Kind.PARTY_BODY, parent=district)
    assert board.level == "district"
    assert board.locality_id == district.pk


def test_unit_subtree_seen_from_a_scope_follows_a_move():
    lang_son = make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    loc_binh = make_unit("Huyện Lộc Bình", kind=Unit.Kind.DISTRICT, parent=lang_son)
    commune = make_unit("Xã Khuất Xá", parent=loc_binh)
    body = make_unit("UBND xã Khuất Xá", kind=Unit.Kind.PEOPLES_COMMITTEE, parent=commune)
    district_user = make_user("loc-binh", scope=loc_binh)
    assert set(Unit.objects.visible_to(district_user)) == {loc_binh, commune, body}
    # 01/07/2025: the commune moves directly under the province; its body follows.
    commune.parent = lang_son
    commune.save()
    body.refresh_from_db()
    assert body.path == f"{lang_son.path}{commune.pk}/{body.pk}/"
    assert set(Unit.objects.visible_to(district_user)) == {loc_binh}


def test_unit_lineage_and_present_successor_follow_changes_both_ways():
    luc_thon = make_unit("Xã Lục Thôn", valid_to=D(2019, 12, 31))
    town = make_unit("Thị trấn Lộc Bình", kind=Unit.Kind.TOWN, valid_to=D(2025, 6, 30))
    new = make_unit("Xã Lộc Bình", valid_from=D(2025, 7, 1))
    UnitChange.objects.create(from_unit=luc_thon, to_unit=town, kind="merge", date=D(2020, 1, 1))
    UnitChange.objects.create(from_unit=town, to_unit=new, kind="merge", date=D(2025, 7, 1))
    assert set(luc_thon.present_successors()) == {new}
    assert set(new.lineage()) == {luc_thon, town, new}
    assert set(new.present_successors()) == {new}


def test_unit_validity_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        make_unit(valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1))


def test_cadre_name_typed_as_nfd_is_stored_nfc_with_a_search_key():
    cadre = make_cadre(unicodedata.normalize("NFD", "Nguyễn Thị Đào"), other_names="Đào")
    cadre.refresh_from_db()
    assert cadre.full_name == "Nguyễn Thị Đào"
    assert unicodedata.is_normalized("NFC", cadre.full_name)
    assert cadre.search_key == "nguyen thi dao dao"


def test_cadre_search_finds_names_typed_without_diacritics():
    nguyen = make_cadre("Nguyễn Văn An")
    make_cadre("Hoàng Văn Bình")
    assert list(Cadre.objects.search("nguyen")) == [nguyen]
    assert list(Cadre.objects.search("NGUYEN van")) == [nguyen]
    assert Cadre.objects.search("đức").count() == 0
    assert Cadre.objects.search("  ").count() == 2


def test_search_matches_exact_fields_as_typed_and_key_fields_without_diacritics():
    town = make_unit("Thị trấn Na Dương", code="06229")
    commune = make_unit("Xã Na Dương 2", code="062290")
    assert list(Unit.objects.search("06229", key_fields=(), exact_fields=("code",))) == [town]
    assert list(Unit.objects.search("XA NA DUONG", exact_fields=("code",))) == [commune]


def test_cadre_working_months_left_counts_to_the_end_of_the_retirement_month():
    cadre = make_cadre(sex="female", date_of_birth=D(1975, 1, 1))
    assert cadre.retirement_date == D(2034, 9, 30)
    assert cadre.working_months_left(D(2024, 10, 1)) == 120
    assert cadre.working_months_left(D(2024, 10, 2)) == 119
    assert cadre.working_months_left(D(2040, 1, 1)) == 0


def test_cadre_in_plan_from_the_approval_until_removal_or_the_end_of_its_term():
    cadre = make_cadre()
    term = make_term("2010–2015", D(2010, 1, 1), D(2015, 12, 31))
    make_plan(cadre, term=term, decision_date=D(2009, 6, 1))
    assert not cadre.in_plan_on(D(2009, 5, 31))
    assert cadre.in_plan_on(D(2009, 6, 1))  # before its term: a plan for the next term
    assert cadre.in_plan_on(D(2015, 12, 31))
    assert not cadre.in_plan_on(D(2016, 1, 1))
    undated = make_cadre()
    make_plan(undated, term=term)
    assert not undated.in_plan_on(D(2009, 12, 31))
    assert undated.in_plan_on(D(2010, 1, 1))  # no approval date: the term's start
    other = make_cadre()
    make_plan(other, term=term, status="proposed")
    assert not other.in_plan_on(D(2012, 1, 1))
    removed = make_cadre()
    make_plan(removed, term=term, status="removed", removed_on=D(2012, 1, 1))
    assert removed.in_plan_on(D(2011, 12, 31))
    assert not removed.in_plan_on(D(2012, 1, 1))


def test_cadre_under_discipline_during_the_period_only():
    cadre = make_cadre()
    cadre.discipline_periods.create(form="Khiển trách", start=D(2011, 1, 1), end=D(2011, 12, 31))
    assert cadre.under_discipline_on(D(2011, 6, 1))
    assert not cadre.under_discipline_on(D(2012, 1, 1))


def test_unit_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    district = make_district()
    with pytest.raises(ProtectedError):
        district.parent.delete()
