import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cadres.models import Unit, UnitChange
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 6, 30)
FIRST_DAY = datetime.date(2025, 7, 1)
COMMUNES = {"kind__in": ["commune", "town", "ward"]}


def load(*args):
    output, errors = io.StringIO(), io.StringIO()
    call_command("load_admin_units", *args, stdout=output, stderr=errors)
    return output.getvalue() + errors.getvalue()


def valid_on(day, **lookup):
    units = Unit.objects.filter(**lookup)
    return units.exclude(valid_from__gt=day).exclude(valid_to__lt=day)


def lang_son_territory():
    province = Unit.objects.get(kind="province", code="20")
    return Unit.objects.filter(path__startswith=province.path)


def snapshot():
    """Every row of every model, as values: what 'changes nothing' compares."""
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in ("cadres", "registry")
    }


def test_load_lang_son_builds_the_tree_before_and_after_the_reform():
    load("--province", "Lạng Sơn")

    territory = lang_son_territory()
    assert valid_on(LAST_DAY, kind="district").filter(pk__in=territory).count() == 11
    before = valid_on(LAST_DAY, **COMMUNES).filter(pk__in=territory)
    assert before.count() == 194
    assert valid_on(FIRST_DAY, **COMMUNES).filter(pk__in=territory).count() == 65
    assert not valid_on(FIRST_DAY, kind="district").exists()
    assert not before.filter(changes_out__isnull=True).exists()
    assert before.filter(kind="town").count() == 14  # thị trấn
    assert before.filter(kind="ward").exists()  # the phường of Lạng Sơn city


def test_load_lang_son_links_each_old_commune_to_its_2025_successors():
    load("--province", "lang son")

    links = UnitChange.objects.filter(from_unit__name="Xã Tú Mịch")
    assert [(link.to_unit.name, link.kind, link.date) for link in links] == [
        ("Xã Mẫu Sơn", "merge", FIRST_DAY)
    ]
    assert {link.legal_basis for link in UnitChange.objects.all()} == {"1672/NQ-UBTVQH15"}
    # DOMAIN.md §5: Lộc Bình commune from 01/07/2025 was formed from these four.
    new = Unit.objects.get(name="Xã Lộc Bình", valid_from=FIRST_DAY)
    formed_from = set(new.changes_in.values_list("from_unit__name", flat=True))
    assert formed_from == {"Thị trấn Lộc Bình", "Xã Khánh Xuân", "Xã Đồng Bục", "Xã Hữu Khánh"}
    # An old commune divided between several new ones has one link to each.
    divided = UnitChange.objects.filter(kind="split").values_list("from_unit__name", flat=True)
    assert "Xã Kiên Mộc" in set(divided)
    kien_moc = Unit.objects.get(name="Xã Kiên Mộc", valid_to=LAST_DAY)
    successors = {unit.name for unit in kien_moc.present_successors()}
    assert successors == {"Xã Châu Sơn", "Xã Kiên Mộc"}


def test_load_gives_codes_coordinates_and_the_paths_unit_save_builds():
    load("--province", "20")

    units = list(lang_son_territory().select_related("parent"))
    assert len(units) == 1 + 11 + 194 + 65
    for unit in units:
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.locality_id == unit.pk
        assert unit.code and unit.latitude and unit.longitude
        assert unit.level == Unit.TERRITORIAL_LEVELS[unit.kind]
    town = Unit.objects.get(name="Thị trấn Lộc Bình")
    assert (town.code, town.parent.name, town.parent.code) == ("06529", "Huyện Lộc Bình", "188")
    assert round(town.latitude, 2) == 21.77 and round(town.longitude, 2) == 106.92
    # Saving a loaded unit the ordinary way leaves its path as the loader wrote it.
    path = town.path
    town.save()
    town.refresh_from_db()
    assert town.path == path
    assert town.history.count() == 2


def test_load_run_twice_changes_no_row():
    load("--province", "Lạng Sơn")
    before = snapshot()

    output = load("--province", "Lạng Sơn")

    assert snapshot() == before
    assert "đơn vị: thêm 0, cập nhật 0, bỏ qua 271; liên kết: thêm 0, bỏ qua 197" in output


def test_load_after_the_demo_adds_no_duplicate_of_its_units(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    demo_units = set(Unit.objects.values_list("pk", flat=True))

    load("--province", "Lạng Sơn")

    assert Unit.objects.filter(kind="province", name="Tỉnh Lạng Sơn").count() == 1
    assert Unit.objects.filter(name="Huyện Lộc Bình").count() == 1
    for name in ("Thị trấn Lộc Bình", "Xã Tam Gia", "Xã Khánh Xuân", "Thị trấn Đình Lập"):
        assert Unit.objects.filter(name=name).count() == 1, name
    assert Unit.objects.filter(name="Xã Lộc Bình").count() == 1
    lb = Unit.objects.get(name="Huyện Lộc Bình")
    communes = valid_on(LAST_DAY, parent=lb, **COMMUNES)
    assert communes.count() == 20
    assert set(communes.values_list("pk", flat=True)) <= demo_units
    assert Unit.objects.filter(name="Đảng ủy xã Lộc Bình", valid_from=FIRST_DAY).count() == 1
    # The demo's units are completed, not replaced: codes and places filled in.
    town = Unit.objects.get(name="Thị trấn Lộc Bình")
    assert town.code == "06529" and town.latitude is not None
    assert valid_on(FIRST_DAY, **COMMUNES).filter(pk__in=lang_son_territory()).count() == 65


def test_load_reports_an_ambiguous_match_and_guesses_nothing():
    province = make_unit("Tỉnh Lạng Sơn", kind="province", code="20")
    make_unit("Huyện Lộc Bình", kind="district", parent=province)
    make_unit("Huyện Lộc Bình", kind="district", parent=province, note="entered twice")

    output = load("--province", "Lạng Sơn")

    assert "Huyện Lộc Bình [188]" in output
    assert Unit.objects.filter(name="Huyện Lộc Bình").count() == 2
    assert not Unit.objects.filter(name="Huyện Lộc Bình", code="188").exists()
    # Its communes cannot be placed, so they are left out rather than put under a guess.
    assert not Unit.objects.filter(name="Thị trấn Na Dương").exists()
    assert Unit.objects.filter(name="Huyện Đình Lập", code="189").count() == 1


def test_load_dry_run_changes_nothing_and_says_what_it_would_do():
    before = snapshot()

    output = load("--province", "Lạng Sơn", "--dry-run")

    assert snapshot() == before
    assert "đơn vị: thêm 271" in output


def test_load_refuses_a_province_it_does_not_know():
    with pytest.raises(CommandError, match="Atlantis"):
        load("--province", "Atlantis")

    assert not Unit.objects.exists()


def test_load_merged_provinces_closes_the_old_and_opens_the_new():
    load("--province", "Bắc Kạn")

    old = Unit.objects.filter(kind="province", valid_to=LAST_DAY)
    assert set(old.values_list("name", flat=True)) == {"Tỉnh Bắc Kạn", "Tỉnh Thái Nguyên"}
    new = Unit.objects.get(kind="province", valid_from=FIRST_DAY)
    assert (new.name, new.code) == ("Tỉnh Thái Nguyên", "19")
    assert set(new.changes_in.values_list("from_unit__name", flat=True)) == {
        "Tỉnh Bắc Kạn",
        "Tỉnh Thái Nguyên",
    }
    assert valid_on(FIRST_DAY, parent=new).count() == 92
