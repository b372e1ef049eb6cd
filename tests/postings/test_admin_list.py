"""The rotation list: a status chip from `Posting.state`, a warnings chip only for exceptions,
and a refused save's rule warnings shown with the reason box."""

import re

import pytest
from django.utils import timezone

from postings.models import Posting
from tests.factories import make_posting, make_unit
from tests.html import form_data
from tests.postings.test_state import kinds  # noqa: F401 (a fixture: one rotation of each kind)

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def rows_by_pk(html):
    """{pk: the row's HTML} of the list's results."""
    rows = {}
    for row in ROW.findall(html):
        found = re.search(r'name="_selected_action" value="(\d+)"', row)
        if found:
            rows[int(found[1])] = row
    return rows


def test_rotation_list_shows_each_rotation_state_as_a_chip(staff_client, kinds):  # noqa: F811
    rows = rows_by_pk(staff_client.get("/admin/postings/posting/").content.decode())
    today = timezone.localdate()
    chips = {
        kind: re.search(r'class="chip chip--(\w+)"', rows[posting.pk])[1]
        for kind, (posting, _state) in kinds.items()
    }
    assert chips == {kind: posting.state(today).value for kind, (posting, _s) in kinds.items()}
    assert {state.value for _p, state in kinds.values()} == {s.value for s in Posting.State}


def test_rotation_list_marks_only_exceptions_with_a_warning_count(staff_client, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    compliant, explained, unexplained = (
        make_posting(from_unit=board, to_unit=commune) for _ in range(3)
    )
    # As stored by the write path (or an import of old records, for the one without reason).
    Posting.objects.filter(pk=explained.pk).update(
        warnings=["higher_post", "not_in_plan"],
        exception_reason="Ban Thường vụ đồng ý tại Thông báo 45-TB/HU",
    )
    Posting.objects.filter(pk=unexplained.pk).update(warnings=["higher_post"])
    rows = rows_by_pk(staff_client.get("/admin/postings/posting/").content.decode())

    # A compliant rotation has an empty warnings cell: no ✗, no dash.
    cell = re.search(r'<td class="field-warnings_chip">(.*?)</td>', rows[compliant.pk], re.S)
    assert cell[1] == ""
    assert "icon-no" not in rows[compliant.pk] and "icon-yes" not in rows[compliant.pk]
    # The sign and the count show; a screen reader hears the count in words.
    assert re.search(
        r'chip--warning chip--explained" role="img" aria-label="2 [^"]+"[^>]*>⚠ 2<',
        rows[explained.pk],
    )
    assert re.search(r'chip--warning chip--unexplained"[^>]*>⚠ 1<', rows[unexplained.pk])


def test_rotation_list_shows_from_and_to_in_one_column(staff_client, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=commune)
    row = rows_by_pk(staff_client.get("/admin/postings/posting/").content.decode())[posting.pk]
    cell = re.search(r'<td class="field-from_to">(.*?)</td>', row, re.S)[1]
    assert cell.index("Ban Tổ chức Huyện uỷ") < cell.index("→") < cell.index("Xã Tú Đoạn")


def test_refused_rotation_lists_its_rule_warnings_with_the_reason_box(staff_client, home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=commune)
    url = f"/admin/postings/posting/{posting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode())
    data["post_relation"] = "higher"  # a rule broken, and no reason given
    response = staff_client.post(url, data)
    assert response.status_code == 200  # refused: the form again
    html = response.content.decode()
    rules_row = html[html.index('class="form-row field-warning_list"') :]
    rules_row = rules_row[: rules_row.index("field-exception_reason")]
    assert "rule-warnings rule-warnings--unexplained" in rules_row
    assert "chức vụ cao hơn" in rules_row
    # The copy at the top of the form holds nothing else, so the page hides it.
    assert '<span class="rule-warnings-below" hidden></span>' in html
