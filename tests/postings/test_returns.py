"""Recording several rotations' returns in one step: through the write path, all or nothing,
with the rules and their reasons per row, within the user's scope."""

import datetime

import pytest

from postings.models import Posting
from tests.factories import make_cadre, make_posting, make_unit

pytestmark = pytest.mark.django_db

LIST = "/admin/postings/posting/"
PAGE = "/admin/postings/posting/returns/"
D = datetime.date


@pytest.fixture
def two(home_district):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    return [
        make_posting(
            cadre=make_cadre(name), from_unit=board, to_unit=make_unit(parent=home_district)
        )
        for name in ("Lương Văn Một", "Hoàng Thị Hai")
    ]


def page_of(postings):
    return f"{PAGE}?ids={','.join(str(p.pk) for p in postings)}"


def row(posting, actual_end="", outcome="", reason=None, version=None):
    data = {
        f"posting-{posting.pk}-actual_end": actual_end,
        f"posting-{posting.pk}-outcome": outcome,
        f"posting-{posting.pk}-loaded_version": version or posting.version,
    }
    if reason is not None:
        data[f"posting-{posting.pk}-exception_reason"] = reason
    return data


def test_the_action_opens_the_page_with_the_selected_rotations(staff_client, two):
    response = staff_client.post(
        LIST, {"action": "record_returns", "_selected_action": [p.pk for p in two], "index": 0}
    )
    assert response.status_code == 302
    page = staff_client.get(response.url)
    assert [form.instance for form in page.context["rows"]] == two  # by start, then pk
    html = page.content.decode()
    assert f'name="posting-{two[0].pk}-actual_end"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and "data-date-input" in html


def test_two_rows_are_saved_in_one_step(staff_client, two):
    data = {**row(two[0], "01/03/2013", "returned"), **row(two[1], "15032013", "promoted")}
    response = staff_client.post(page_of(two), data)
    assert response.status_code == 302 and response.url == LIST
    first, second = (Posting.objects.get(pk=p.pk) for p in two)
    assert (first.actual_end, first.outcome) == (D(2013, 3, 1), "returned")
    assert (second.actual_end, second.outcome) == (D(2013, 3, 15), "promoted")
    assert first.version == two[0].version + 1
    assert first.history.count() == 2  # a version in the audit history, as a form save makes


def test_one_bad_row_saves_none(staff_client, two):
    # The second row ends before it started: refused, so the first is not saved either.
    data = {**row(two[0], "01/03/2013", "returned"), **row(two[1], "01/01/2009", "returned")}
    response = staff_client.post(page_of(two), data)
    assert response.status_code == 200
    forms = response.context["rows"]
    assert not forms[0].errors and "actual_end" in forms[1].errors
    assert "data-refused" in response.content.decode()
    for posting in two:
        assert Posting.objects.get(pk=posting.pk).actual_end is None


def test_an_impossible_date_is_named_in_its_row(staff_client, two):
    data = {**row(two[0], "31/02/2013", "returned"), **row(two[1], "01/03/2013", "returned")}
    response = staff_client.post(page_of(two), data)
    assert "31/02/2013" in str(response.context["rows"][0].errors["actual_end"])
    assert Posting.objects.filter(actual_end__isnull=False).count() == 0


def test_a_rule_breaking_row_needs_its_reason(staff_client, two):
    # Back after ten months: shorter than the rule's minimum, an exception.
    early = {**row(two[0], "01/01/2011", "ended_early"), **row(two[1], "01/03/2013", "returned")}
    response = staff_client.post(page_of(two), early)
    assert response.status_code == 200
    refused = response.context["rows"][0]
    assert "exception_reason" in refused.errors and refused.asks_for_reason()
    assert f'name="posting-{two[0].pk}-exception_reason"' in response.content.decode()
    assert not Posting.objects.filter(actual_end__isnull=False).exists()

    with_reason = {**early, f"posting-{two[0].pk}-exception_reason": "QĐ 15-QĐ/TU cho phép"}
    response = staff_client.post(page_of(two), with_reason)
    assert response.status_code == 302
    saved = Posting.objects.get(pk=two[0].pk)
    assert saved.warnings == [Posting.Warning.SHORT_DURATION]
    assert saved.exception_reason == "QĐ 15-QĐ/TU cho phép"
    assert Posting.objects.get(pk=two[1].pk).outcome == "returned"


def test_an_outcome_is_required_in_each_row(staff_client, two):
    data = {**row(two[0], "01/03/2013", ""), **row(two[1], "01/03/2013", "returned")}
    response = staff_client.post(page_of(two), data)
    assert "outcome" in response.context["rows"][0].errors
    assert not Posting.objects.filter(actual_end__isnull=False).exists()


def test_a_row_changed_meanwhile_is_not_overwritten(staff_client, two):
    opened = two[0].version
    changed = Posting.objects.get(pk=two[0].pk)
    changed.note = "sửa bởi người khác"
    changed.save()
    data = {
        **row(two[0], "01/03/2013", "returned", version=opened),
        **row(two[1], "01/03/2013", "returned"),
    }
    response = staff_client.post(page_of(two), data)
    assert response.status_code == 200
    assert response.context["rows"][0].non_field_errors()
    assert not Posting.objects.filter(actual_end__isnull=False).exists()


def test_an_outsider_cannot_include_another_districts_rotation(
    outsider_client, two, other_district
):
    own = make_posting(
        from_unit=make_unit("Ban Tổ chức Đình Lập", kind="party", parent=other_district),
        to_unit=make_unit(parent=other_district),
    )
    assert outsider_client.get(page_of([own, two[0]])).status_code == 404
    data = {**row(own, "01/03/2013", "returned"), **row(two[0], "01/03/2013", "returned")}
    assert outsider_client.post(page_of([own, two[0]]), data).status_code == 404
    assert not Posting.objects.filter(actual_end__isnull=False).exists()
    # Through the list's action, the other district's rotation is not even selected.
    response = outsider_client.post(
        LIST, {"action": "record_returns", "_selected_action": [own.pk, two[0].pk], "index": 0}
    )
    assert outsider_client.get(response.url).context["rows"][0].instance == own
    assert len(outsider_client.get(response.url).context["rows"]) == 1


def test_leaders_have_no_such_action_nor_page(leader_client, two):
    actions = leader_client.get(LIST).context["action_form"].fields["action"].choices
    assert "record_returns" not in dict(actions)
    assert leader_client.get(page_of(two)).status_code == 403


@pytest.mark.parametrize("ids", ["", "abc", "1,,2", "9" * 30, "²"])
def test_malformed_ids_are_not_found(staff_client, ids):
    assert staff_client.get(PAGE, {"ids": ids}).status_code == 404
