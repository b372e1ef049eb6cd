import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings

from cadres.models import Cadre, Unit, UnitChange
from demo.accounts import DEMO_PASSWORD
from postings.models import Direction, InspectionFinding, Posting
from registry import roles
from registry.scopes import scope_unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
# The real hasher takes most of a second per account; the demo hashes five.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def lb_subtree_postings():
    district = Unit.objects.get(name="Huyện Lộc Bình")
    units = Unit.objects.filter(path__startswith=district.path)
    return Posting.objects.filter(Q(from_unit__in=units) | Q(to_unit__in=units))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def test_seed_demo_run_twice_changes_no_row_count(settings):
    settings.DEBUG = True
    seed()
    first = row_counts()

    seed()

    assert row_counts() == first
    assert first["cadres.Unit"] > 100
    assert first["postings.Posting"] > 30
    # The history tables are counted too: the second run saved nothing.
    assert first["postings.HistoricalPosting"] == first["postings.Posting"]


def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    before = row_counts()

    with pytest.raises(CommandError, match="--force"):
        seed()

    assert row_counts() == before
    assert not get_user_model().objects.filter(username="demo-admin").exists()


def test_seed_demo_loads_without_debug_when_forced(settings):
    settings.DEBUG = False

    seed("--force")

    assert get_user_model().objects.filter(username="demo-staff").exists()
    assert Posting.objects.exists()


