import datetime
import io

import pytest
from django.core.management import call_command

from cadres.models import Unit

pytestmark = pytest.mark.django_db

PICKER = {"app_label": "postings", "model_name": "posting", "field_name": "to_unit"}


@pytest.fixture
def lang_son(db):
    call_command("load_admin_units", "--province", "20", stdout=io.StringIO())


def picked(client, term):
    response = client.get("/admin/autocomplete/", {**PICKER, "term": term})
    return [result["text"] for result in response.json()["results"]]


def listed(client, term):
    response = client.get("/admin/cadres/unit/", {"q": term})
    return [unit.name for unit in response.context["cl"].result_list]


def test_unit_picker_finds_a_unit_by_its_official_code(admin_client, lang_son):
    assert picked(admin_client, "06529") == ["Thị trấn Lộc Bình", "Xã Lộc Bình"]
    assert picked(admin_client, "188") == ["Huyện Lộc Bình"]


def test_unit_picker_and_list_find_names_without_diacritics(admin_client, lang_son):
    found = picked(admin_client, "loc binh")

    assert {"Huyện Lộc Bình", "Thị trấn Lộc Bình", "Xã Lộc Bình"} <= set(found)
    assert set(listed(admin_client, "LOC BINH")) == set(found)


def test_unit_search_finds_a_commune_by_its_district(admin_client, lang_son):
    # Lạng Sơn had two communes called Mẫu Sơn (Lộc Bình's and Cao Lộc's): the district tells.
    assert listed(admin_client, "mau son") == ["Xã Mẫu Sơn", "Xã Mẫu Sơn", "Xã Mẫu Sơn"]
    found = Unit.objects.search("mau son loc binh")
    assert [(unit.name, unit.parent.name) for unit in found] == [("Xã Mẫu Sơn", "Huyện Lộc Bình")]
    assert picked(admin_client, "xa mau son huyen cao loc") == ["Xã Mẫu Sơn"]
    assert picked(admin_client, "tam gia lang son") == ["Xã Tam Gia"]


def test_unit_page_shows_predecessors_and_successors_across_the_2025_reform(admin_client, lang_son):
    town = Unit.objects.get(name="Thị trấn Lộc Bình")
    commune = Unit.objects.get(name="Xã Lộc Bình", valid_from=datetime.date(2025, 7, 1))

    html = admin_client.get(commune.get_absolute_url()).content.decode()
    predecessors = Unit.objects.filter(changes_out__to_unit=commune)
    assert predecessors.count() == 4
    for unit in predecessors:
        assert f'data-predecessor="{unit.pk}"' in html
    assert "(Huyện Lộc Bình)" in html and "1672/NQ-UBTVQH15" in html

    html = admin_client.get(town.get_absolute_url()).content.decode()
    assert f'data-successor="{commune.pk}"' in html
    assert "01/07/2025" in html
