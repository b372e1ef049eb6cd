"""The demo tells what followed its rotations (issue 14, item 8): reviews and placements with
some missing, and a succession pool thin for some titles and crowded for others."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from cadres.models import Unit
from postings.models import Placement, Posting
from postings.reports.pool import CROWDED, ENOUGH, SHORT, pool

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2012, 8, 12)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's staff account, the demo loaded once for the module and rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], DEBUG=True
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield get_user_model().objects.get(username="demo-staff")
        transaction.set_rollback(True)


def test_demo_pool_as_of_12_08_2012_is_thin_and_crowded(demo):
    district = Unit.objects.get(name="Huyện Lộc Bình")
    rows = {(row.unit, row.title): row for row in pool(demo, district, AS_OF).rows}
    expected = {
        ("Đảng ủy xã Tú Đoạn", "Bí thư Đảng ủy xã"): (1, SHORT),
        ("UBND xã Mẫu Sơn", "Chủ tịch UBND xã"): (3, ENOUGH),
        ("Đảng ủy xã Lợi Bác", "Bí thư Đảng ủy xã"): (5, CROWDED),
        ("UBND huyện Lộc Bình", "Phó Chủ tịch UBND huyện"): (2, CROWDED),
        ("Đảng ủy xã Khuất Xá", "Bí thư Đảng ủy xã"): (2, CROWDED),
        ("UBND xã Khuất Xá", "Chủ tịch UBND xã"): (3, CROWDED),
        ("Đảng ủy xã Tam Gia", "Phó Bí thư Đảng ủy xã"): (2, CROWDED),
        ("HĐND xã Xuân Lễ", "Chủ tịch HĐND xã"): (1, SHORT),
    }
    for key, (planned, verdict) in expected.items():
        assert (len(rows[key].planned), rows[key].verdict) == (planned, verdict), key
    # Two of Mẫu Sơn's three planned were rotated before (2005 and 2008).
    assert rows["UBND xã Mẫu Sơn", "Chủ tịch UBND xã"].rotated == 2
    assert rows["UBND huyện Lộc Bình", "Phó Chủ tịch UBND huyện"].overloaded == ["Hà Văn Nghĩa"]
    # A rotation under way into a key title makes its cadre a holder.
    assert "Vy Văn Cường" in rows["Đảng ủy xã Lợi Bác", "Bí thư Đảng ủy xã"].holders


def test_demo_reviews_and_placements_leave_some_missing(demo):
    missing = Posting.objects.missing_review(AS_OF).values_list("cadre__full_name", flat=True)
    assert {"Hoàng Thị Mai", "Lăng Văn Sơn"} <= set(missing)  # Sơn's self-review came in 2013
    assert "Hoàng Văn Thắng" not in set(missing)
    assert Placement.objects.filter(comparison="kept").exists()
    assert Placement.objects.filter(comparison="higher").exists()
