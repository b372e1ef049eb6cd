"""The demo's 2010–2015 Lộc Bình rotation plan and its decisions that move several cadres."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from cadres.models import Unit
from postings.models import Decision, PlanItem, Posting
from tests.demo.test_seed_demo import FAST_HASHERS

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2012, 8, 12)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--force", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_demo_rotation_with_a_decision_number_is_linked_to_its_record():
    decided = Posting.objects.exclude(decision_number="").exclude(decision_date=None)
    assert not decided.filter(decision=None).exists()
    for posting in decided.select_related("decision"):
        assert posting.decision_number == posting.decision.number
        assert posting.decision_date == posting.decision.date


def test_demo_decisions_move_two_and_three_cadres_at_once():
    sizes = sorted(
        n for n in Decision.objects.with_counts().values_list("rotation_count", flat=True) if n > 1
    )
    assert sizes == [2, 3]


def test_demo_plan_has_items_done_and_not_done_as_of_12_08_2012():
    states = sorted(PlanItem.objects.with_progress(AS_OF).values_list("item_state", flat=True))
    # Done: Hà Văn Phúc 2010, Nguyễn Thị Thuỳ 2011, Mã Văn Khánh 01/08/2012; dropped: Vi Thị
    # Hương; not yet decided: Chu Văn Minh (decided 2015), Triệu Văn Tài, the count of two.
    assert states == ["done", "done", "done", "dropped", "planned", "planned", "planned"]
    later = PlanItem.objects.with_progress(datetime.date(2016, 1, 1)).values_list(
        "item_state", flat=True
    )
    assert sorted(later).count("done") == 4


def test_demo_summary_shows_the_plan_and_keeps_17_rotations(admin_client):
    district = Unit.objects.get(name="Huyện Lộc Bình")
    html = admin_client.get(f"/reports/?scope={district.pk}&as_of=2012-08-12").content.decode()
    assert re.search(r'data-metric="postings_total">17<', html)
    total = html.split('data-table="ke-hoach-theo-nam"', 1)[1].split("</table>", 1)[0]
    total = total.split('data-key="total"', 1)[1]
    # 3 done of 7 items planned: 42.9 %.
    assert 'data-col="done">3<' in total and 'data-value="42.9"' in total
