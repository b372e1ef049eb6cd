"""Cached summaries: a repeated view reads the cache; a write makes its own scopes' summaries
compute afresh once it commits, and leaves other scopes' cached."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cadres.models import Unit
from postings.models import Posting
from registry.cache import COUNTRY, EVERYTHING, scopes_changed, scopes_of, versions
from tests.factories import make_cadre, make_posting, make_unit

AS_OF = "as_of=2026-11-26"
SUMMARY = f"/reports/?{AS_OF}"


def summary_queries(client, url=SUMMARY):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured if "postings_posting" in q["sql"]]


def total(response):
    marker = 'data-metric="postings_total">'
    return int(response.content.decode().split(marker)[1].split("<")[0])


def test_summary_repeated_view_issues_no_summary_queries(admin_client, register):
    _first, first_queries = summary_queries(admin_client)
    assert first_queries
    _again, again_queries = summary_queries(admin_client)
    assert again_queries == []


def test_summary_cache_is_invalidated_by_a_write_once_it_commits(
    admin_client, register, django_capture_on_commit_callbacks
):
    before, _ = summary_queries(admin_client)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        posting = Posting.objects.get(pk=register.p1.pk)
        posting.outcome = Posting.Outcome.CANCELLED  # cancelled rotations are not counted
        posting.save()
        # Not yet committed: the cached summary is still the one served.
        _during, queries = summary_queries(admin_client)
        assert queries == []
    assert callbacks
    after, queries = summary_queries(admin_client)
    assert queries, "the commit must make the next view compute the summary again"
    assert total(after) == total(before) - 1


def test_summary_cache_is_invalidated_by_a_delete(
    admin_client, register, django_capture_on_commit_callbacks
):
    summary_queries(admin_client)
    with django_capture_on_commit_callbacks(execute=True):
        register.p1.evaluations.all().delete()
        Posting.objects.filter(pk=register.p1.pk).first().delete()
    _after, queries = summary_queries(admin_client)
    assert queries


def test_a_write_that_rolls_back_changes_no_version(register, django_capture_on_commit_callbacks):
    before = versions(COUNTRY, register.district.path)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_posting(from_unit=register.board, to_unit=register.tu_doan, cadre=make_cadre())
        raise RuntimeError("the import failed")
    assert versions(COUNTRY, register.district.path) == before


def test_a_session_changes_no_version(admin_client, register, django_capture_on_commit_callbacks):
    before = versions(EVERYTHING, COUNTRY)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get("/admin/")
    assert versions(EVERYTHING, COUNTRY) == before


def test_scopes_of_a_path_are_the_country_and_each_ancestor():
    assert scopes_of(["/1/6/23/"]) == {"/", "/1/", "/1/6/", "/1/6/23/"}
    assert scopes_of([]) == {"/"}


@pytest.fixture
def lang_son(db, django_capture_on_commit_callbacks):
    """Lạng Sơn with two districts, each with its Organisation Board and a commune."""
    with django_capture_on_commit_callbacks(execute=True):  # committed: nothing pending
        return make_places()


def make_places():
    province = make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    places = {"province": province}
    for key, name in [("loc_binh", "Huyện Lộc Bình"), ("dinh_lap", "Huyện Đình Lập")]:
        district = make_unit(name, kind=Unit.Kind.DISTRICT, parent=province)
        places[key] = district
        places[f"{key}_board"] = make_unit("Ban Tổ chức", kind="party", parent=district)
        places[f"{key}_commune"] = make_unit(parent=district)
    other = make_unit("Tỉnh Cao Bằng", kind=Unit.Kind.PROVINCE)
    places["cao_bang"] = make_unit("Huyện Bảo Lạc", kind=Unit.Kind.DISTRICT, parent=other)
    for key in ("loc_binh", "dinh_lap"):
        make_posting(from_unit=places[f"{key}_board"], to_unit=places[f"{key}_commune"])
    return places


def test_a_write_in_loc_binh_makes_stale_its_own_province_and_country_summaries_only(
    admin_client, lang_son, django_capture_on_commit_callbacks
):
    urls = {
        key: f"/reports/?scope={lang_son[key].pk}&{AS_OF}"
        for key in ("province", "loc_binh", "dinh_lap", "cao_bang")
    }
    urls["country"] = SUMMARY
    before = {key: summary_queries(admin_client, url)[0] for key, url in urls.items()}
    for url in urls.values():
        assert summary_queries(admin_client, url)[1] == [], "each summary is cached now"

    with django_capture_on_commit_callbacks(execute=True):
        # No plan made for it: a new title or term (a catalogue write) makes every summary stale.
        make_posting(
            from_unit=lang_son["loc_binh_board"],
            to_unit=lang_son["loc_binh_commune"],
            start=datetime.date(2015, 1, 5),
            in_plan=False,
        )

    recomputed = {key for key, url in urls.items() if summary_queries(admin_client, url)[1]}
    assert recomputed == {"country", "province", "loc_binh"}
    for key in ("country", "province", "loc_binh"):
        assert total(admin_client.get(urls[key])) == total(before[key]) + 1
    assert total(admin_client.get(urls["dinh_lap"])) == total(before["dinh_lap"])


def test_moving_a_rotation_to_another_district_makes_both_districts_stale(
    admin_client, lang_son, django_capture_on_commit_callbacks
):
    posting = Posting.objects.get(to_unit=lang_son["loc_binh_commune"])
    loc_binh, dinh_lap = (lang_son[key].path for key in ("loc_binh", "dinh_lap"))
    before = dict(zip((loc_binh, dinh_lap), versions(loc_binh, dinh_lap), strict=True))
    with django_capture_on_commit_callbacks(execute=True):
        posting.to_unit = lang_son["dinh_lap_commune"]
        posting.save()
    after = dict(zip((loc_binh, dinh_lap), versions(loc_binh, dinh_lap), strict=True))
    assert after[loc_binh] != before[loc_binh], "the district the rotation left"
    assert after[dinh_lap] != before[dinh_lap], "the district it moved to"


def test_a_cadre_edit_makes_stale_the_scopes_of_their_rotations(
    lang_son, django_capture_on_commit_callbacks
):
    cadre = Posting.objects.get(to_unit=lang_son["dinh_lap_commune"]).cadre
    scopes = (lang_son["loc_binh"].path, lang_son["dinh_lap"].path)
    before = versions(*scopes)
    with django_capture_on_commit_callbacks(execute=True):
        cadre.sex = "female"  # the summary's share of women changes
        cadre.save()
    after = versions(*scopes)
    assert after[0] == before[0]
    assert after[1] != before[1]


def test_a_unit_or_catalogue_write_makes_every_summary_stale(
    lang_son, django_capture_on_commit_callbacks
):
    before = versions(EVERYTHING)
    with django_capture_on_commit_callbacks(execute=True):
        lang_son["dinh_lap_commune"].name = "Xã Thái Bình"
        lang_son["dinh_lap_commune"].save()
    assert versions(EVERYTHING) != before


def test_a_transaction_bumps_each_scope_once_at_its_commit(
    lang_son, django_capture_on_commit_callbacks
):
    scope = lang_son["loc_binh"].path
    (before,) = versions(scope)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (1, 2, 3):
            make_posting(
                from_unit=lang_son["loc_binh_board"],
                to_unit=lang_son["loc_binh_commune"],
                start=datetime.date(2016, 1, day),
            )
        assert versions(scope) == [before]
    assert versions(scope) == [before + 1]


def test_a_bulk_load_names_its_scopes_itself(lang_son, django_capture_on_commit_callbacks):
    scopes = (lang_son["loc_binh"].path, lang_son["dinh_lap"].path)
    before = versions(*scopes)
    with django_capture_on_commit_callbacks(execute=True):
        scopes_changed([lang_son["loc_binh_commune"].path])
    after = versions(*scopes)
    assert after[0] == before[0] + 1
    assert after[1] == before[1]