class TestSeedDemoData:
    """Read-only checks of what the demo holds: loaded once, rolled back after the class."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_HASHERS),
            transaction.atomic(),
        ):
            seed("--force")
            yield
            transaction.set_rollback(True)

    def test_seed_demo_lists_17_lộc_bình_rotations_up_to_12_august_2012(self):
        period = (
            lb_subtree_postings()
            .counted()
            .filter(start__range=(datetime.date(2003, 1, 1), datetime.date(2012, 8, 12)))
        )

        assert period.count() == 17
        assert period.values("cadre").distinct().count() == 16  # one cadre rotated twice
        assert period.filter(start=datetime.date(2008, 2, 29)).exists()
        assert period.filter(decision_number="").count() == 1

    def test_demo_staff_of_đình_lập_gets_404_for_lộc_bình_records(self, client):
        client.force_login(get_user_model().objects.get(username="demo-staff-dinhlap"))
        posting = lb_subtree_postings().first()
        loc_binh = Unit.objects.get(name="Huyện Lộc Bình")
        for url in (
            f"/admin/postings/posting/{posting.pk}/change/",
            f"/cadres/{posting.cadre_id}/",
            f"/reports/?scope={loc_binh.pk}",
            f"/reports/export/theo-nam.csv?scope={loc_binh.pk}",
        ):
            assert client.get(url).status_code == 404, url

    def test_demo_staff_of_đình_lập_sees_no_lộc_bình_row_in_lists_or_pickers(self, client):
        client.force_login(get_user_model().objects.get(username="demo-staff-dinhlap"))
        listed = client.get("/admin/postings/posting/").context["cl"].result_list
        assert listed and not {p.pk for p in listed} & set(
            lb_subtree_postings().values_list("pk", flat=True)
        )
        nguyen = (
            Cadre.objects.search("nguyen")
            .filter(pk__in=lb_subtree_postings().values("cadre"))
            .values_list("full_name", flat=True)
        )
        picked = client.get(
            "/admin/autocomplete/",
            {
                "term": "nguyen",
                "app_label": "postings",
                "model_name": "posting",
                "field_name": "cadre",
            },
        ).json()["results"]
        assert nguyen and not {r["text"].split(" (")[0] for r in picked} & set(nguyen)
        export = client.get("/reports/export/theo-don-vi-nhan.csv").content.decode("utf-8-sig")
        assert "Lộc Bình" not in export and "Đình Lập" in export

    def test_demo_leader_reads_reports_and_is_refused_every_write(self, client):
        client.force_login(get_user_model().objects.get(username="demo-leader"))
        posting = lb_subtree_postings().first()
        assert client.get("/reports/", {"as_of": "2012-08-12"}).status_code == 200
        assert client.post("/admin/postings/posting/add/", {}).status_code == 403
        assert client.post(f"/admin/postings/posting/{posting.pk}/change/", {}).status_code == 403
        assert client.post(f"/admin/postings/posting/{posting.pk}/delete/", {}).status_code == 403

    def test_seed_demo_keeps_đình_lập_out_of_lộc_bình(self):
        district = Unit.objects.get(name="Huyện Đình Lập")
        units = Unit.objects.filter(path__startswith=district.path)
        there = Posting.objects.filter(Q(from_unit__in=units) | Q(to_unit__in=units))

        assert there.count() >= 5
        assert not there.filter(pk__in=lb_subtree_postings().values("pk")).exists()

    def test_seed_demo_covers_every_direction_and_outcome(self):
        directions = set(Posting.objects.values_list("direction", flat=True))
        outcomes = set(Posting.objects.values_list("outcome", flat=True))

        assert {
            Direction.DISTRICT_TO_COMMUNE,
            Direction.COMMUNE_TO_DISTRICT,
            Direction.HORIZONTAL,
            Direction.BETWEEN_LOCALITIES,
            Direction.PROVINCE_TO_DISTRICT,
            Direction.DISTRICT_TO_PROVINCE,
        } <= directions
        assert set(Posting.Outcome.values) <= outcomes

    def test_seed_demo_has_the_report_edge_cases(self):
        open_ = Posting.objects.counted().filter(actual_end__isnull=True, outcome="")
        due_by = datetime.date(2027, 5, 26)
        with_warnings = [posting for posting in Posting.objects.all() if posting.warnings]

        assert open_.filter(planned_end__lt=TODAY).exists()  # overdue
        assert open_.filter(planned_end__gte=TODAY, planned_end__lte=due_by).count() >= 2
        assert open_.filter(planned_end__gt=due_by).exists()
        assert Posting.objects.filter(joined_party_committee=True, party_committee_role="secretary")
        assert Posting.objects.filter(joined_government=True).exists()
        assert Posting.objects.filter(in_planning_at_start=False).count() == 3
        assert len(with_warnings) >= 5
        assert all(posting.exception_reason for posting in with_warnings)
        assert Posting.objects.filter(evaluations__isnull=False).exists()
        assert set(InspectionFinding.objects.values_list("status", flat=True)) == {
            "open",
            "corrected",
        }

    def test_seed_demo_cadres_are_found_without_diacritics(self):
        found = Cadre.objects.search("nguyen")

        assert found.filter(full_name__startswith="Nguyễn").exists()
        assert Cadre.objects.filter(discipline_periods__isnull=False).count() == 1
        ethnicities = set(Cadre.objects.values_list("ethnicity", flat=True))
        assert ethnicities >= {"Tày", "Nùng", "Kinh", "Dao"}

    def test_seed_demo_links_old_units_to_their_2025_successors(self):
        town = Unit.objects.get(name="Thị trấn Lộc Bình")
        commune_2025 = Unit.objects.get(name="Xã Lộc Bình", valid_from=datetime.date(2025, 7, 1))
        # Cao Lộc district had a Xã Mẫu Sơn too.
        old_mau_son = Unit.objects.get(name="Xã Mẫu Sơn", parent__name="Huyện Lộc Bình")

        assert list(town.present_successors()) == [commune_2025]
        assert list(Unit.objects.get(name="Xã Lục Thôn").present_successors()) == [commune_2025]
        assert commune_2025.parent.kind == Unit.Kind.PROVINCE
        assert old_mau_son.valid_to == datetime.date(2025, 6, 30)
        assert UnitChange.objects.filter(legal_basis="818/NQ-UBTVQH14").count() == 11
        assert UnitChange.objects.filter(legal_basis="1246/NQ-UBTVQH15").count() == 1
        reform = UnitChange.objects.filter(legal_basis="1672/NQ-UBTVQH15")
        assert reform.filter(from_unit__parent__name="Huyện Lộc Bình").count() == 20

    def test_seed_demo_takes_codes_places_and_successors_from_the_dataset(self):
        district = Unit.objects.get(name="Huyện Lộc Bình")
        communes = district.children.filter(kind__in=["commune", "town"])

        assert (district.code, district.parent.code) == ("188", "20")
        assert communes.filter(valid_to=datetime.date(2025, 6, 30)).count() == 20
        assert not communes.filter(valid_to=datetime.date(2025, 6, 30), code="").exists()
        assert not communes.filter(valid_to=datetime.date(2025, 6, 30), latitude=None).exists()
        # "Nay thuộc": every commune the district ever had lives on in a 2025 commune.
        for commune in communes:
            present = commune.present_successors()
            assert present and present[0].valid_from == datetime.date(2025, 7, 1), commune
        assert Unit.objects.get(name="Xã Khánh Xuân").valid_from == datetime.date(2020, 1, 1)

    def test_seed_demo_units_existed_when_each_rotation_started(self):
        for posting in Posting.objects.select_related("from_unit", "to_unit"):
            assert posting.from_unit.existed_on(posting.start), posting
            assert posting.to_unit.existed_on(posting.start), posting

    def test_seed_demo_creates_accounts_with_roles_and_scopes(self):
        users = {user.username: user for user in get_user_model().objects.all()}
        expected = {
            "demo-admin": (roles.ADMINISTRATOR, None),
            "demo-staff": (roles.STAFF, "Huyện Lộc Bình"),
            "demo-leader": (roles.LEADER, "Huyện Lộc Bình"),
            "demo-staff-dinhlap": (roles.STAFF, "Huyện Đình Lập"),
            "demo-leader-province": (roles.LEADER, "Tỉnh Lạng Sơn"),
        }

        for username, (group, scope) in expected.items():
            user = users[username]
            assert user.is_staff
            assert user.check_password(DEMO_PASSWORD)
            assert list(user.groups.values_list("name", flat=True)) == [group]
            assert (user.scope.unit.name if user.scope.unit else None) == scope
        assert users["demo-admin"].is_superuser
        assert not users["demo-staff"].is_superuser
        assert scope_unit(users["demo-staff"]).name == "Huyện Lộc Bình"
        staff_sees = Posting.objects.visible_to(users["demo-staff"])
        assert staff_sees.count() == lb_subtree_postings().count()


def test_seed_demo_reports_17_lộc_bình_rotations_and_the_accounts(settings):
    settings.DEBUG = True

    output = seed()

    assert "Huyện Lộc Bình từ 01/01/2003 đến 12/08/2012: 17" in output
    assert "demo-leader-province" in output and "luanchuyen2003" in output


def test_seed_demo_summary_as_of_the_article_shows_17_rotations(client, settings):
    settings.DEBUG = True
    seed()
    client.force_login(get_user_model().objects.get(username="demo-leader"))
    response = client.get("/reports/", {"as_of": "2012-08-12"})
    assert response.status_code == 200
    assert '<span data-metric="postings_total">17</span>' in response.content.decode()


def test_seed_demo_staff_filters_17_rotations_in_the_admin(client, settings):
    settings.DEBUG = True
    seed()
    client.force_login(get_user_model().objects.get(username="demo-staff"))
    response = client.get(
        "/admin/postings/posting/", {"start_from": "01/01/2003", "start_to": "12/08/2012"}
    )
    assert len(response.context["cl"].result_list) == 17
